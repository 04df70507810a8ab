import type { DeclaredVsObserved } from '@mesh-portal/plugin-mesh-common';
import type { EntityInfo, TrafficGraph } from './model';
import { compareCodePoints } from './compare';

const norm = (ref: string) => ref.toLocaleLowerCase('en-US');

interface Declared {
  source: string;
  target: string;
  relation: 'dependsOn' | 'consumesApi';
}

/**
 * What an entity declares: each `dependsOn` target, and for each consumed
 * API the entities that provide it (or the API itself when no known entity
 * provides it).
 */
function declarationsOf(
  source: EntityInfo,
  providersByApi: Map<string, string[]>,
): Declared[] {
  const out: Declared[] = [];
  for (const target of source.dependsOn ?? []) {
    out.push({ source: source.ref, target, relation: 'dependsOn' });
  }
  for (const api of source.consumesApis ?? []) {
    const providers = providersByApi.get(norm(api));
    if (providers?.length) {
      for (const target of providers) {
        out.push({ source: source.ref, target, relation: 'consumesApi' });
      }
    } else {
      out.push({ source: source.ref, target: api, relation: 'consumesApi' });
    }
  }
  return out.filter(d => norm(d.target) !== norm(d.source));
}

type Pair = { source: string; target: string };

/**
 * Observed entity pairs of a graph by normalised `source>target` (the last
 * edge's spelling wins), and the keys touching each entity. Made once per
 * graph (graphs are immutable; a WeakMap lets it go with its graph): an
 * entity page then reads its own pairs instead of passing over every edge.
 */
const pairIndexes = new WeakMap<
  TrafficGraph,
  { pairs: Map<string, Pair>; byEntity: Map<string, string[]> }
>();

function pairIndexOf(graph: TrafficGraph) {
  let index = pairIndexes.get(graph);
  if (index) return index;
  // Few distinct refs on many edges: normalise each ref once.
  const normalised = new Map<string, string>();
  const normOnce = (ref: string) => {
    let value = normalised.get(ref);
    if (value === undefined) {
      value = norm(ref);
      normalised.set(ref, value);
    }
    return value;
  };
  const pairs = new Map<string, Pair>();
  const byEntity = new Map<string, string[]>();
  const touch = (entity: string, key: string) => {
    const keys = byEntity.get(entity);
    if (keys) keys.push(key);
    else byEntity.set(entity, [key]);
  };
  for (const edge of graph.edges) {
    const source = graph.nodes.get(edge.source)?.entityRef;
    const target = graph.nodes.get(edge.target)?.entityRef;
    if (!source || !target) continue;
    const s = normOnce(source);
    const t = normOnce(target);
    if (s === t) continue;
    const key = `${s}>${t}`;
    if (!pairs.has(key)) {
      touch(s, key);
      touch(t, key);
    }
    pairs.set(key, { source, target });
  }
  index = { pairs, byEntity };
  pairIndexes.set(graph, index);
  return index;
}

/** The observed pairs, all of them or those touching `focus` (normalised). */
function observedPairs(
  graph: TrafficGraph,
  focus: string | undefined,
): Map<string, Pair> {
  const { pairs, byEntity } = pairIndexOf(graph);
  if (!focus) return pairs;
  const touching = new Map<string, Pair>();
  for (const key of byEntity.get(focus) ?? []) {
    touching.set(key, pairs.get(key)!);
  }
  return touching;
}

/**
 * Compares observed entity-to-entity traffic with the catalog: observed
 * edges nobody declared, declared `dependsOn`/`consumesApi` relations with
 * no traffic in the window, and those both declared and observed. An
 * entity consuming an API that the target provides counts as declared.
 * With `focus`, only relations touching that entity are compared.
 */
export function compareDeclaredWithObserved(
  graph: TrafficGraph,
  options: { focus?: string; entities?: Map<string, EntityInfo> } = {},
): DeclaredVsObserved {
  const entities = new Map<string, EntityInfo>();
  for (const source of [graph.entities, options.entities ?? new Map()]) {
    for (const info of source.values()) entities.set(norm(info.ref), info);
  }
  const focus = options.focus ? norm(options.focus) : undefined;
  const touches = (a: string, b: string) =>
    !focus || norm(a) === focus || norm(b) === focus;

  const providersByApi = new Map<string, string[]>();
  for (const info of entities.values()) {
    for (const api of info.providesApis ?? []) {
      const list = providersByApi.get(norm(api)) ?? [];
      list.push(info.ref);
      providersByApi.set(norm(api), list);
    }
  }

  const observed = observedPairs(graph, focus);

  const declared = new Map<string, Declared>();
  for (const info of entities.values()) {
    for (const d of declarationsOf(info, providersByApi)) {
      if (!touches(d.source, d.target)) continue;
      const key = `${norm(d.source)}>${norm(d.target)}`;
      if (!declared.has(key)) declared.set(key, d);
    }
  }

  const result: DeclaredVsObserved = {
    undeclared: [],
    unobserved: [],
    confirmed: [],
  };
  for (const [key, pair] of observed) {
    if (declared.has(key)) result.confirmed.push(pair);
    else result.undeclared.push(pair);
  }
  for (const [key, d] of declared) {
    if (!observed.has(key)) result.unobserved.push(d);
  }
  const byPair = (
    a: { source: string; target: string },
    b: { source: string; target: string },
  ) =>
    compareCodePoints(a.source, b.source) ||
    compareCodePoints(a.target, b.target);
  result.undeclared.sort(byPair);
  result.unobserved.sort(byPair);
  result.confirmed.sort(byPair);
  return result;
}
