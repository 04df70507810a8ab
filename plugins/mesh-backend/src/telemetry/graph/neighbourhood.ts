import type { TrafficEdge, TrafficGraph } from './model';

interface EdgeIndex {
  outgoing: Map<string, TrafficEdge[]>;
  incoming: Map<string, TrafficEdge[]>;
}

// Graphs are immutable and shared by many requests: index each one once.
const indexes = new WeakMap<TrafficGraph, EdgeIndex>();

function edgeIndexOf(graph: TrafficGraph): EdgeIndex {
  const known = indexes.get(graph);
  if (known) return known;
  const outgoing = new Map<string, TrafficEdge[]>();
  const incoming = new Map<string, TrafficEdge[]>();
  for (const edge of graph.edges) {
    (
      outgoing.get(edge.source) ??
      outgoing.set(edge.source, []).get(edge.source)!
    ).push(edge);
    (
      incoming.get(edge.target) ??
      incoming.set(edge.target, []).get(edge.target)!
    ).push(edge);
  }
  const index = { outgoing, incoming };
  indexes.set(graph, index);
  return index;
}

/**
 * The neighbourhood of some start nodes: everything they call up to `depth`
 * hops downstream and everything that calls them up to `depth` hops
 * upstream, with the edges walked on the way.
 */
export function neighbourhood(
  graph: TrafficGraph,
  start: Iterable<string>,
  depth: number,
): TrafficGraph {
  const { outgoing, incoming } = edgeIndexOf(graph);
  const keepNodes = new Set<string>();
  const keepEdges = new Set<TrafficEdge>();
  const starts = [...start].filter(id => graph.nodes.has(id));
  for (const id of starts) keepNodes.add(id);

  const walk = (
    index: Map<string, TrafficEdge[]>,
    next: (e: TrafficEdge) => string,
  ) => {
    const seen = new Set<string>(starts);
    let frontier = starts;
    for (let hop = 0; hop < depth && frontier.length > 0; hop++) {
      const following: string[] = [];
      for (const id of frontier) {
        for (const edge of index.get(id) ?? []) {
          keepEdges.add(edge);
          const other = next(edge);
          keepNodes.add(other);
          if (!seen.has(other)) {
            seen.add(other);
            following.push(other);
          }
        }
      }
      frontier = following;
    }
  };
  walk(outgoing, e => e.target);
  walk(incoming, e => e.source);

  // Built from what was kept, not by scanning the whole graph: a small
  // neighbourhood of a large graph costs only its own size. Responses sort
  // nodes and edges, so insertion order does not matter.
  const nodes: TrafficGraph['nodes'] = new Map();
  for (const id of keepNodes) {
    const found = graph.nodes.get(id);
    if (found) nodes.set(id, found);
  }
  return {
    nodes,
    edges: [...keepEdges],
    entities: graph.entities,
  };
}
