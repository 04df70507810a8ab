import type { WorkloadDirectory } from '../types';
import type {
  Latency,
  LatencySample,
  TrafficEdge,
  TrafficGraph,
  TrafficSample,
} from './model';
import { ReporterRank } from './model';
import type { ReporterRankValue } from './model';
import { NodeResolver } from './nodeResolver';

const QUANTILE_FIELD = { '0.5': 'p50', '0.95': 'p95', '0.99': 'p99' } as const;

function endpointKey(ref: TrafficSample['destination']): string {
  if (ref.kind === 'workload')
    return `w|${ref.cluster}|${ref.namespace}|${ref.name}`;
  if (ref.kind === 'external') return `e|${ref.host}`;
  return 'u';
}

/** Key of the destination without its cluster, for the G6 fallback. */
function destinationWithoutCluster(ref: TrafficSample['destination']): string {
  if (ref.kind === 'workload') return `w|${ref.namespace}|${ref.name}`;
  return endpointKey(ref);
}

/**
 * Builds the workload graph from normalised samples:
 * - per edge (source, destination, protocol) only the best reporter present
 *   counts, so traffic reported by both proxies is counted once, from the
 *   destination (G8); source reports fill in where no destination report
 *   exists (destination not meshed, unknown, or its store is down);
 * - a source report whose destination cluster was assumed (G6) is dropped
 *   when a destination report exists for the same destination in any cluster;
 * - nodes are joined to entities through the workload directory.
 */
export function buildWorkloadGraph(
  traffic: TrafficSample[],
  latency: LatencySample[],
  directory: WorkloadDirectory,
): TrafficGraph {
  const bestRank = new Map<string, ReporterRankValue>();
  const destinationReported = new Set<string>();
  // Computed once per sample: both passes below need the key.
  const keys = traffic.map(
    s => `${endpointKey(s.source)}>${endpointKey(s.destination)}>${s.protocol}`,
  );
  traffic.forEach((sample, i) => {
    const key = keys[i];
    const rank = bestRank.get(key);
    if (rank === undefined || sample.rank < rank)
      bestRank.set(key, sample.rank);
    if (sample.rank <= ReporterRank.ZtunnelDestination) {
      destinationReported.add(
        `${endpointKey(sample.source)}>${destinationWithoutCluster(
          sample.destination,
        )}>${sample.protocol}`,
      );
    }
  });

  const resolver = new NodeResolver(directory);
  const edges = new Map<string, TrafficEdge>();
  for (let i = 0; i < traffic.length; i++) {
    const sample = traffic[i];
    if (sample.rank !== bestRank.get(keys[i])) continue;
    if (
      sample.destinationClusterAssumed &&
      sample.rank > ReporterRank.ZtunnelDestination &&
      destinationReported.has(
        `${endpointKey(sample.source)}>${destinationWithoutCluster(
          sample.destination,
        )}>${sample.protocol}`,
      )
    ) {
      continue;
    }
    const source = resolver.idOf(sample.source);
    const target = resolver.idOf(sample.destination);
    const id = `${source}>${target}>${sample.protocol}`;
    let edge = edges.get(id);
    if (!edge) {
      const sourceCluster = resolver.nodes.get(source)?.cluster;
      const targetCluster = resolver.nodes.get(target)?.cluster;
      edge = {
        source,
        target,
        protocol: sample.protocol,
        rate: 0,
        errorRate: 0,
        securityKnownRate: 0,
        mtlsRate: 0,
        crossCluster:
          !!sourceCluster && !!targetCluster && sourceCluster !== targetCluster,
      };
      edges.set(id, edge);
    }
    edge.rate += sample.value;
    if (sample.error) edge.errorRate += sample.value;
    // A source sidecar cannot tell (O1); but when the engine says the
    // destination has no proxy, nothing could have terminated mTLS there.
    const mtls =
      sample.mtls ??
      (sample.rank === ReporterRank.SourceSidecar &&
      resolver.nodes.get(target)?.membership === 'none'
        ? false
        : undefined);
    if (mtls !== undefined) {
      edge.securityKnownRate += sample.value;
      if (mtls) edge.mtlsRate += sample.value;
    }
  }

  // Latency applies to the HTTP and gRPC edges between the same two nodes.
  const latencyByPair = new Map<string, Latency>();
  for (const sample of latency) {
    const pair = `${resolver.idOf(sample.source)}>${resolver.idOf(
      sample.destination,
    )}`;
    const entry = latencyByPair.get(pair) ?? {};
    const field = QUANTILE_FIELD[sample.quantile];
    // Several series of one pair (e.g. two destination services): keep the slowest.
    entry[field] = Math.max(entry[field] ?? 0, sample.valueMs);
    latencyByPair.set(pair, entry);
  }
  for (const edge of edges.values()) {
    if (edge.protocol === 'tcp') continue;
    const found = latencyByPair.get(`${edge.source}>${edge.target}`);
    if (found) edge.latency = { ...found };
  }

  // Nodes created only by latency series (no traffic edge) are not part of the graph.
  const used = new Set<string>();
  for (const edge of edges.values()) {
    used.add(edge.source);
    used.add(edge.target);
  }
  for (const id of [...resolver.nodes.keys()]) {
    if (!used.has(id)) resolver.nodes.delete(id);
  }

  return {
    nodes: resolver.nodes,
    edges: [...edges.values()],
    entities: resolver.entities,
  };
}
