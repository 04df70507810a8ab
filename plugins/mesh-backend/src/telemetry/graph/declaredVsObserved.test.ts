import type { GraphNode } from '@mesh-portal/plugin-mesh-common';
import { compareDeclaredWithObserved } from './declaredVsObserved';
import type { EntityInfo, TrafficEdge, TrafficGraph } from './model';

const node = (id: string, entityRef: string): GraphNode => ({
  id,
  type: 'workload',
  name: id,
  entityRef,
});

const edge = (source: string, target: string) =>
  ({ source, target, protocol: 'http', rate: 1 } as unknown as TrafficEdge);

const info = (ref: string, dependsOn: string[] = []) =>
  ({ ref, dependsOn } as unknown as EntityInfo);

const A = 'component:default/a';
const B = 'component:default/b';
const C = 'component:default/c';

function graph(edges: TrafficEdge[]): TrafficGraph {
  return {
    nodes: new Map([
      ['wa', node('wa', A)],
      ['wb', node('wb', B)],
      ['wc', node('wc', C)],
    ]),
    edges,
    entities: new Map([
      [A, info(A, [B])],
      [B, info(B)],
      [C, info(C, [A])],
    ]),
  };
}

describe('compareDeclaredWithObserved (issue 14: observed pairs indexed per graph)', () => {
  it('an entity focus gives exactly the pairs of the whole comparison that touch it', () => {
    const g = graph([edge('wa', 'wb'), edge('wb', 'wc'), edge('wb', 'wb')]);
    const all = compareDeclaredWithObserved(g);
    expect(all.confirmed).toEqual([{ source: A, target: B }]);
    expect(all.undeclared).toEqual([{ source: B, target: C }]);
    expect(all.unobserved).toEqual([
      { source: C, target: A, relation: 'dependsOn' },
    ]);
    for (const focus of [A, B, C]) {
      const touching = <T extends { source: string; target: string }>(
        list: T[],
      ) => list.filter(p => p.source === focus || p.target === focus);
      expect(compareDeclaredWithObserved(g, { focus })).toEqual({
        confirmed: touching(all.confirmed),
        undeclared: touching(all.undeclared),
        unobserved: touching(all.unobserved),
      });
    }
  });

  it('reads each graph’s own edges (the index goes with its graph)', () => {
    const first = graph([edge('wa', 'wb')]);
    const second = graph([edge('wc', 'wb')]);
    expect(compareDeclaredWithObserved(first, { focus: B }).undeclared).toEqual(
      [],
    );
    expect(
      compareDeclaredWithObserved(second, { focus: B }).undeclared,
    ).toEqual([{ source: C, target: B }]);
  });
});
