import type { GraphNode } from '@mesh-portal/plugin-mesh-common';
import type { TrafficGraph } from './model';
import { limitDependencies } from './limitDependencies';

const graphOf = (nodes: Array<[string, string | undefined]>): TrafficGraph =>
  ({
    nodes: new Map<string, GraphNode>(
      nodes.map(([id, entityRef]) => [
        id,
        { id, type: 'entity', name: id, entityRef },
      ]),
    ),
    edges: [],
    entities: new Map(),
  } as unknown as TrafficGraph);

describe('limitDependencies (issue 14: the explorer carries only its own pairs)', () => {
  const dependencies = {
    undeclared: [
      { source: 'component:default/a', target: 'component:default/b' },
      { source: 'component:default/a', target: 'component:default/cut' },
    ],
    unobserved: [
      {
        source: 'Component:default/A',
        target: 'component:default/no-traffic',
        relation: 'dependsOn',
      },
      {
        source: 'component:default/cut',
        target: 'component:default/a',
        relation: 'dependsOn',
      },
    ],
    confirmed: [
      { source: 'component:default/b', target: 'component:default/a' },
    ],
  };
  const before = graphOf([
    ['entity:a@west', 'component:default/a'],
    ['entity:b@west', 'component:default/b'],
    ['entity:b@east', 'component:default/b'],
    ['entity:cut@west', 'component:default/cut'],
    ['external:x', undefined],
  ]);

  it('drops the pairs of entities whose every node the limit cut, and keeps declared relations to entities without traffic', () => {
    const after = graphOf([
      ['entity:a@west', 'component:default/a'],
      ['entity:b@east', 'component:default/b'],
    ]);
    expect(limitDependencies(dependencies, before, after)).toEqual({
      undeclared: [dependencies.undeclared[0]],
      unobserved: [dependencies.unobserved[0]],
      confirmed: dependencies.confirmed,
    });
  });

  it('leaves everything when the limit cut nothing', () => {
    expect(limitDependencies(dependencies, before, before)).toBe(dependencies);
    const same = graphOf(
      [...before.nodes.values()].map(n => [n.id, n.entityRef]),
    );
    expect(limitDependencies(dependencies, before, same)).toBe(dependencies);
  });
});
