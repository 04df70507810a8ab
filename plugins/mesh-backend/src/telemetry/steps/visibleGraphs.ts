import { createHash } from 'node:crypto';
import type { TrafficGraph } from '../graph/model';
import { applyVisibility, type MeshFilters } from '../graph/filterGraph';

/** Most visibility variants kept per graph (callers of different access). */
const MAX_VARIANTS_PER_GRAPH = 8;

type Visibility = Pick<
  MeshFilters,
  'visibleEntities' | 'hiddenWorkloads' | 'includeUnowned'
>;

/**
 * {@link applyVisibility} once per graph and caller visibility: callers who
 * may see the same entities share the filtered graph, so a request for a
 * collected window filters nothing again. Graphs are immutable, so sharing
 * is safe; entries go with their graph (a new collection), and at most
 * {@link MAX_VARIANTS_PER_GRAPH} variants are kept per graph (oldest first out).
 */
export class VisibleGraphs {
  readonly #byGraph = new WeakMap<TrafficGraph, Map<string, TrafficGraph>>();
  /**
   * The digest per set of visible entities: the service layer hands the same
   * set to every request of a caller while its answer is cached, so the
   * thousand refs are not sorted and hashed on every request. Goes with the
   * set (a WeakMap). Callers never change a set after passing it (see
   * `TelemetryService`).
   */
  readonly #keys = new WeakMap<
    ReadonlySet<string>,
    { hidden?: ReadonlySet<string>; includeUnowned: boolean; key: string }
  >();

  of(graph: TrafficGraph, visibility: Visibility): TrafficGraph {
    if (!visibility.visibleEntities) return graph;
    const key = this.#keyOf(visibility);
    let variants = this.#byGraph.get(graph);
    if (!variants) {
      variants = new Map();
      this.#byGraph.set(graph, variants);
    }
    const known = variants.get(key);
    if (known) return known;
    const visible = applyVisibility(graph, visibility);
    if (variants.size >= MAX_VARIANTS_PER_GRAPH) {
      variants.delete(variants.keys().next().value!);
    }
    variants.set(key, visible);
    return visible;
  }

  #keyOf(visibility: Visibility): string {
    const entities = visibility.visibleEntities!;
    const includeUnowned = Boolean(visibility.includeUnowned);
    const known = this.#keys.get(entities);
    if (
      known &&
      known.hidden === visibility.hiddenWorkloads &&
      known.includeUnowned === includeUnowned
    ) {
      return known.key;
    }
    const key = visibilityKey(visibility);
    this.#keys.set(entities, {
      hidden: visibility.hiddenWorkloads,
      includeUnowned,
      key,
    });
    return key;
  }
}

/** A digest of what the caller may see (order-independent). */
function visibilityKey(visibility: Visibility): string {
  const hash = createHash('sha256');
  hash.update(visibility.includeUnowned ? 'unowned\n' : 'owned\n');
  for (const ref of [...visibility.visibleEntities!].sort()) {
    hash.update(`e:${ref}\n`);
  }
  for (const id of [...(visibility.hiddenWorkloads ?? [])].sort()) {
    hash.update(`h:${id}\n`);
  }
  return hash.digest('base64');
}
