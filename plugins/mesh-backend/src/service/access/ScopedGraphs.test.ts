import type {
  GraphEdge,
  GraphNode,
  GraphResponse,
} from '@mesh-portal/plugin-mesh-common';
import type { EntityIndex } from '../../entities';
import { emptyWorkloadIndex } from '../../snapshot';
import { responseJson } from '../../sharedJson';
import { CallerAccess } from './CallerAccess';
import { VisibleEntities, type EntityRefList } from './catalogVisibility';
import { ScopedGraphs } from './ScopedGraphs';

const REFS = ['component:default/a', 'component:default/b'];
const LIST: EntityRefList = {
  version: 'v1',
  refs: REFS,
  positions: new Map(REFS.map((ref, i) => [ref, i])),
};
/** No workload is claimed: visibility is decided by the entities alone. */
const INDEX = { claimantsOf: () => [] } as unknown as EntityIndex;

/** An access allowing the entities at `positions` of {@link LIST}. */
function accessTo(...refs: string[]): CallerAccess {
  const bits = new Uint8Array(1);
  for (const ref of refs) bits[0] |= 1 << LIST.positions.get(ref)!;
  return new CallerAccess(
    new VisibleEntities(LIST, bits),
    INDEX,
    emptyWorkloadIndex(),
  );
}

const node = (id: string, entityRef: string): GraphNode => ({
  id,
  type: 'entity',
  name: id,
  entityRef,
});

const edge = (source: string, target: string): GraphEdge =>
  ({ source, target, protocol: 'http', rate: 1 } as unknown as GraphEdge);

/** A view as the telemetry service shares it: frozen lists. */
function sharedView(): GraphResponse {
  return {
    window: '5m',
    dataTime: '2026-12-06T10:00:00.000Z',
    ageSeconds: 1,
    collection: 'background',
    view: 'service',
    nodes: Object.freeze([
      node(REFS[0], REFS[0]),
      node(REFS[1], REFS[1]),
    ]) as GraphNode[],
    edges: Object.freeze([edge(REFS[0], REFS[1])]) as GraphEdge[],
    truncated: false,
    sources: [],
    dependencies: Object.freeze({
      undeclared: Object.freeze([{ source: REFS[0], target: REFS[1] }]),
      unobserved: Object.freeze([]),
      confirmed: Object.freeze([]),
    }) as unknown as GraphResponse['dependencies'],
  };
}

const ids = (graph: GraphResponse) => graph.nodes.map(n => n.id);

describe('ScopedGraphs (issue 14: a shared graph view scoped once per caller visibility)', () => {
  it('two callers with different visibility never see each other’s nodes, in either order', () => {
    const scoped = new ScopedGraphs();
    const view = sharedView();
    const onlyA = accessTo(REFS[0]);
    const both = accessTo(...REFS);
    const onlyB = accessTo(REFS[1]);
    for (let round = 0; round < 2; round++) {
      const a = scoped.of(view, onlyA);
      expect(ids(a)).toEqual([REFS[0]]);
      expect(a.edges).toEqual([]);
      expect(a.dependencies!.undeclared).toEqual([]);
      expect(ids(scoped.of(view, both))).toEqual(REFS);
      const b = scoped.of(view, onlyB);
      expect(ids(b)).toEqual([REFS[1]]);
      expect(responseJson(b)).not.toContain(REFS[0]);
      expect(responseJson(a)).not.toContain(REFS[1]);
    }
  });

  it('reuses the frozen scoped lists for callers of the same visibility', () => {
    const scoped = new ScopedGraphs();
    const view = sharedView();
    const first = scoped.of(view, accessTo(REFS[0]));
    // Another caller (another access object) allowed exactly the same.
    const second = scoped.of(view, accessTo(REFS[0]));
    expect(second.nodes).toBe(first.nodes);
    expect(second.edges).toBe(first.edges);
    expect(second.dependencies).toBe(first.dependencies);
    expect(Object.isFrozen(second.nodes)).toBe(true);
    // The per-request members are the request's own.
    const later = scoped.of({ ...view, ageSeconds: 9 }, accessTo(REFS[0]));
    expect(later.ageSeconds).toBe(9);
    expect(later.nodes).toBe(first.nodes);
  });

  it('hands the view itself to a caller who may see all of it', () => {
    const scoped = new ScopedGraphs();
    const view = sharedView();
    expect(scoped.of(view, accessTo(...REFS)).nodes).toBe(view.nodes);
    expect(scoped.of(view, accessTo(...REFS)).nodes).toBe(view.nodes);
  });

  it('does not reuse a variant for a view with the same nodes but other edges', () => {
    const scoped = new ScopedGraphs();
    const view = sharedView();
    scoped.of(view, accessTo(REFS[0]));
    const selfLoop = {
      ...view,
      edges: Object.freeze([edge(REFS[0], REFS[0])]) as GraphEdge[],
    };
    expect(scoped.of(selfLoop, accessTo(REFS[0])).edges).toEqual([
      edge(REFS[0], REFS[0]),
    ]);
  });

  it('scopes a view that is not frozen afresh every time (nothing kept)', () => {
    const scoped = new ScopedGraphs();
    const view = { ...sharedView(), nodes: [...sharedView().nodes] };
    const first = scoped.of(view, accessTo(REFS[0]));
    view.nodes.push(node('late', REFS[0]));
    expect(ids(scoped.of(view, accessTo(REFS[0])))).toEqual([REFS[0], 'late']);
    expect(ids(first)).toEqual([REFS[0]]);
  });
});
