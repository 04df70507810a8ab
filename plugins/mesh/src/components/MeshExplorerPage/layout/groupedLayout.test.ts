import { generateMeshGraph } from '../__fixtures__/generateMeshGraph';
import { GRAPH_EDGES, GRAPH_NODES } from '../__fixtures__/graphFixtures';
import type { GraphNode } from '@mesh-portal/plugin-mesh-common';
import { groupedLayout, humanizeRef, LAYOUT } from './groupedLayout';

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
      .filter(n => n.group === 'platform\u0000system:default/pipelines')
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

  it('draws each cluster as a region around its boxes, outside-the-mesh last', () => {
    const layout = groupedLayout(GRAPH_NODES, GRAPH_EDGES, 'cluster');
    expect(layout.regions.map(r => r.label)).toEqual([
      'Cluster compute',
      'Cluster platform',
      'Outside the clusters',
    ]);
    const inside = (
      inner: { x: number; y: number; width: number; height: number },
      outer: { x: number; y: number; width: number; height: number },
    ) =>
      inner.x >= outer.x &&
      inner.y >= outer.y + LAYOUT.regionHeader &&
      inner.x + inner.width <= outer.x + outer.width &&
      inner.y + inner.height <= outer.y + outer.height;
    for (const group of layout.groups) {
      const region = layout.regions.find(r =>
        group.key.startsWith(`${r.key}\u0000`),
      )!;
      expect(inside(group, region)).toBe(true);
    }
    // Every node is counted in exactly one region.
    expect(layout.regions.reduce((sum, r) => sum + r.size, 0)).toBe(
      GRAPH_NODES.length,
    );
  });

  it('keeps the same service in two clusters as two nodes, each in its cluster', () => {
    const web = GRAPH_NODES[0];
    const twice: GraphNode[] = [
      {
        ...web,
        id: `${web.id}@compute`,
        cluster: 'compute',
        clusters: ['compute'],
      },
      {
        ...web,
        id: `${web.id}@platform`,
        cluster: 'platform',
        clusters: ['platform'],
      },
    ];
    const layout = groupedLayout(twice, [], 'cluster');
    expect(layout.nodes.get(`${web.id}@compute`)!.group).toBe(
      'compute\u0000web',
    );
    expect(layout.nodes.get(`${web.id}@platform`)!.group).toBe(
      'platform\u0000web',
    );
  });

  it('titles owner and system boxes as people say them, never as raw refs', () => {
    const layout = groupedLayout(GRAPH_NODES, GRAPH_EDGES, 'owner');
    const labels = layout.groups.map(g => g.label);
    expect(labels).toContain('web-team');
    expect(labels.some(label => label.includes('group:'))).toBe(false);
    expect(humanizeRef('group:ops/sre')).toBe('ops/sre');
    expect(humanizeRef('not a ref')).toBe('not a ref');
  });
});
