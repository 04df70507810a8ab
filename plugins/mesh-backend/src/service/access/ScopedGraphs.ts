import type {
  DeclaredVsObserved,
  GraphEdge,
  GraphNode,
  GraphResponse,
} from '@mesh-portal/plugin-mesh-common';
import type { CallerAccess } from './CallerAccess';
import { scopeGraph } from './scope';

/** Most visibility variants kept per graph view. */
const MAX_VARIANTS_PER_VIEW = 4;

/** What {@link scopeGraph} left of one view for one visibility. */
interface Scoped {
  edges: readonly GraphEdge[];
  dependencies?: DeclaredVsObserved;
  result: Partial<Pick<GraphResponse, 'nodes' | 'edges' | 'dependencies'>>;
}

/**
 * {@link scopeGraph} once per graph view and caller visibility. The
 * telemetry service shares a view's frozen nodes, edges and declared-vs-
 * observed between requests until the next collection; scoping them again
 * on every request (and serialising the copies again, since only frozen
 * values have their JSON text reused) cost more than the rest of the
 * request. The scoped lists are frozen in turn.
 *
 * Keyed by the view's node list (a WeakMap: entries go with their view,
 * which goes with its collection, without any read) and by
 * {@link CallerAccess.visibilityKey}, which differs whenever two callers may
 * see different things: a variant is only ever reused for a caller who would
 * get exactly the same answer. At most {@link MAX_VARIANTS_PER_VIEW}
 * variants per view, oldest first out (a view is already filtered per
 * visibility by the telemetry service, so one variant is the usual case).
 * Views that are not frozen are scoped afresh every time.
 * @internal
 */
export class ScopedGraphs {
  readonly #byView = new WeakMap<readonly GraphNode[], Map<string, Scoped>>();

  of(graph: GraphResponse, access: CallerAccess): GraphResponse {
    const shared =
      Object.isFrozen(graph.nodes) &&
      Object.isFrozen(graph.edges) &&
      (graph.dependencies === undefined || Object.isFrozen(graph.dependencies));
    if (!shared) return scopeGraph(graph, access);
    let variants = this.#byView.get(graph.nodes);
    if (!variants) {
      variants = new Map();
      this.#byView.set(graph.nodes, variants);
    }
    const key = access.visibilityKey();
    const known = variants.get(key);
    if (
      known &&
      known.edges === graph.edges &&
      known.dependencies === graph.dependencies
    ) {
      return { ...graph, ...known.result };
    }
    const scoped = scopeGraph(graph, access);
    if (scoped === graph) {
      // Nothing hidden: the view's own frozen lists serve this caller.
      this.#remember(variants, key, {
        edges: graph.edges,
        dependencies: graph.dependencies,
        result: {},
      });
      return graph;
    }
    const result: Scoped['result'] = {
      nodes: Object.freeze(scoped.nodes) as GraphNode[],
      edges: Object.freeze(scoped.edges) as GraphEdge[],
    };
    if (scoped.dependencies) {
      result.dependencies = Object.freeze({
        undeclared: Object.freeze(scoped.dependencies.undeclared),
        unobserved: Object.freeze(scoped.dependencies.unobserved),
        confirmed: Object.freeze(scoped.dependencies.confirmed),
      }) as DeclaredVsObserved;
    }
    this.#remember(variants, key, {
      edges: graph.edges,
      dependencies: graph.dependencies,
      result,
    });
    return { ...graph, ...result };
  }

  #remember(variants: Map<string, Scoped>, key: string, scoped: Scoped) {
    variants.delete(key);
    if (variants.size >= MAX_VARIANTS_PER_VIEW) {
      variants.delete(variants.keys().next().value!);
    }
    variants.set(key, scoped);
  }
}
