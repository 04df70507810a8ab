import type { GraphNode } from '@mesh-portal/plugin-mesh-common';
import type { Latency, TrafficEdge, TrafficGraph } from './model';

/**
 * Id of the service-view node of an entity; with a cluster, of the entity's
 * part in that cluster (the explorer keeps the same service in two clusters
 * apart, so the edge between them stays visible).
 */
export function entityNodeId(entityRef: string, cluster?: string): string {
  return cluster ? `entity:${entityRef}@${cluster}` : `entity:${entityRef}`;
}

function weightedLatency(
  parts: Array<{ latency?: Latency; weight: number }>,
): Latency | undefined {
  const out: Latency = {};
  let any = false;
  for (const field of ['p50', 'p95', 'p99'] as const) {
    let sum = 0;
    let weight = 0;
    for (const part of parts) {
      const value = part.latency?.[field];
      if (value === undefined) continue;
      // An edge with no rate still counts a little, so a lone quantile survives.
      const w = part.weight > 0 ? part.weight : 1e-9;
      sum += value * w;
      weight += w;
    }
    if (weight > 0) {
      out[field] = sum / weight;
      any = true;
    }
  }
  return any ? out : undefined;
}

/**
 * The service view: every workload claimed by an entity collapses into one
 * `entity:<ref>` node; edges between the same two nodes and protocol are
 * summed (rates) and re-weighted (error and mTLS ratios exactly, through
 * their numerators; latency quantiles as a rate-weighted mean, an
 * approximation since quantiles do not add up). Unclaimed workloads,
 * unknown sources and external services stay as they are.
 *
 * With `perCluster`, an entity collapses into one node per cluster it runs
 * in (`entity:<ref>@<cluster>`), so traffic between its clusters remains an
 * edge instead of disappearing into a self-loop.
 */
export function collapseToEntities(
  graph: TrafficGraph,
  options: { perCluster?: boolean } = {},
): TrafficGraph {
  const mapping = new Map<string, string>();
  const nodes = new Map<string, GraphNode>();
  for (const node of graph.nodes.values()) {
    if (!node.entityRef) {
      mapping.set(node.id, node.id);
      nodes.set(node.id, node);
      continue;
    }
    const id = entityNodeId(
      node.entityRef,
      options.perCluster ? node.cluster : undefined,
    );
    mapping.set(node.id, id);
    const existing = nodes.get(id);
    if (!existing) {
      const entity = graph.entities.get(node.entityRef);
      nodes.set(id, {
        id,
        type: 'entity',
        name: entity?.title ?? node.title ?? node.entityRef,
        entityRef: node.entityRef,
        title: entity?.title ?? node.title,
        owner: node.owner,
        system: node.system,
        cluster: node.cluster,
        namespace: node.namespace,
        clusters: node.cluster ? [node.cluster] : [],
        membership: node.membership,
        nativeSidecar: node.nativeSidecar,
        idle: node.idle,
      });
    } else {
      // Native or classic, and idle, only when every workload agrees.
      if (existing.nativeSidecar !== node.nativeSidecar) {
        existing.nativeSidecar = undefined;
      }
      if (!node.idle) existing.idle = undefined;
      // One state when all its workloads agree, `partial` when they differ.
      if (existing.membership !== node.membership) {
        existing.membership =
          existing.membership && node.membership ? 'partial' : undefined;
      }
      if (node.cluster && !existing.clusters?.includes(node.cluster)) {
        existing.clusters = [...(existing.clusters ?? []), node.cluster].sort();
      }
      if (existing.cluster !== node.cluster) existing.cluster = undefined;
      if (existing.namespace !== node.namespace) existing.namespace = undefined;
    }
  }
  for (const node of nodes.values()) {
    if (node.type !== 'entity') continue;
    if (node.cluster === undefined) delete node.cluster;
    if (node.namespace === undefined) delete node.namespace;
    if (node.title === undefined) delete node.title;
    if (node.owner === undefined) delete node.owner;
    if (node.membership === undefined) delete node.membership;
    if (node.nativeSidecar === undefined) delete node.nativeSidecar;
    if (node.idle === undefined) delete node.idle;
    if (node.system === undefined) delete node.system;
  }

  const groups = new Map<string, TrafficEdge[]>();
  for (const edge of graph.edges) {
    const source = mapping.get(edge.source) ?? edge.source;
    const target = mapping.get(edge.target) ?? edge.target;
    const key = `${source}>${target}>${edge.protocol}`;
    const group = groups.get(key) ?? [];
    group.push({ ...edge, source, target });
    groups.set(key, group);
  }
  const edges: TrafficEdge[] = [];
  for (const group of groups.values()) {
    edges.push(mergeEdges(group));
  }
  return { nodes, edges, entities: graph.entities };
}

/** Numeric sums of an edge, merged by adding. */
const SUMMED = [
  'rate',
  'errorRate',
  'noResponseRate',
  'clientErrorRate',
  'serverErrorRate',
  'grpcErrorRate',
  'securityKnownRate',
  'securityFromConfigRate',
  'mtlsRate',
] as const;

/**
 * Merges edges between the same two nodes and protocol: rates and ratio
 * numerators add up, latency is a rate-weighted mean.
 */
export function mergeEdges(group: TrafficEdge[]): TrafficEdge {
  const first = group[0];
  const merged: TrafficEdge = {
    source: first.source,
    target: first.target,
    protocol: first.protocol,
    rate: 0,
    errorRate: 0,
    noResponseRate: 0,
    clientErrorRate: 0,
    serverErrorRate: 0,
    grpcErrorRate: 0,
    securityKnownRate: 0,
    securityFromConfigRate: 0,
    mtlsRate: 0,
    crossCluster: false,
  };
  for (const edge of group) {
    for (const field of SUMMED) merged[field] += edge[field];
    merged.crossCluster ||= edge.crossCluster;
    if (edge.latency && edge.latencyFromSource) merged.latencyFromSource = true;
  }
  const latency = weightedLatency(
    group.map(e => ({ latency: e.latency, weight: e.rate })),
  );
  if (latency) merged.latency = latency;
  return merged;
}
