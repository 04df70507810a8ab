import { generateMeshGraph } from '../__fixtures__/generateMeshGraph';
import { GRAPH_EDGES, GRAPH_NODES } from '../__fixtures__/graphFixtures';
import { groupedLayout, LAYOUT } from './groupedLayout';

describe('groupedLayout', () => {
  it('places every node inside its own group box', () => {
    const layout = groupedLayout(GRAPH_NODES, GRAPH_EDGES, 'cluster');
    expect(layout.nodes.size).toBe(GRAPH_NODES.length);
    for (const item of layout.nodes.values()) {
      const box = layout.groups.find(g => g.key === item.group)!;
      expect(item.x).toBeGreaterThan(box.x);
      expect(item.x).toBeLessThan(box.x + box.width);
      expect(item.y).toBeGreaterThan(box.y + LAYOUT.groupHeader);
      expect(item.y).toBeLessThan(box.y + box.height);
    }
  });

  it('never overlaps two boxes or two nodes, even at 500 nodes', () => {
    const { nodes, edges } = generateMeshGraph(500, 2000);
    const layout = groupedLayout(nodes, edges, 'cluster');
    const boxes = layout.groups;
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        const apart =
          a.x + a.width <= b.x ||
          b.x + b.width <= a.x ||
          a.y + a.height <= b.y ||
          b.y + b.height <= a.y;
        expect(apart).toBe(true);
      }
    }
    const positions = new Set(
      [...layout.nodes.values()].map(n => `${n.x},${n.y}`),
    );
    expect(positions.size).toBe(500);
    expect(layout.width).toBeGreaterThan(0);
    expect(layout.height).toBeGreaterThan(0);
  });

  it('is deterministic, so the picture does not move between renders', () => {
    const first = groupedLayout(GRAPH_NODES, GRAPH_EDGES, 'owner');
    const second = groupedLayout(
      [...GRAPH_NODES].reverse(),
      GRAPH_EDGES,
      'owner',
    );
    for (const [id, item] of first.nodes) {
      expect(second.nodes.get(id)).toMatchObject({ x: item.x, y: item.y });
    }
  });

  it('puts the best-connected node of a group first', () => {
    const layout = groupedLayout(GRAPH_NODES, GRAPH_EDGES, 'system');
    const pipelines = [...layout.nodes.values()]
      .filter(n => n.group === 'system:default/pipelines')
      .sort((a, b) => a.y - b.y || a.x - b.x);
    expect(pipelines[0].node.name).toBe('pipeline-scheduler');
  });

  it('packs the boxes into a canvas about as wide as the explorer frame', () => {
    // Like the demo: a dozen namespaces of one service each.
    const oneEach = GRAPH_NODES.map((node, i) => ({
      ...node,
      cluster: 'platform',
      namespace: `ns-${i}`,
    }));
    const layout = groupedLayout(oneEach, GRAPH_EDGES, 'cluster');
    // The frame is about 2:1; a tall canvas would leave it half empty.
    expect(layout.width / layout.height).toBeGreaterThan(1.4);
  });
});
