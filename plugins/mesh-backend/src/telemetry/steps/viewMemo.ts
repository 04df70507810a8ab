import type { TrafficGraph } from '../graph/model';

/** Most views kept per graph by default (e.g. explorer filter combinations). */
const MAX_VIEWS_PER_GRAPH = 8;

/**
 * Views computed from an immutable graph, kept while the graph lives (a
 * WeakMap: they go with their collection) and keyed by what shaped them;
 * at most `maxViews` per graph, oldest first out. The
 * graph must already be filtered for the caller (see `VisibleGraphs`), so
 * a view is only ever shared by callers who may see the same entities.
 */
export class ViewMemo<T> {
  readonly #byGraph = new WeakMap<TrafficGraph, Map<string, T>>();

  /** @param maxViews - most views kept per graph. */
  constructor(private readonly maxViews = MAX_VIEWS_PER_GRAPH) {}

  of(graph: TrafficGraph, key: string, compute: () => T): T {
    let views = this.#byGraph.get(graph);
    if (!views) {
      views = new Map();
      this.#byGraph.set(graph, views);
    }
    const known = views.get(key);
    if (known !== undefined) return known;
    const view = compute();
    if (views.size >= this.maxViews) {
      views.delete(views.keys().next().value!);
    }
    views.set(key, view);
    return view;
  }
}
