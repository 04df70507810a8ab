import type { GraphNode } from '@mesh-portal/plugin-mesh-common';
import type { TrafficEdge, TrafficGraph } from '../graph/model';
import { VisibleGraphs } from './visibleGraphs';

const node = (id: string, entityRef: string): GraphNode => ({
  id,
  type: 'workload',
  name: id,
  entityRef,
});

const edge = (source: string, target: string): TrafficEdge => ({
  source,
  target,
  protocol: 'http',
  rate: 1,
  errorRate: 0,
  noResponseRate: 0,
  clientErrorRate: 0,
  serverErrorRate: 0,
  grpcErrorRate: 0,
  securityKnownRate: 1,
  securityFromConfigRate: 0,
  mtlsRate: 1,
  crossCluster: false,
});

const graph = (): TrafficGraph => ({
  nodes: new Map([
    ['a', node('a', 'component:default/a')],
    ['b', node('b', 'component:default/b')],
  ]),
  edges: [edge('a', 'b')],
  entities: new Map(),
});

describe('VisibleGraphs', () => {
  it('filters once per graph and visibility, whatever the order of the refs', () => {
    const graphs = new VisibleGraphs();
    const g = graph();
    const all = graphs.of(g, {
      visibleEntities: new Set(['component:default/a', 'component:default/b']),
    });
    expect(
      graphs.of(g, {
        visibleEntities: new Set([
          'component:default/b',
          'component:default/a',
        ]),
      }),
    ).toBe(all);
    expect(all.edges).toHaveLength(1);
  });

  it('never hands one caller the graph filtered for another', () => {
    const graphs = new VisibleGraphs();
    const g = graph();
    const all = graphs.of(g, {
      visibleEntities: new Set(['component:default/a', 'component:default/b']),
    });
    const onlyA = graphs.of(g, {
      visibleEntities: new Set(['component:default/a']),
    });
    const hiddenB = graphs.of(g, {
      visibleEntities: new Set(['component:default/a', 'component:default/b']),
      hiddenWorkloads: new Set(['b']),
    });
    expect([...onlyA.nodes.keys()]).toEqual(['a']);
    expect(onlyA.edges).toEqual([]);
    expect([...hiddenB.nodes.keys()]).toEqual(['a']);
    expect(all.nodes.size).toBe(2);
    // A new graph (a new collection) is filtered anew.
    const next = graph();
    expect(
      graphs.of(next, {
        visibleEntities: new Set(['component:default/a']),
      }),
    ).not.toBe(onlyA);
  });
});
