import { NODE_RADIUS } from './edgeCurve';
import { NodeShape, shapePath } from './nodeShape';

/** Props of {@link NodeShapeGlyph}. */
export interface NodeShapeGlyphProps {
  shape: NodeShape;
  fill: string;
  stroke: string;
  dashed?: boolean;
  r?: number;
}

/** A node's glyph (circle, diamond, square or triangle) at the origin. */
export const NodeShapeGlyph = ({
  shape,
  fill,
  stroke,
  dashed,
  r = NODE_RADIUS,
}: NodeShapeGlyphProps) => {
  const common = {
    fill,
    stroke,
    strokeWidth: 1.5,
    strokeDasharray: dashed ? '2 2' : undefined,
    'data-shape': shape,
  };
  const d = shapePath(shape, r);
  return d ? <path d={d} {...common} /> : <circle r={r} {...common} />;
};
