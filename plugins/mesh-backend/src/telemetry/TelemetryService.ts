import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import type {
  DeclaredVsObserved,
  EdgeDetailResponse,
  GraphNode,
  GraphResponse,
  InboundMtlsResponse,
} from '@mesh-portal/plugin-mesh-common';
import type { LinkTemplate } from '../config/telemetryConfig';
import type { TelemetryCollector } from './TelemetryCollector';
import type {
  GraphRequestOptions,
  InboundObservations,
  ObservedMtls,
  TelemetryService,
  WorkloadDirectory,
} from './types';
import { parseWindow } from '../config/window';
import type { RawSourceData } from './graph/rawData';
import type { TrafficGraph } from './graph/model';
import { collapseToEntities } from './graph/collapseToEntities';
import { neighbourhood } from './graph/neighbourhood';
import { applyMeshFilters } from './graph/filterGraph';
import { withIdleWorkloads } from './graph/idleWorkloads';
import { limitNodes } from './graph/limitNodes';
import { limitDependencies } from './graph/limitDependencies';
import { compareDeclaredWithObserved } from './graph/declaredVsObserved';
import { toNodesAndEdges } from './graph/toResponse';
import { WorkloadGraphs } from './steps/workloadGraphs';
import { VisibleGraphs } from './steps/visibleGraphs';
import { ViewMemo } from './steps/viewMemo';
import { dataTimeOf, sourceStatuses } from './steps/sourceStatus';
import { entityInfoOf, startNodesOf } from './steps/entityWorkloads';
import { nodeLinker } from './steps/nodeLinks';
import {
  inboundMtlsOf,
  observedMtlsByWorkload,
  outboundMtlsByWorkload,
} from './steps/inboundMtls';
import type { BackgroundTelemetry } from './background';

/** A graph in the REST shape, shared by every response of the same view. */
type ResponseBody = Pick<GraphResponse, 'nodes' | 'edges'>;

/** Where a graph's data came from (see `GraphResponse.collection`). */
type CollectionKind = 'background' | 'on-demand';

/** The raw data of one window, its graph, and how it was obtained. */
interface WindowGraph {
  window: string;
  data: RawSourceData[];
  graph: TrafficGraph;
  collection: CollectionKind;
}
import type { EdgeDetailReader } from './edgeDetail';
import { clusterResolverFrom } from './graph/normalizeSamples';
import type { ReadinessCollector } from './readiness/ReadinessCollector';
import { inboundObservations } from './readiness/inbound';
import { readinessWindowSeconds } from './readiness/queries';

/** Most entities whose graph facts are kept per graph. */
const ENTITY_VIEWS_PER_GRAPH = 256;

/** Default and maximum node count of the mesh view. */
export const DEFAULT_MESH_NODE_LIMIT = 500;
const MAX_MESH_NODE_LIMIT = 10_000;

/**
 * The telemetry service: collects (cached) raw series from every source,
 * merges them into one workload graph (`steps/workloadGraphs.ts`), and
 * shapes views of it. Each step lives in its own file under `graph/` and
 * `steps/`; this class only validates requests and chains the steps.
 */
