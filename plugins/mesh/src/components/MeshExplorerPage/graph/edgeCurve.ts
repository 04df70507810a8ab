/** A point in the drawing's user units. */
export interface Point {
  x: number;
  y: number;
}

/** Radius of a node's glyph, in user units. */
export const NODE_RADIUS = 9;

/** Sideways bend of an edge, as a share of its length, and its cap. */
const BEND = 0.2;
const MAX_BEND = 70;

/** A quadratic Bézier edge: where it starts, bends and ends, and its midpoint. */
export interface EdgeCurve {
  start: Point;
  control: Point;
  end: Point;
  mid: Point;
  /** SVG path data. */
  d: string;
}

/**
 * The curve an edge is drawn along. The grouped layout puts nodes on grids,
 * so a straight edge often runs through the nodes lined up between its ends;
 * bending it sideways (always to the left of its direction, which also keeps
 * the two directions of a pair apart) clears them. The end stops short of
 * the target's glyph so that the arrowhead stays visible.
 */
export function edgeCurve(from: Point, to: Point): EdgeCurve {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy) || 1;
  const bend = Math.min(MAX_BEND, length * BEND);
  const control = {
    x: (from.x + to.x) / 2 + (dy / length) * bend,
    y: (from.y + to.y) / 2 - (dx / length) * bend,
  };
  // The curve arrives along control → to: step back along that direction.
  const tx = to.x - control.x;
  const ty = to.y - control.y;
  const tLength = Math.hypot(tx, ty) || 1;
  const gap = NODE_RADIUS + 3;
  const end = {
    x: to.x - (tx / tLength) * gap,
    y: to.y - (ty / tLength) * gap,
  };
  const mid = pointAt(from, control, end, 0.5);
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    start: from,
    control,
    end,
    mid,
    d: `M${round(from.x)},${round(from.y)} Q${round(control.x)},${round(
      control.y,
    )} ${round(end.x)},${round(end.y)}`,
  };
}

/** The point at `t` (0-1) on a quadratic Bézier curve. */
export function pointAt(a: Point, c: Point, b: Point, t: number): Point {
  const u = 1 - t;
  return {
    x: u * u * a.x + 2 * u * t * c.x + t * t * b.x,
    y: u * u * a.y + 2 * u * t * c.y + t * t * b.y,
  };
}
