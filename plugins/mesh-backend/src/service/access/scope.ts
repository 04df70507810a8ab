import type {
  AuditRow,
  CoverageHistoryResponse,
  Finding,
  GraphNode,
  GraphResponse,
  InboundMtlsResponse,
  ObjectRef,
  ServiceSummary,
} from '@mesh-portal/plugin-mesh-common';
import {
  MESH_REQUEST_LIMITS,
  parseWorkloadId,
} from '@mesh-portal/plugin-mesh-common';
import type { CallerAccess } from './CallerAccess';

/*
 * One function per kind of response that can name a workload, namespace,
 * owner or entity. Each removes what the caller may not see (as decided by
 * CallerAccess) from every field, so a route cannot forget a field.
 */

const WORKLOAD_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'Pod',
]);

/** Services by `<cluster>/<namespace>/<name>`, built once per response. */
export type ServicesByKey = ReadonlyMap<string, ServiceSummary>;

function objectVisible(
  object: ObjectRef,
  access: CallerAccess,
  services: ServicesByKey,
): boolean {
  if (WORKLOAD_KINDS.has(object.kind)) {
    return (
      access.canSeeWorkload(
        `${object.cluster}/${object.namespace}/${object.kind}/${object.name}`,
      ) && access.canSeeNamespace(object.cluster, object.namespace ?? '')
    );
  }
  if (object.kind === 'Service') {
    const service = services.get(
      `${object.cluster}/${object.namespace}/${object.name}`,
    );
    if (service && service.workloads.length > 0) {
      return service.workloads.some(id => access.canSeeWorkload(id));
    }
  }
  // Policies and Services without workloads: visible with their namespace.
  return (
    object.namespace === undefined ||
    access.canSeeNamespace(object.cluster, object.namespace)
  );
}

/**
 * A finding as the caller may see it, or undefined. A finding about hidden
 * workloads only (or naming only hidden objects) goes; one that also concerns
 * visible workloads stays, listing only those and the visible objects (its
 * message names namespaces and policies, never another team's workload).
 * @internal
 */
export function scopeFinding(
  finding: Finding,
  access: CallerAccess,
  services: ServicesByKey,
): Finding | undefined {
  const workloads = finding.workloads?.filter(id => access.canSeeWorkload(id));
  if (finding.workloads?.length && !workloads?.length) return undefined;
  const objects = finding.objects.filter(o =>
    objectVisible(o, access, services),
  );
  if (finding.objects.length > 0 && objects.length === 0) return undefined;
  if (
    workloads?.length === finding.workloads?.length &&
    objects.length === finding.objects.length
  ) {
    return finding;
  }
  return {
    ...finding,
    objects,
    ...(finding.workloads ? { workloads } : {}),
  };
}

/** {@link scopeFinding} over a list. @internal */
export function scopeFindings(
  findings: Iterable<Finding>,
  access: CallerAccess,
  services: ServicesByKey,
): Finding[] {
  const result: Finding[] = [];
  for (const finding of findings) {
    const scoped = scopeFinding(finding, access, services);
    if (scoped) result.push(scoped);
  }
  return result;
}

/**
 * Services as the caller may see them: each lists only visible workloads; a
 * Service whose every workload is hidden goes.
 * @internal
 */
export function scopeServices(
  services: ServiceSummary[],
  access: CallerAccess,
): ServiceSummary[] {
  return services.flatMap(service => {
    const workloads = service.workloads.filter(id => access.canSeeWorkload(id));
    if (service.workloads.length > 0 && workloads.length === 0) return [];
    if (!access.canSeeNamespace(service.cluster, service.namespace)) return [];
    return workloads.length === service.workloads.length
      ? [service]
      : [{ ...service, workloads }];
  });
}

/** Whether an audit row may be shown: its workload is visible. @internal */
export function auditRowVisible(row: AuditRow, access: CallerAccess): boolean {
  return access.canSeeWorkload(row.workloadId);
}

function nodeVisible(node: GraphNode, access: CallerAccess): boolean {
  if (node.entityRef && !access.canSeeEntity(node.entityRef)) return false;
  if (node.owner && !node.entityRef && !access.canSeeOwner(node.owner)) {
    return false;
  }
  if (node.type === 'workload' && !access.canSeeWorkload(node.id)) {
    return false;
  }
  if (node.namespace !== undefined && node.type !== 'entity') {
    return access.canSeeNamespace(node.cluster, node.namespace);
  }
  return true;
}

