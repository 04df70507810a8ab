import type { GraphNode } from '@mesh-portal/plugin-mesh-common';

/**
 * The glyph of a node. Membership is told by shape as well as colour, so
 * that it reads without colour vision and in greyscale.
 */
export type NodeShape = 'circle' | 'diamond' | 'square' | 'triangle';

/** Shape per membership: circle in the mesh, diamond partly, square outside. */
export function nodeShapeOf(
  node: Pick<GraphNode, 'type' | 'membership'>,
): NodeShape {
  if (node.type === 'external') return 'triangle';
  switch (node.membership) {
    case 'none':
      return 'square';
    case 'partial':
    case 'ambient-pending':
      return 'diamond';
    default:
      return 'circle';
  }
}

/** SVG path of a shape of about radius `r`, centred on the origin. */
export function shapePath(shape: NodeShape, r: number): string | undefined {
  switch (shape) {
    case 'diamond': {
      const d = r * 1.3;
      return `M0,${-d} L${d},0 L0,${d} L${-d},0 Z`;
    }
    case 'square': {
      const s = r * 0.9;
      return `M${-s},${-s} H${s} V${s} H${-s} Z`;
    }
    case 'triangle': {
      const t = r * 1.2;
      return `M0,${-t} L${t},${t * 0.8} L${-t},${t * 0.8} Z`;
    }
    default:
      return undefined;
  }
}
