import { GRAPH_EDGES, GRAPH_NODES } from '../__fixtures__/graphFixtures';
import { groupedLayout } from '../layout/groupedLayout';
import { edgeCurve, NODE_RADIUS, Point, pointAt } from './edgeCurve';

/** Nodes (other than the ends) whose glyph a drawn path crosses. */
function crossings(path: (t: number) => Point, others: Point[]): Point[] {
  const samples = Array.from({ length: 101 }, (_, i) => path(i / 100));
  return others.filter(node =>
    samples.some(p => Math.hypot(p.x - node.x, p.y - node.y) < NODE_RADIUS + 2),
  );
}

describe('edgeCurve', () => {
  const layout = groupedLayout(GRAPH_NODES, GRAPH_EDGES, 'cluster');
  const drawn = GRAPH_EDGES.map(edge => ({
    from: layout.nodes.get(edge.source)!,
    to: layout.nodes.get(edge.target)!,
  })).filter(e => e.from && e.to && e.from !== e.to);
  const othersOf = (from: Point, to: Point) =>
    [...layout.nodes.values()].filter(n => n !== from && n !== to);

  it('straight edges would run through unrelated nodes in the grouped layout', () => {
    // The problem the curve solves, shown on the fixture mesh.
    const straight = drawn.flatMap(({ from, to }) =>
      crossings(
        t => ({
          x: from.x + (to.x - from.x) * t,
          y: from.y + (to.y - from.y) * t,
        }),
        othersOf(from, to),
      ),
    );
    expect(straight.length).toBeGreaterThan(0);
  });

  it('curved edges pass by every unrelated node', () => {
    const curved = drawn.flatMap(({ from, to }) => {
      const curve = edgeCurve(from, to);
      return crossings(
        t => pointAt(curve.start, curve.control, curve.end, t),
        othersOf(from, to),
      );
    });
    expect(curved).toEqual([]);
  });

  it('bends the two directions of a pair to opposite sides', () => {
    const a = { x: 0, y: 0 };
    const b = { x: 200, y: 0 };
    expect(edgeCurve(a, b).mid.y).toBeLessThan(0);
    expect(edgeCurve(b, a).mid.y).toBeGreaterThan(0);
  });

  it('stops short of the target glyph', () => {
    const end = edgeCurve({ x: 0, y: 0 }, { x: 300, y: 0 }).end;
    expect(Math.hypot(300 - end.x, end.y)).toBeCloseTo(NODE_RADIUS + 3);
  });
});
