import type {
  NamespaceReadinessView,
  ReadinessCaller,
  ReadinessState,
  Workload,
  WorkloadReadinessView,
} from '@mesh-portal/plugin-mesh-common';
import type { ClusterObjects } from '../engine';
import { peerAuthenticationsOf } from '../engine/peerAuthenticationsOf';
import type { WorkloadIndex } from '../snapshot';
import type { WorkloadDirectory } from '../telemetry/types';
import type { InboundObservation } from '../telemetry/readiness/inbound';
import type {
  PlaintextCaller,
  WorkloadReadiness,
} from '../telemetry/readiness/verdict';
import { readinessOf } from '../telemetry/readiness/verdict';
import type { PolicyContext } from '../telemetry/readiness/proposal';
import {
  proposeNamespaceStrict,
  proposeWorkloadStrict,
} from '../telemetry/readiness/proposal';
import type { CallerAccess } from './access';

/** What {@link buildReadiness} reads. */
export interface ReadinessInputs {
  index: WorkloadIndex;
  /** The objects a cluster's model was computed from (for its PeerAuthentications). */
  objectsOf(cluster: string): ClusterObjects | undefined;
  directory: Pick<WorkloadDirectory, 'findWorkload' | 'clientTlsToward'>;
  ownerOf(workloadId: string): { ref: string; owner?: string } | undefined;
  observations: InboundObservation[];
}

/**
 * Container ports declared for metrics: scrape ports a scraper may call in
 * plaintext (Istio metrics carry no port, so the destination's declared port
 * is what names it).
 */
const METRICS_PORT_NAME = /^(metrics|prometheus|http-metrics|.+-metrics)$/;

/**
 * Declared scrape ports of a workload: container ports named for metrics,
 * and the `prometheus.io/port` its pods are scraped on through the proxy
 * (metrics merging off; with merging on, Prometheus scrapes the agent on
 * 15020, outside mTLS, and that port needs no exception).
 */
export function scrapePortsOf(workload: Workload | undefined): number[] {
  const named = (workload?.mtls.ports ?? [])
    .filter(p => p.name !== undefined && METRICS_PORT_NAME.test(p.name))
    .map(p => p.port);
  return [...new Set([...named, ...(workload?.metricsScrape?.ports ?? [])])];
}

const nsKey = (cluster: string, namespace: string) => `${cluster}/${namespace}`;
const nameKey = (cluster: string, namespace: string, name: string) =>
  `${cluster}/${namespace}/${name}`;

function stateOf(
  workload: Workload,
  verdict: WorkloadReadiness | undefined,
): ReadinessState {
  if (workload.coverage === 'strict') return 'strict';
  const membership = workload.membership.state;
  if (membership === 'none' || membership === 'unknown') return 'not-meshed';
  return verdict?.verdict ?? 'unknown';
}

function visibleCaller(caller: PlaintextCaller, access: CallerAccess) {
  // A named caller the directory could not resolve (cluster not read yet,
  // unmapped Istio cluster id) may belong to anyone: never named, as in the
  // traffic graph.
  if (caller.source && !caller.workloadId) return false;
  if (caller.workloadId && !access.canSeeWorkload(caller.workloadId)) {
    return false;
  }
  if (caller.entityRef && !access.canSeeEntity(caller.entityRef)) return false;
  const source = caller.source;
  return !source || access.canSeeNamespace(source.cluster, source.namespace);
}

/**
 * Callers as the reader may see them: those naming a workload, entity or
 * namespace the reader may not see still count, summed into one anonymous
 * entry (as observed inbound mTLS does).
 */
function scopeCallers(
  callers: PlaintextCaller[],
  access: CallerAccess,
): ReadinessCaller[] {
  const out: ReadinessCaller[] = [];
  let hidden: ReadinessCaller | undefined;
  for (const caller of callers) {
    if (!visibleCaller(caller, access)) {
      hidden ??= {
        reason: 'hidden',
        action:
          'Callers you may not see send plaintext here: ask the owners of this namespace for the list.',
        plaintextRequests: 0,
        plaintextConnections: 0,
      };
      hidden.plaintextRequests += caller.plaintextRequests;
      hidden.plaintextConnections += caller.plaintextConnections;
      if (
        caller.lastSeen &&
        (!hidden.lastSeen || caller.lastSeen > hidden.lastSeen)
      ) {
        hidden.lastSeen = caller.lastSeen;
      }
      continue;
    }
    const view: ReadinessCaller = {
      reason: caller.reason,
      action: caller.action,
      plaintextRequests: caller.plaintextRequests,
      plaintextConnections: caller.plaintextConnections,
    };
    if (caller.source) {
      view.cluster = caller.source.cluster;
      view.namespace = caller.source.namespace;
      view.workload = caller.source.workload;
    }
    if (caller.workloadId) view.workloadId = caller.workloadId;
    if (caller.entityRef) view.entityRef = caller.entityRef;
    if (caller.owner) view.owner = caller.owner;
    if (caller.lastSeen) view.lastSeen = caller.lastSeen;
    out.push(view);
  }
  return hidden ? [...out, hidden] : out;
}

