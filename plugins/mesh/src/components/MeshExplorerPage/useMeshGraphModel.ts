import { useMemo } from 'react';
import type { GraphResponse } from '@mesh-portal/plugin-mesh-common';
import type { ExplorerFilters } from './explorerFilters';
import { edgeFiltersActive, edgeVisible, neighbourhood } from './graphModel';
import { groupedLayout } from './layout/groupedLayout';

/**
 * What the explorer draws for a response and filters. The layout depends on
 * the nodes, all edges and the grouping only, so toggling an edge filter or
 * focusing a node never moves anything.
 */
export function useMeshGraphModel(
  graph: GraphResponse | undefined,
  filters: ExplorerFilters,
) {
  const { grouping, protocol, onlyNonMtls, onlyErrors, focus } = filters;
  const layout = useMemo(
    () =>
      graph ? groupedLayout(graph.nodes, graph.edges, grouping) : undefined,
    [graph, grouping],
  );
  const visibleEdges = useMemo(
    () =>
      graph?.edges.filter(edge =>
        edgeVisible(edge, { protocol, onlyNonMtls, onlyErrors }),
      ) ?? [],
    [graph, protocol, onlyNonMtls, onlyErrors],
  );
  const focusNode = focus ? layout?.nodes.get(focus)?.node : undefined;
  const lit = useMemo(() => {
    if (focusNode) return neighbourhood(focusNode.id, visibleEdges);
    if (edgeFiltersActive({ protocol, onlyNonMtls, onlyErrors })) {
      const ends = new Set<string>();
      visibleEdges.forEach(edge => {
        ends.add(edge.source);
        ends.add(edge.target);
      });
      return ends;
    }
    return undefined;
  }, [focusNode, visibleEdges, protocol, onlyNonMtls, onlyErrors]);
  return { layout, visibleEdges, focusNode, lit };
}
