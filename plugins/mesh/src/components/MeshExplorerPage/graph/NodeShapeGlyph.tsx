import { NODE_RADIUS } from './edgeCurve';
import { NodeShape, shapePath } from './nodeShape';

/** Props of {@link NodeShapeGlyph}. */
export interface NodeShapeGlyphProps {
  shape: NodeShape;
  fill: string;
  stroke: string;
  dashed?: boolean;
  /** Drawn as an outline in the fill colour (an idle workload). */
  hollow?: boolean;
  r?: number;
}

/** A node's glyph (circle, diamond, square or triangle) at the origin. */
export const NodeShapeGlyph = ({
  shape,
  fill,
  stroke,
  dashed,
  hollow,
  r = NODE_RADIUS,
}: NodeShapeGlyphProps) => {
  const common = {
    fill: hollow ? stroke : fill,
    stroke: hollow ? fill : stroke,
    strokeWidth: hollow ? 2.5 : 1.5,
    strokeDasharray: dashed ? '2 2' : undefined,
    'data-shape': shape,
    'data-hollow': hollow || undefined,
  };
  const d = shapePath(shape, r);
  return d ? <path d={d} {...common} /> : <circle r={r} {...common} />;
};
