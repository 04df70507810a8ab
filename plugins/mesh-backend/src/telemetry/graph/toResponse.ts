import type { GraphEdge, GraphNode } from '@mesh-portal/plugin-mesh-common';
import type { TrafficEdge, TrafficGraph } from './model';
import { compareCodePoints } from './compare';

/** Rounds to 6 significant digits: enough for rates and ratios, smaller JSON. */
function round(value: number): number {
  return Number(value.toPrecision(6));
}

/** Converts an internal edge to the REST shape. */
export function toGraphEdge(edge: TrafficEdge): GraphEdge {
  const out: GraphEdge = {
    source: edge.source,
    target: edge.target,
    protocol: edge.protocol,
    crossCluster: edge.crossCluster,
  };
  if (edge.protocol === 'tcp') {
    out.bytesPerSecond = round(edge.rate);
  } else {
    out.requestsPerSecond = round(edge.rate);
    const share = (rate: number) =>
      edge.rate > 0 ? round(rate / edge.rate) : 0;
    out.errorRatio = share(edge.errorRate);
    // Not sent when nothing failed (most edges): its parts would all be 0.
    if (out.errorRatio > 0) {
      out.errors = {
        noResponse: share(edge.noResponseRate),
        http4xx: share(edge.clientErrorRate),
        http5xx: share(edge.serverErrorRate),
        grpc: share(edge.grpcErrorRate),
      };
    }
  }
  if (edge.securityKnownRate > 0) {
    out.mtlsShare = round(edge.mtlsRate / edge.securityKnownRate);
    if (edge.securityFromConfigRate > 0) out.mtlsFromConfiguration = true;
  }
  if (edge.latencyFromSource) out.latencyFromSource = true;
  if (edge.latency) {
    out.latencyMs = {};
    for (const field of ['p50', 'p95', 'p99'] as const) {
      const value = edge.latency[field];
      if (value !== undefined) out.latencyMs[field] = round(value);
    }
  }
  return out;
}

/** Nodes and edges of a graph in a stable order, in the REST shape. */
export function toNodesAndEdges(graph: TrafficGraph): {
  nodes: GraphNode[];
  edges: GraphEdge[];
} {
  const nodes = [...graph.nodes.values()].sort((a, b) =>
    compareCodePoints(a.id, b.id),
  );
  const edges = [...graph.edges]
    .sort(
      (a, b) =>
        compareCodePoints(a.source, b.source) ||
        compareCodePoints(a.target, b.target) ||
        compareCodePoints(a.protocol, b.protocol),
    )
    .map(toGraphEdge);
  return { nodes, edges };
}