/** The PeerAuthentications deciding each cluster, parsed once per request. */
function policyContexts(inputs: ReadinessInputs) {
  const contexts = new Map<string, PolicyContext>();
  return (cluster: string): PolicyContext => {
    let context = contexts.get(cluster);
    if (!context) {
      // A remote's policies live in its config cluster (C4).
      const policyCluster = inputs.objectsOf(cluster)?.configCluster ?? cluster;
      const info = inputs.index.model.clusters.find(
        c => c.cluster === policyCluster,
      );
      context = {
        cluster: policyCluster,
        rootNamespace: info?.rootNamespace ?? 'istio-system',
        policies: peerAuthenticationsOf(
          policyCluster,
          inputs.objectsOf(policyCluster)?.peerAuthentications,
        ),
      };
      contexts.set(cluster, context);
    }
    return context;
  };
}

/**
 * STRICT readiness of `targets` and of their namespaces, as `access` may see
 * it. Every workload of those namespaces is judged (a namespace is ready
 * only when all of them are ready or already STRICT), infrastructure
 * excepted. Proposals are made for ready workloads, and for ready
 * namespaces whose every workload the reader may see (a namespace proposal
 * names them all).
 */
export function buildReadiness(
  inputs: ReadinessInputs,
  targets: Workload[],
  access: CallerAccess,
): {
  workloads: WorkloadReadinessView[];
  namespaces: NamespaceReadinessView[];
} {
  const namespaces = new Set(targets.map(w => nsKey(w.cluster, w.namespace)));
  const byNamespace = new Map<string, Workload[]>();
  for (const w of inputs.index.model.workloads) {
    const key = nsKey(w.cluster, w.namespace);
    if (!namespaces.has(key) || w.membership.infrastructure) continue;
    const list = byNamespace.get(key);
    if (list) list.push(w);
    else byNamespace.set(key, [w]);
  }
  const judged = [...byNamespace.values()].flat();
  const verdicts = new Map<string, WorkloadReadiness>();
  const observations = inputs.observations.filter(o =>
    namespaces.has(nsKey(o.destination.cluster, o.destination.namespace)),
  );
  for (const verdict of readinessOf(
    observations,
    {
      directory: inputs.directory,
      scrapePortsOf: id => scrapePortsOf(inputs.index.byId.get(id)),
    },
    judged.map(w => ({
      cluster: w.cluster,
      namespace: w.namespace,
      workload: w.name,
    })),
  )) {
    const d = verdict.destination;
    const workload = inputs.index.byName.get(
      nameKey(d.cluster, d.namespace, d.workload),
    );
    if (workload) verdicts.set(workload.id, verdict);
  }
  const contextOf = policyContexts(inputs);

  const views = new Map<string, WorkloadReadinessView>();
  const viewOf = (workload: Workload): WorkloadReadinessView => {
    const cached = views.get(workload.id);
    if (cached) return cached;
    const verdict = verdicts.get(workload.id);
    const state = stateOf(workload, verdict);
    const view: WorkloadReadinessView = {
      workloadId: workload.id,
      cluster: workload.cluster,
      namespace: workload.namespace,
      name: workload.name,
      mode: workload.mtls.workload.mode,
      state,
      blockers: scopeCallers(verdict?.blockers ?? [], access),
      scrapers: scopeCallers(verdict?.scrapers ?? [], access),
      portExceptions: verdict?.portExceptions ?? [],
      observedRequests: verdict?.observedRequests ?? 0,
      observedConnections: verdict?.observedConnections ?? 0,
    };
    const owner = inputs.ownerOf(workload.id);
    if (owner) {
      view.entityRef = owner.ref;
      if (owner.owner) view.owner = owner.owner;
    }
    if (workload.mtls.workload.policy) {
      view.decidedBy = workload.mtls.workload.policy;
    }
    if (state === 'ready') {
      const proposal = proposeWorkloadStrict(
        { workload, portExceptions: view.portExceptions },
        contextOf(workload.cluster),
        byNamespace.get(nsKey(workload.cluster, workload.namespace)) ?? [],
      );
      // A change that also moves workloads the reader may not see is not
      // theirs to apply (and would name them).
      if (proposal?.alsoAffects.every(id => access.canSeeWorkload(id))) {
        view.proposal = proposal;
      }
    }
    views.set(workload.id, view);
    return view;
  };

  const namespaceViews: NamespaceReadinessView[] = [];
  for (const workloads of byNamespace.values()) {
    const [first] = workloads;
    if (!access.canSeeNamespace(first.cluster, first.namespace)) continue;
    const visible = workloads.filter(w => access.canSeeWorkload(w.id));
    const counts: Record<ReadinessState, number> = {
      strict: 0,
      ready: 0,
      blocked: 0,
      unknown: 0,
      'not-meshed': 0,
    };
    for (const w of visible) counts[stateOf(w, verdicts.get(w.id))]++;
    let state: NamespaceReadinessView['state'] = 'unknown';
    if (counts.strict === visible.length) state = 'strict';
    else if (counts.ready + counts.strict === visible.length) state = 'ready';
    else if (counts.blocked > 0) state = 'blocked';
    const view: NamespaceReadinessView = {
      cluster: first.cluster,
      namespace: first.namespace,
      state,
      counts,
    };
    if (state === 'ready' && visible.length === workloads.length) {
      const proposal = proposeNamespaceStrict(
        first.namespace,
        workloads.map(w => ({
          workload: w,
          portExceptions: verdicts.get(w.id)?.portExceptions ?? [],
        })),
        contextOf(first.cluster),
      );
      if (proposal) view.proposal = proposal;
    }
    namespaceViews.push(view);
  }
  return {
    workloads: targets.map(viewOf),
    namespaces: namespaceViews.sort((a, b) =>
      nsKey(a.cluster, a.namespace).localeCompare(
        nsKey(b.cluster, b.namespace),
      ),
    ),
  };
}
