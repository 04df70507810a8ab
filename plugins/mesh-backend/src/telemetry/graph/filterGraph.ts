import type { GraphNode } from '@mesh-portal/plugin-mesh-common';
import type { TrafficGraph } from './model';

/** Mesh-view filters; an empty or absent list does not filter. */
export interface MeshFilters {
  cluster?: string[];
  namespace?: string[];
  owner?: string[];
  system?: string[];
  /** Entities the caller may read; nodes of other entities are removed. */
  visibleEntities?: Set<string>;
  /** Workload nodes removed whatever their entity. */
  hiddenWorkloads?: ReadonlySet<string>;
  /** With `visibleEntities`, whether workloads no entity claims stay. */
  includeUnowned?: boolean;
}

function matches(
  list: string[] | undefined,
  value: string | undefined,
): boolean {
  if (!list || list.length === 0) return true;
  return value !== undefined && list.includes(value);
}

function lower(list: string[] | undefined): string[] | undefined {
  return list?.map(v => v.toLocaleLowerCase('en-US'));
}

/**
 * Removes nodes the caller may not see (`visibleEntities`): those of
 * entities outside the set and, unless `includeUnowned`, workloads no entity
 * claims. Unknown sources and external services stay. Edges lose what lost
 * an end, and the entity facts (declared relations, titles) keep only
 * visible entities, so nothing built from the result can name a hidden one.
 */
export function applyVisibility(
  graph: TrafficGraph,
  filters: MeshFilters,
): TrafficGraph {
  const visible = filters.visibleEntities;
  if (!visible) return graph;
  const normalised = new Set(
    [...visible].map(v => v.toLocaleLowerCase('en-US')),
  );
  const hidden = filters.hiddenWorkloads;
  const allowed = (node: GraphNode) => {
    if (hidden?.has(node.id)) return false;
    if (node.type === 'unknown' || node.type === 'external') return true;
    if (!node.entityRef) return filters.includeUnowned ?? false;
    return normalised.has(node.entityRef.toLocaleLowerCase('en-US'));
  };
  const nodes = new Map([...graph.nodes].filter(([, node]) => allowed(node)));
  return {
    nodes,
    edges: graph.edges.filter(e => nodes.has(e.source) && nodes.has(e.target)),
    entities: new Map(
      [...graph.entities].filter(([, info]) =>
        normalised.has(info.ref.toLocaleLowerCase('en-US')),
      ),
    ),
  };
}

/**
 * Keeps the nodes matching every filter (cluster, namespace, owner,
 * system) and, as context, the nodes they exchange traffic with; edges
 * without a matching end go.
 */
export function applyMeshFilters(
  graph: TrafficGraph,
  filters: MeshFilters,
): TrafficGraph {
  const owner = lower(filters.owner);
  const system = lower(filters.system);
  const active = [filters.cluster, filters.namespace, owner, system].some(
    l => l && l.length > 0,
  );
  if (!active) return graph;
  const primary = new Set<string>();
  for (const node of graph.nodes.values()) {
    const clusters = node.clusters ?? (node.cluster ? [node.cluster] : []);
    const clusterOk =
      !filters.cluster?.length ||
      clusters.some(c => filters.cluster!.includes(c));
    if (
      clusterOk &&
      matches(filters.namespace, node.namespace) &&
      matches(owner, node.owner?.toLocaleLowerCase('en-US')) &&
      matches(system, node.system?.toLocaleLowerCase('en-US'))
    ) {
      primary.add(node.id);
    }
  }
  const edges = graph.edges.filter(
    e => primary.has(e.source) || primary.has(e.target),
  );
  const keep = new Set(primary);
  for (const edge of edges) {
    keep.add(edge.source);
    keep.add(edge.target);
  }
  return {
    nodes: new Map([...graph.nodes].filter(([id]) => keep.has(id))),
    edges,
    entities: graph.entities,
  };
}
