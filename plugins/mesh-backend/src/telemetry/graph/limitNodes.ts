import type { TrafficGraph } from './model';
import { compareCodePoints } from './compare';

/**
 * Keeps at most `limit` nodes, the busiest first (traffic in and out, with
 * requests/s and kB/s counted alike, then edge count, then id for a stable
 * order), and the edges between kept nodes.
 */
export function limitNodes(
  graph: TrafficGraph,
  limit: number,
): { graph: TrafficGraph; truncated: boolean; totalNodes: number } {
  const totalNodes = graph.nodes.size;
  if (totalNodes <= limit) return { graph, truncated: false, totalNodes };
  const score = new Map<string, { traffic: number; degree: number }>();
  for (const id of graph.nodes.keys()) score.set(id, { traffic: 0, degree: 0 });
  for (const edge of graph.edges) {
    const weight = edge.protocol === 'tcp' ? edge.rate / 1024 : edge.rate;
    for (const id of [edge.source, edge.target]) {
      const s = score.get(id);
      if (s) {
        s.traffic += weight;
        s.degree += 1;
      }
    }
  }
  const ranked = [...graph.nodes.keys()].sort((a, b) => {
    const sa = score.get(a)!;
    const sb = score.get(b)!;
    return (
      sb.traffic - sa.traffic ||
      sb.degree - sa.degree ||
      compareCodePoints(a, b)
    );
  });
  const keep = new Set(ranked.slice(0, Math.max(0, limit)));
  return {
    graph: {
      nodes: new Map([...graph.nodes].filter(([id]) => keep.has(id))),
      edges: graph.edges.filter(e => keep.has(e.source) && keep.has(e.target)),
      entities: graph.entities,
    },
    truncated: true,
    totalNodes,
  };
}
