import type { GraphNode } from '@mesh-portal/plugin-mesh-common';
import type { TrafficEdge, TrafficGraph } from './model';
import { mergeEdges } from './collapseToEntities';

/**
 * The anonymous stand-in for workloads the directory could not resolve
 * (see `TrafficGraph.unresolved`) in views with visibility limits.
 */
export const UNRESOLVED_NODE: GraphNode = {
  id: 'unresolved',
  type: 'unknown',
  name: 'unresolved workload',
};

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
 * claims. Workloads the directory could not resolve (cluster not read yet,
 * unmapped Istio cluster id, excluded namespace) may belong to anyone, so
 * they are never named: they merge into one anonymous node (when unowned
 * workloads are shown) or go. Unknown sources and external services stay.
 * Edges lose what lost an end, and the entity facts (declared relations,
 * titles) keep only visible entities, so nothing built from the result can
 * name a hidden one.
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
  const unresolved = graph.unresolved ?? new Set<string>();
  const includeUnowned = filters.includeUnowned ?? false;
  const allowed = (node: GraphNode) => {
    if (hidden?.has(node.id)) return false;
    if (node.type === 'unknown' || node.type === 'external') return true;
    if (unresolved.has(node.id)) return false;
    if (!node.entityRef) return includeUnowned;
    return normalised.has(node.entityRef.toLocaleLowerCase('en-US'));
  };
  const nodes = new Map([...graph.nodes].filter(([, node]) => allowed(node)));
  const anonymise = includeUnowned && unresolved.size > 0;
  if (anonymise) nodes.set(UNRESOLVED_NODE.id, { ...UNRESOLVED_NODE });
  const endOf = (id: string) =>
    anonymise && unresolved.has(id) ? UNRESOLVED_NODE.id : id;
  const groups = new Map<string, TrafficEdge[]>();
  for (const edge of graph.edges) {
    const source = endOf(edge.source);
    const target = endOf(edge.target);
    if (!nodes.has(source) || !nodes.has(target)) continue;
    const key = `${source}>${target}>${edge.protocol}`;
    const group = groups.get(key) ?? [];
    group.push({ ...edge, source, target });
    groups.set(key, group);
  }
  const edges = [...groups.values()].map(g =>
    g.length === 1 ? g[0] : mergeEdges(g),
  );
  if (
    anonymise &&
    !edges.some(
      e => e.source === UNRESOLVED_NODE.id || e.target === UNRESOLVED_NODE.id,
    )
  ) {
    nodes.delete(UNRESOLVED_NODE.id);
  }
  return {
    nodes,
    edges,
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
