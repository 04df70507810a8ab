import type { Entity } from '@backstage/catalog-model';
import type {
  ClusterStatus,
  EntityMeshResponse,
  Finding,
  LinkOut,
  ServiceSummary,
  Workload,
} from '@mesh-portal/plugin-mesh-common';
import { matchEntityWorkloads, type EntityIndex } from '../entities';
import type { MeshView } from '../snapshot';
import type { LinkTemplate } from '../config/telemetryConfig';
import { renderLinks } from '../links';
import { scopeFindings, scopeServices, type CallerAccess } from './access';
import { serviceKey, serviceLookupsOf } from './serviceLookups';

/** What {@link buildEntityMesh} reads. */
export interface EntityViewInput {
  entity: Entity;
  ref: string;
  access: CallerAccess;
  view: MeshView;
  statuses: ClusterStatus[];
  entities: EntityIndex;
  linkTemplates: LinkTemplate[];
}

/** A finding telling the owners that another entity claims the workload too. */
function contestedFinding(
  workload: Workload,
  claimants: string[],
  ref: string,
): Finding {
  const others = claimants.filter(claimant => claimant !== ref);
  return {
    code: 'MESH-ENTITY-CONTESTED-WORKLOAD',
    severity: 'warning',
    cluster: workload.cluster,
    message: `Workload ${workload.namespace}/${
      workload.name
    } is also claimed by ${others.join(
      ', ',
    )}; it is shown only to people who may read every claiming entity, and the audit lists it under ${
      claimants[0]
    }.`,
    fix: "Narrow the entities' backstage.io/kubernetes-id or backstage.io/kubernetes-label-selector annotations so that each workload belongs to one entity.",
    objects: [
      {
        cluster: workload.cluster,
        kind: workload.kind,
        namespace: workload.namespace,
        name: workload.name,
      },
    ],
    workloads: [workload.id],
  };
}

/**
 * The mesh view of one entity the caller may read: its workloads (those the
 * caller may see), the Services selecting them, the findings touching either
 * and link-outs, every list scoped to the caller.
 */
export function buildEntityMesh(input: EntityViewInput): EntityMeshResponse {
  const { entity, ref, access, view, statuses, entities } = input;
  const selector = entities.selectorOf(entity);
  if (!selector) {
    return {
      entityRef: ref,
      clusters: statuses,
      workloads: [],
      services: [],
      findings: [],
    };
  }
  const workloads = matchEntityWorkloads(selector, view.index)
    .filter(workload => access.canSeeWorkload(workload.id))
    .sort((a, b) => a.id.localeCompare(b.id));

  const services = new Map<string, ServiceSummary>();
  const findings = new Set<Finding>();
  const contested: Finding[] = [];
  for (const workload of workloads) {
    for (const s of view.index.servicesByWorkload.get(workload.id) ?? []) {
      services.set(s.id, s);
    }
    for (const f of view.index.findingsByWorkload.get(workload.id) ?? []) {
      findings.add(f);
    }
    const claimants = entities.claimantsOf(workload.id).map(c => c.ref);
    if (claimants.some(claimant => claimant !== ref)) {
      contested.push(
        contestedFinding(
          workload,
          claimants.includes(ref) ? claimants : [...claimants, ref],
          ref,
        ),
      );
    }
  }
  // The findings naming one of these Services, in the model's order, from
  // lookups made once per model (not a pass over every finding).
  const lookups = serviceLookupsOf(view.index);
  const serviceFindings = new Set<Finding>();
  for (const service of services.values()) {
    for (const finding of lookups.findingsByService.get(serviceKey(service)) ??
      []) {
      serviceFindings.add(finding);
    }
  }
  const order = (f: Finding) => lookups.findingOrder.get(f) ?? 0;
  for (const finding of [...serviceFindings].sort(
    (a, b) => order(a) - order(b),
  )) {
    findings.add(finding);
  }
  const result = [
    ...scopeFindings(findings, access, lookups.servicesByKey),
    ...contested,
  ];
  if (selector.error) {
    result.unshift({
      code: 'MESH-ENTITY-BAD-SELECTOR',
      severity: 'error',
      message: `The entity's annotations cannot be used: ${selector.error}`,
      fix: 'Correct the annotation so that it is a valid Kubernetes label selector with at least one key=value or key in (...) term.',
      objects: [],
    });
  }
  const clusterNames = selector.clusters
    ? new Set(selector.clusters)
    : undefined;
  return {
    entityRef: ref,
    clusters: clusterNames
      ? statuses.filter(status => clusterNames.has(status.name))
      : statuses,
    workloads,
    services: scopeServices(
      [...services.values()].sort((a, b) => a.id.localeCompare(b.id)),
      access,
    ),
    findings: result,
    links: linksOf(input, workloads),
  };
}

function linksOf(
  input: EntityViewInput,
  workloads: Workload[],
): Record<string, LinkOut[]> | undefined {
  const { linkTemplates, view, ref } = input;
  if (linkTemplates.length === 0) return undefined;
  const istioIds = new Map(
    view.index.model.clusters.map(c => [c.cluster, c.istioClusterId]),
  );
  const links: Record<string, LinkOut[]> = {};
  for (const workload of workloads) {
    links[workload.id] = renderLinks(linkTemplates, {
      cluster: workload.cluster,
      istioClusterId: istioIds.get(workload.cluster),
      namespace: workload.namespace,
      workload: workload.name,
      kind: workload.kind,
      service: view.index.servicesByWorkload.get(workload.id)?.[0]?.name,
      entity: ref,
    });
  }
  return links;
}