/**
 * A traffic graph as the caller may see it: nodes of hidden entities,
 * workloads or namespaces go with their edges and declared relations.
 * (The telemetry service already filters by entity; this pass applies the
 * workload and namespace rules too, and holds whatever it misses.)
 * @internal
 */
export function scopeGraph(
  graph: GraphResponse,
  access: CallerAccess,
): GraphResponse {
  const nodes = graph.nodes.filter(node => nodeVisible(node, access));
  if (nodes.length === graph.nodes.length) return graph;
  const ids = new Set(nodes.map(node => node.id));
  const keep = (pair: { source: string; target: string }) =>
    ids.has(pair.source) && ids.has(pair.target);
  const scoped: GraphResponse = {
    ...graph,
    nodes,
    edges: graph.edges.filter(keep),
  };
  if (graph.dependencies) {
    scoped.dependencies = {
      undeclared: graph.dependencies.undeclared.filter(keep),
      unobserved: graph.dependencies.unobserved.filter(keep),
      confirmed: graph.dependencies.confirmed.filter(keep),
    };
  }
  return scoped;
}

/**
 * Whether the caller may see one end of an edge (a workload id): the same
 * rule that keeps a workload node in a graph, so an edge's detail exists for
 * exactly the edges the caller's graphs draw.
 * @internal
 */
export function edgeEndVisible(id: string, access: CallerAccess): boolean {
  const parts = parseWorkloadId(id);
  if (!parts) return false;
  return (
    access.canSeeWorkload(id) &&
    access.canSeeNamespace(parts.cluster, parts.namespace)
  );
}

const HIDDEN_SOURCE: GraphNode = {
  id: 'hidden',
  type: 'unknown',
  name: 'hidden workload',
};

/**
 * Observed inbound mTLS as the caller may see it: plaintext sources the
 * caller may not see still count, summed into one anonymous entry.
 * @internal
 */
export function scopeInboundMtls(
  response: InboundMtlsResponse,
  access: CallerAccess,
): InboundMtlsResponse {
  const named: InboundMtlsResponse['plaintextSources'] = [];
  let hidden: InboundMtlsResponse['plaintextSources'][number] | undefined;
  const addHidden = (rps?: number, bps?: number) => {
    hidden ??= { source: HIDDEN_SOURCE, hidden: true };
    if (rps !== undefined) {
      hidden.requestsPerSecond = (hidden.requestsPerSecond ?? 0) + rps;
    }
    if (bps !== undefined) {
      hidden.bytesPerSecond = (hidden.bytesPerSecond ?? 0) + bps;
    }
  };
  for (const entry of response.plaintextSources) {
    if (entry.hidden) {
      addHidden(entry.requestsPerSecond, entry.bytesPerSecond);
    } else if (nodeVisible(entry.source, access)) {
      named.push(entry);
    } else {
      addHidden(entry.requestsPerSecond, entry.bytesPerSecond);
    }
  }
  return {
    ...response,
    plaintextSources: hidden ? [...named, hidden] : named,
  };
}

const OWNER_PREFIX = 'owner:';
const NAMESPACE_PREFIX = 'namespace:';

/**
 * Coverage history as the caller may see it: series keyed by an owner of no
 * visible entity, or by a namespace holding only hidden workloads, go; at
 * most {@link MESH_REQUEST_LIMITS}.historyKeysMax series are returned.
 * @internal
 */
export function scopeHistory(
  response: CoverageHistoryResponse,
  access: CallerAccess,
): CoverageHistoryResponse & { truncated?: boolean } {
  const series: CoverageHistoryResponse['series'] = {};
  let kept = 0;
  let truncated = false;
  for (const key of Object.keys(response.series).sort()) {
    if (
      key.startsWith(OWNER_PREFIX) &&
      !access.canSeeOwner(key.slice(OWNER_PREFIX.length))
    ) {
      continue;
    }
    if (
      key.startsWith(NAMESPACE_PREFIX) &&
      !access.canSeeNamespace(undefined, key.slice(NAMESPACE_PREFIX.length))
    ) {
      continue;
    }
    if (kept >= MESH_REQUEST_LIMITS.historyKeysMax) {
      truncated = true;
      break;
    }
    series[key] = response.series[key];
    kept++;
  }
  return truncated
    ? { ...response, series, truncated }
    : { ...response, series };
}