export class DefaultTelemetryService implements TelemetryService {
  readonly #collector: TelemetryCollector;
  readonly #background?: Pick<BackgroundTelemetry, 'latest'>;
  readonly #directory: WorkloadDirectory;
  readonly #clusterIds: () => Map<string, string>;
  readonly #defaultWindow: string;
  readonly #scrapeIntervalSeconds: number;
  readonly #now: () => Date;
  readonly #graphs: WorkloadGraphs;
  readonly #visibleGraphs = new VisibleGraphs();
  readonly #collapsed = new ViewMemo<TrafficGraph>();
  /** Each workload graph with its idle workloads added, built once. */
  readonly #idleGraphs = new ViewMemo<TrafficGraph>(1);
  readonly #meshViews = new ViewMemo<{
    limited: ReturnType<typeof limitNodes>;
    dependencies: DeclaredVsObserved;
    body: ResponseBody;
  }>();
  /** Declared vs observed per focus entity: a pass over every edge. */
  readonly #entityDependencies = new ViewMemo<DeclaredVsObserved>(
    ENTITY_VIEWS_PER_GRAPH,
  );
  /** An entity's neighbourhood in the REST shape, per view and depth. */
  readonly #entityViews = new ViewMemo<ResponseBody>(ENTITY_VIEWS_PER_GRAPH);
  readonly #withLinks: (node: GraphNode) => GraphNode;
  readonly #edgeDetail?: EdgeDetailReader;
  readonly #readiness?: ReadinessCollector;
  readonly #readinessWindow: string;

  constructor(options: {
    collector: TelemetryCollector;
    /** Runs the STRICT-readiness query set; absent: no readiness. */
    readiness?: ReadinessCollector;
    /** Default readiness window (default `7d`). */
    readinessWindow?: string;
    /** Collections made ahead of requests; their windows never query on request. */
    background?: Pick<BackgroundTelemetry, 'latest'>;
    directory: WorkloadDirectory;
    clusterIds: () => Map<string, string>;
    window: string;
    scrapeIntervalSeconds: number;
    links: LinkTemplate[];
    logger: LoggerService;
    now: () => Date;
    /** Reads edge details; without it `getEdgeDetail` answers 404. */
    edgeDetail?: EdgeDetailReader;
  }) {
    this.#collector = options.collector;
    this.#background = options.background;
    this.#edgeDetail = options.edgeDetail;
    this.#readiness = options.readiness;
    this.#readinessWindow = options.readinessWindow ?? '7d';
    this.#directory = options.directory;
    this.#clusterIds = options.clusterIds;
    this.#defaultWindow = options.window;
    this.#scrapeIntervalSeconds = options.scrapeIntervalSeconds;
    this.#now = options.now;
    this.#graphs = new WorkloadGraphs(options.directory);
    this.#withLinks = nodeLinker({
      links: options.links,
      directory: options.directory,
      clusterIds: options.clusterIds,
    });
  }

  async getEntityGraph(
    entityRef: string,
    options: GraphRequestOptions & {
      depth?: number;
      visibleEntities?: Set<string>;
      hiddenWorkloads?: ReadonlySet<string>;
      includeUnowned?: boolean;
    },
  ): Promise<GraphResponse> {
    const depth = options.depth ?? 1;
    if (!Number.isInteger(depth) || depth < 1 || depth > 3) {
      throw new InputError('depth must be an integer from 1 to 3');
    }
    const view = viewOf(options.view);
    const source = await this.#workloadGraph(options.window);
    const { graph } = source;
    // Visibility first: everything below, declared-vs-observed included,
    // only sees what the caller may read.
    const visible = this.#visibleGraphs.of(graph, {
      visibleEntities: options.visibleEntities,
      hiddenWorkloads: options.hiddenWorkloads,
      includeUnowned: options.includeUnowned ?? true,
    });
    // The focus entity was authorised by the caller; its facts are readable.
    // Kept per (caller-filtered) graph and entity: the graph is rebuilt when
    // the directory the entity's facts come from changes.
    const dependencies = this.#entityDependencies.of(visible, entityRef, () =>
      frozenDependencies(
        compareDeclaredWithObserved(visible, {
          focus: entityRef,
          entities: entityInfoOf(entityRef, this.#directory),
        }),
      ),
    );
    // The same entity page is asked for again and again between two
    // collections: its neighbourhood is shaped once per (caller-filtered)
    // graph, frozen, and shared with its JSON text.
    const body = this.#entityViews.of(
      visible,
      `${view}\n${depth}\n${entityRef}`,
      () => {
        const shaped =
          view === 'service'
            ? this.#collapsed.of(visible, 'service', () =>
                collapseToEntities(visible),
              )
            : visible;
        const start = startNodesOf(shaped, entityRef, view, this.#directory);
        return this.#body(neighbourhood(shaped, start, depth));
      },
    );
    return this.#response(source, view, body, {
      truncated: false,
      dependencies,
    });
  }

  async getMeshGraph(
    options: GraphRequestOptions & {
      cluster?: string[];
      namespace?: string[];
      owner?: string[];
      system?: string[];
      limit?: number;
      visibleEntities?: Set<string>;
      hiddenWorkloads?: ReadonlySet<string>;
      includeUnowned?: boolean;
      includeIdle?: boolean;
    },
  ): Promise<GraphResponse> {
    const limit = options.limit ?? DEFAULT_MESH_NODE_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_MESH_NODE_LIMIT) {
      throw new InputError(
        `limit must be an integer from 1 to ${MAX_MESH_NODE_LIMIT}`,
      );
    }
    const view = viewOf(options.view);
    const source = await this.#workloadGraph(options.window);
    // Idle workloads join before visibility, so the same rules remove them.
    const graph = options.includeIdle
      ? this.#idleGraphs.of(source.graph, 'idle', () =>
          withIdleWorkloads(
            source.graph,
            this.#directory.listWorkloads?.() ?? [],
          ),
        )
      : source.graph;
    const shaped = this.#visibleGraphs.of(graph, {
      visibleEntities: options.visibleEntities,
      hiddenWorkloads: options.hiddenWorkloads,
      includeUnowned: options.includeUnowned,
    });
    // The explorer asks for the same few views of the same graph again and
    // again: shape each once per (already caller-filtered) graph.
    const filters = {
      cluster: options.cluster,
      namespace: options.namespace,
      owner: options.owner,
      system: options.system,
    };
    // The nodes (with their links) and edges in the REST shape too: for the
    // explorer's 500 nodes they cost more than the rest of the request.
    const { limited, dependencies, body } = this.#meshViews.of(
      shaped,
      JSON.stringify([filters, view, limit]),
      () => {
        const filtered = applyMeshFilters(shaped, filters);
        const shown =
          view === 'service'
            ? collapseToEntities(filtered, { perCluster: true })
            : filtered;
        const kept = limitNodes(shown, limit);
        return {
          // Only the pairs of the entities the limit kept: the rest would
          // describe nodes the answer does not hold.
          dependencies: frozenDependencies(
            limitDependencies(
              compareDeclaredWithObserved(filtered),
              shown,
              kept.graph,
            ),
          ),
          limited: kept,
          body: this.#body(kept.graph),
        };
      },
    );
    return this.#response(source, view, body, {
      truncated: limited.truncated,
      totalNodes: limited.totalNodes,
      dependencies,
    });
  }

  async getInboundMtls(
    entityRef: string,
    options: {
      window?: string;
      visibleEntities?: Set<string>;
      hiddenWorkloads?: ReadonlySet<string>;
      includeUnowned?: boolean;
    },
  ): Promise<InboundMtlsResponse> {
    const { window, data, graph, collection } = await this.#workloadGraph(
      options.window,
    );
    const targets = new Set(
      startNodesOf(graph, entityRef, 'workload', this.#directory).filter(
        id => !options.hiddenWorkloads?.has(id),
      ),
    );
    const named = this.#visibleGraphs.of(graph, {
      visibleEntities: options.visibleEntities,
      hiddenWorkloads: options.hiddenWorkloads,
      includeUnowned: options.includeUnowned ?? true,
    }).nodes;
    const inbound = inboundMtlsOf(graph, targets, named, this.#withLinks);
    const dataTime = dataTimeOf(data, this.#now());
    const response: InboundMtlsResponse = {
      entityRef,
      window,
      dataTime,
      ageSeconds: this.#ageSeconds(dataTime),
      collection,
      plaintextSources: inbound.plaintextSources,
      sources: sourceStatuses(data),
    };
    if (inbound.mtlsShare !== undefined) {
      response.mtlsShare = inbound.mtlsShare;
    }
    return response;
  }

  async getObservedMtlsByWorkload(): Promise<ObservedMtls> {
    const { data, graph } = await this.#workloadGraph(undefined);
    return {
      byWorkload: observedMtlsByWorkload(graph),
      outboundByWorkload: outboundMtlsByWorkload(graph),
      sources: sourceStatuses(data),
    };
  }

  async getInboundObservations(
    requested?: string,
  ): Promise<InboundObservations> {
    if (!this.#readiness) {
      throw new NotFoundError('STRICT readiness is not configured');
    }
    const window = requested ?? this.#readinessWindow;
    readinessWindowSeconds(window);
    const data = await this.#readiness.collect(window);
    const answered = data.filter(d => Object.keys(d.results).length > 0);
    return {
      window,
      dataTime:
        answered.map(d => d.dataTime).sort()[0] ?? this.#now().toISOString(),
      observations: inboundObservations(
        data,
        clusterResolverFrom(this.#clusterIds()),
      ),
      sources: data.map(d => d.status),
    };
  }

  async getEdgeDetail(
    source: string,
    destination: string,
    options: { window?: string },
  ): Promise<EdgeDetailResponse> {
    if (!this.#edgeDetail) throw new NotFoundError('Edge detail is not served');
    const window = options.window ?? this.#defaultWindow;
    return this.#edgeDetail.read(
      source,
      destination,
      window,
      this.#background?.latest(window),
    );
  }

  /**
   * Builds the workload graph of `window` ahead of requests (after a new
   * background collection), so the first request after it does not pay for
   * the build. Does nothing for windows without a recent collection.
   */
  prepareGraph(window: string): void {
    const collected = this.#background?.latest(window);
    if (!collected) return;
    this.#graphs.graphOf(window, collected.sources, this.#clusterIds());
  }

  /**
   * The graph of a window: from the background collection when there is a
   * recent one (no query at all), else from the sources through the cache.
   */
  async #workloadGraph(requested: string | undefined): Promise<WindowGraph> {
    const window = requested ?? this.#defaultWindow;
    parseWindow(window, this.#scrapeIntervalSeconds);
    const collected = this.#background?.latest(window);
    const data = collected
      ? collected.sources
      : await this.#collector.collect(window);
    const graph = this.#graphs.graphOf(window, data, this.#clusterIds());
    return {
      window,
      data,
      graph,
      collection: collected ? 'background' : 'on-demand',
    };
  }

  #ageSeconds(dataTime: string): number {
    const age = (this.#now().getTime() - Date.parse(dataTime)) / 1000;
    return Math.max(0, Math.round(age));
  }

  /**
   * A graph's nodes (with their link-outs) and edges in the REST shape. The
   * lists are frozen: views share them between responses, and the router
   * reuses their JSON text (`sharedJson.ts`).
   */
  #body(graph: TrafficGraph): ResponseBody {
    const { nodes, edges } = toNodesAndEdges(graph);
    return {
      nodes: Object.freeze(nodes.map(this.#withLinks)) as GraphNode[],
      edges: Object.freeze(edges) as typeof edges,
    };
  }

  #response(
    source: WindowGraph,
    view: 'workload' | 'service',
    { nodes, edges }: ResponseBody,
    extra: Pick<GraphResponse, 'truncated' | 'totalNodes' | 'dependencies'>,
  ): GraphResponse {
    const { window, data, collection } = source;
    const dataTime = dataTimeOf(data, this.#now());
    const response: GraphResponse = {
      window,
      dataTime,
      ageSeconds: this.#ageSeconds(dataTime),
      collection,
      view,
      nodes,
      edges,
      truncated: extra.truncated,
      sources: sourceStatuses(data),
    };
    if (extra.totalNodes !== undefined) response.totalNodes = extra.totalNodes;
    if (extra.dependencies) response.dependencies = extra.dependencies;
    return response;
  }
}

/**
 * Declared vs observed, frozen: it is shared by every response of its view
 * (the mesh view's covers every observed entity pair, often the largest part
 * of the answer), so the router reuses its JSON text too.
 */
function frozenDependencies(
  dependencies: DeclaredVsObserved,
): DeclaredVsObserved {
  Object.freeze(dependencies.undeclared);
  Object.freeze(dependencies.unobserved);
  Object.freeze(dependencies.confirmed);
  return Object.freeze(dependencies);
}

function viewOf(view: GraphRequestOptions['view']): 'workload' | 'service' {
  if (view === undefined) return 'workload';
  if (view !== 'workload' && view !== 'service') {
    throw new InputError('view must be "workload" or "service"');
  }
  return view;
}
