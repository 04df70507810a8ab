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
  if (ref.kind === 'unknown-destination')
    return `d|${ref.cluster ?? ''}|${ref.namespace ?? ''}`;
  return `u|${ref.cluster ?? ''}`;
}

/** Key of the destination without its cluster, for the G6 fallback. */
function destinationWithoutCluster(ref: TrafficSample['destination']): string {
  if (ref.kind === 'workload') return `w|${ref.namespace}|${ref.name}`;
  if (ref.kind === 'unknown-destination') return `d|${ref.namespace ?? ''}`;
  return endpointKey(ref);
}

function newEdge(
  source: string,
  target: string,
  protocol: TrafficEdge['protocol'],
  crossCluster: boolean,
): TrafficEdge {
  return {
    source,
    target,
    protocol,
    rate: 0,
    errorRate: 0,
    noResponseRate: 0,
    clientErrorRate: 0,
    serverErrorRate: 0,
    grpcErrorRate: 0,
    securityKnownRate: 0,
    securityFromConfigRate: 0,
    mtlsRate: 0,
    crossCluster,
  };
}

/** Adds one sample's requests to the edge's outcome counters (G10). */
function countOutcome(edge: TrafficEdge, sample: TrafficSample): void {
  switch (sample.outcome) {
    case 'noResponse':
      edge.noResponseRate += sample.value;
      break;
    case 'clientError':
      edge.clientErrorRate += sample.value;
      break;
    case 'serverError':
      edge.serverErrorRate += sample.value;
      break;
    case 'grpcError':
      edge.grpcErrorRate += sample.value;
      break;
    default:
      return;
  }
  edge.errorRate += sample.value;
}

/**
 * Security of a sample the proxies could not tell (a source sidecar, O1),
 * from the engine's configuration: nothing terminates mTLS at a destination
 * without proxy, and a client whose DestinationRule disables TLS (or uses
 * SIMPLE) toward the Service sends no mutual TLS (E10).
 */
function securityFromConfig(
  sample: TrafficSample,
  targetMembership: string | undefined,
  directory: WorkloadDirectory,
): boolean | undefined {
  if (sample.rank !== ReporterRank.SourceSidecar) return undefined;
  if (targetMembership === 'none') return false;
  if (
    sample.source.kind === 'workload' &&
    sample.destinationService &&
    directory.clientTlsToward?.(
      { cluster: sample.source.cluster, namespace: sample.source.namespace },
      sample.destinationService,
    ) === 'plaintext'
  ) {
    return false;
  }
  return undefined;
}

/**
 * Builds the workload graph from normalised samples:
 * - per series (source, destination, protocol, response code, gRPC status,
 *   flags) only the best reporter present counts, so a request reported by
 *   both proxies is counted once, from the destination (G8); series only
 *   the source reported (failures that never reached the server, a
 *   destination not meshed, unknown, or whose store is down) add to the edge;
 * - a source report whose destination cluster was assumed (G6) is dropped
 *   when the destination reported the same series in any cluster;
 * - security the proxies could not tell comes from the engine's
 *   configuration where it is certain (see {@link securityFromConfig});
 * - latency comes from the destination's histogram, else the source's;
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
    s =>
      `${endpointKey(s.source)}>${endpointKey(s.destination)}>${s.protocol}>${
        s.series
      }`,
  );
  const withoutCluster = (s: TrafficSample) =>
    `${endpointKey(s.source)}>${destinationWithoutCluster(s.destination)}>${
      s.protocol
    }>${s.series}`;
  traffic.forEach((sample, i) => {
    const key = keys[i];
    const rank = bestRank.get(key);
    if (rank === undefined || sample.rank < rank)
      bestRank.set(key, sample.rank);
    if (sample.rank <= ReporterRank.ZtunnelDestination) {
      destinationReported.add(withoutCluster(sample));
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
      destinationReported.has(withoutCluster(sample))
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
      edge = newEdge(
        source,
        target,
        sample.protocol,
        !!sourceCluster && !!targetCluster && sourceCluster !== targetCluster,
      );
      edges.set(id, edge);
    }
    edge.rate += sample.value;
    countOutcome(edge, sample);
    let mtls = sample.mtls;
    if (mtls === undefined) {
      mtls = securityFromConfig(
        sample,
        resolver.nodes.get(target)?.membership,
        directory,
      );
      if (mtls !== undefined) edge.securityFromConfigRate += sample.value;
    }
    if (mtls !== undefined) {
      edge.securityKnownRate += sample.value;
      if (mtls) edge.mtlsRate += sample.value;
    }
  }

  // Latency applies to the HTTP and gRPC edges between the same two nodes;
  // the destination's histogram wins, the source's fills in (Kiali's
  // response-time appender runs the destination query first, G11).
  const latencyByPair = new Map<string, Latency>();
  const fromSource = new Map<string, Latency>();
  for (const sample of latency) {
    const pair = `${resolver.idOf(sample.source)}>${resolver.idOf(
      sample.destination,
    )}`;
    const byPair = sample.reporter === 'source' ? fromSource : latencyByPair;
    const entry = byPair.get(pair) ?? {};
    const field = QUANTILE_FIELD[sample.quantile];
    // Several series of one pair (e.g. two destination services): keep the slowest.
    entry[field] = Math.max(entry[field] ?? 0, sample.valueMs);
    byPair.set(pair, entry);
  }
  for (const edge of edges.values()) {
    if (edge.protocol === 'tcp') continue;
    const pair = `${edge.source}>${edge.target}`;
    const found = latencyByPair.get(pair);
    const fallback = fromSource.get(pair);
    if (found) edge.latency = { ...found };
    else if (fallback) {
      edge.latency = { ...fallback };
      edge.latencyFromSource = true;
    }
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
  const unresolved = new Set(
    [...resolver.unresolved].filter(id => resolver.nodes.has(id)),
  );

  return {
    nodes: resolver.nodes,
    edges: [...edges.values()],
    entities: resolver.entities,
    ...(unresolved.size > 0 ? { unresolved } : {}),
  };
}
