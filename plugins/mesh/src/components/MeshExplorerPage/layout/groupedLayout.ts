import type { GraphEdge, GraphNode } from '@mesh-portal/plugin-mesh-common';

/**
 * How the explorer boxes nodes together.
 * @public
 */
export type GraphGrouping = 'cluster' | 'system' | 'owner';

/**
 * A positioned node (centre coordinates).
 * @public
 */
export interface LaidOutNode {
  node: GraphNode;
  x: number;
  y: number;
  group: string;
}

/**
 * A group's box.
 * @public
 */
export interface LaidOutGroup {
  key: string;
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
  size: number;
}

/**
 * Result of {@link groupedLayout}.
 * @public
 */
export interface GraphLayout {
  nodes: Map<string, LaidOutNode>;
  groups: LaidOutGroup[];
  width: number;
  height: number;
}

/** Layout dimensions, in SVG user units. */
export const LAYOUT = {
  cellWidth: 170,
  cellHeight: 64,
  groupPadding: 20,
  groupHeader: 28,
  groupGap: 36,
} as const;

const OUTSIDE_GROUP = '~outside';

/** Width over height the boxes are packed to. */
const CANVAS_ASPECT = 2.2;

/**
 * The group a node belongs to. Unknown sources and external hosts share one
 * box, so they do not scatter over the mesh's own groups.
 */
export function groupKeyOf(node: GraphNode, grouping: GraphGrouping): string {
  if (node.type === 'unknown' || node.type === 'external') return OUTSIDE_GROUP;
  switch (grouping) {
    case 'system':
      return node.system ?? '~no-system';
    case 'owner':
      return node.owner ?? '~no-owner';
    default: {
      const cluster = node.cluster ?? node.clusters?.join(' + ') ?? '?';
      return node.namespace ? `${cluster} / ${node.namespace}` : cluster;
    }
  }
}

function groupLabel(key: string): string {
  switch (key) {
    case OUTSIDE_GROUP:
      return 'Outside the mesh (unknown and external)';
    case '~no-system':
      return 'No system';
    case '~no-owner':
      return 'No owner';
    default:
      return key;
  }
}

/**
 * A grouped layout: nodes are boxed by cluster and namespace, system or
 * owner; inside a box they sit on a grid, best-connected first (top left),
 * and the boxes are shelf-packed into rows of a roughly square canvas.
 *
 * It is deterministic and O(n log n + e), about a millisecond for 500 nodes
 * and 2,000 edges, so it runs on the main thread without a worker and the
 * picture does not move between renders (force layouts wander).
 * @public
 */
export function groupedLayout(
  nodes: GraphNode[],
  edges: GraphEdge[],
  grouping: GraphGrouping,
): GraphLayout {
  const { cellWidth, cellHeight, groupPadding, groupHeader, groupGap } = LAYOUT;
  const degree = new Map<string, number>();
  for (const edge of edges) {
    degree.set(edge.source, (degree.get(edge.source) ?? 0) + 1);
    degree.set(edge.target, (degree.get(edge.target) ?? 0) + 1);
  }

  const members = new Map<string, GraphNode[]>();
  for (const node of nodes) {
    const key = groupKeyOf(node, grouping);
    const list = members.get(key);
    if (list) list.push(node);
    else members.set(key, [node]);
  }

  // Boxes in key order (clusters stay together), the outside box last.
  const keys = [...members.keys()].sort((a, b) => {
    if (a === OUTSIDE_GROUP) return 1;
    if (b === OUTSIDE_GROUP) return -1;
    return a.localeCompare(b);
  });

  const boxes = keys.map(key => {
    const list = members.get(key)!;
    list.sort(
      (a, b) =>
        (degree.get(b.id) ?? 0) - (degree.get(a.id) ?? 0) ||
        (a.title ?? a.name).localeCompare(b.title ?? b.name),
    );
    const columns = Math.max(1, Math.ceil(Math.sqrt(list.length * 1.5)));
    const rows = Math.ceil(list.length / columns);
    return {
      key,
      list,
      columns,
      width: columns * cellWidth + 2 * groupPadding,
      height: rows * cellHeight + 2 * groupPadding + groupHeader,
    };
  });

  const totalArea = boxes.reduce(
    (sum, b) => sum + (b.width + groupGap) * (b.height + groupGap),
    0,
  );
  const widest = boxes.reduce((max, b) => Math.max(max, b.width), 0);
  // The explorer's frame is about twice as wide as tall: a canvas of that
  // shape fills it at fit zoom, so labels stay large.
  const rowWidth = Math.max(widest, Math.sqrt(totalArea * CANVAS_ASPECT));

  const laidOutNodes = new Map<string, LaidOutNode>();
  const groups: LaidOutGroup[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  for (const box of boxes) {
    if (x > 0 && x + box.width > rowWidth) {
      x = 0;
      y += rowHeight + groupGap;
      rowHeight = 0;
    }
    groups.push({
      key: box.key,
      label: groupLabel(box.key),
      x,
      y,
      width: box.width,
      height: box.height,
      size: box.list.length,
    });
    const left = x + groupPadding;
    const top = y + groupPadding + groupHeader;
    for (let i = 0; i < box.list.length; i++) {
      const node = box.list[i];
      laidOutNodes.set(node.id, {
        node,
        group: box.key,
        x: left + (i % box.columns) * cellWidth + cellWidth / 2,
        y: top + Math.floor(i / box.columns) * cellHeight + cellHeight / 2,
      });
    }
    x += box.width + groupGap;
    rowHeight = Math.max(rowHeight, box.height);
    width = Math.max(width, x - groupGap);
  }
  return { nodes: laidOutNodes, groups, width, height: y + rowHeight };
}
