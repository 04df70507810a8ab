import type { TrafficGraph } from '../graph/model';
import { ViewMemo } from './viewMemo';

const graph = (): TrafficGraph => ({
  nodes: new Map(),
  edges: [],
  entities: new Map(),
});

describe('ViewMemo (issue 14: views kept per graph)', () => {
  it('computes a view once per graph and key', () => {
    const memo = new ViewMemo<number>();
    const g = graph();
    const compute = jest.fn(() => 1);
    memo.of(g, 'component:default/a', compute);
    memo.of(g, 'component:default/a', compute);
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('never shares a view between two graphs (two callers see two filtered graphs)', () => {
    const memo = new ViewMemo<string>();
    expect(memo.of(graph(), 'k', () => 'first')).toBe('first');
    expect(memo.of(graph(), 'k', () => 'second')).toBe('second');
  });

  it('keeps at most maxViews views per graph, oldest first out', () => {
    const memo = new ViewMemo<number>(3);
    const g = graph();
    for (let i = 0; i < 5; i++) memo.of(g, `e${i}`, () => i);
    const recomputed = jest.fn(() => -1);
    // e2..e4 are kept; e0 and e1 were pushed out.
    expect(memo.of(g, 'e4', recomputed)).toBe(4);
    expect(memo.of(g, 'e2', recomputed)).toBe(2);
    expect(recomputed).not.toHaveBeenCalled();
    expect(memo.of(g, 'e0', recomputed)).toBe(-1);
  });
});
