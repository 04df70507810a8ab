import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type {
  GraphNode,
  GraphResponse,
  InboundMtlsResponse,
  TelemetrySourceStatus,
} from '@mesh-portal/plugin-mesh-common';
import type { LinkTemplate } from '../config/telemetryConfig';
import type { TelemetryCollector } from './TelemetryCollector';
import type {
  GraphRequestOptions,
  ObservedMtls,
  ObservedMtlsRates,
  TelemetryService,
  WorkloadDirectory,
} from './types';
import { parseWindow } from '../config/window';
import type { RawSourceData } from './graph/rawData';
import type { EntityInfo, TrafficGraph } from './graph/model';
import {
  clusterResolverFrom,
  normalizeSamples,
} from './graph/normalizeSamples';
import { buildWorkloadGraph } from './graph/buildWorkloadGraph';
import { collapseToEntities, entityNodeId } from './graph/collapseToEntities';
import { neighbourhood } from './graph/neighbourhood';
import { applyMeshFilters, applyVisibility } from './graph/filterGraph';
import { limitNodes } from './graph/limitNodes';
import { compareDeclaredWithObserved } from './graph/declaredVsObserved';
import { toNodesAndEdges } from './graph/toResponse';
import { renderLinks } from '../links';
import { compareCodePoints } from './graph/compare';

/** Default and maximum node count of the mesh view. */
export const DEFAULT_MESH_NODE_LIMIT = 500;
const MAX_MESH_NODE_LIMIT = 10_000;
/** Most workload graphs kept (one per window asked for recently). */
const MAX_MEMOISED_GRAPHS = 8;

/** The anonymous stand-in for plaintext sources the caller may not see. */
const HIDDEN_SOURCE: GraphNode = {
  id: 'hidden',
  type: 'unknown',
  name: 'hidden workload',
};

const norm = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * The telemetry service: collects (cached) raw series from every source,
 * merges them into one workload graph, and shapes views of it.
 */
export class DefaultTelemetryService implements TelemetryService {
  readonly #collector: TelemetryCollector;
  readonly #directory: WorkloadDirectory;
  readonly #clusterIds: () => Map<string, string>;
  readonly #defaultWindow: string;
  readonly #scrapeIntervalSeconds: number;
  readonly #links: LinkTemplate[];
  readonly #now: () => Date;
  /** Built workload graphs by {@link DefaultTelemetryService.#graphKey}; treated as immutable. */
  readonly #graphs = new Map<string, TrafficGraph>();

  constructor(options: {
    collector: TelemetryCollector;
    directory: WorkloadDirectory;
    clusterIds: () => Map<string, string>;
    window: string;
    scrapeIntervalSeconds: number;
    links: LinkTemplate[];
    logger: LoggerService;
    now: () => Date;
  }) {
    this.#collector = options.collector;
    this.#directory = options.directory;
    this.#clusterIds = options.clusterIds;
    this.#defaultWindow = options.window;
    this.#scrapeIntervalSeconds = options.scrapeIntervalSeconds;
    this.#links = options.links;
    this.#now = options.now;
  }

  async getEntityGraph(
    entityRef: string,
    options: GraphRequestOptions & {
      depth?: number;
      visibleEntities?: Set<string>;
      includeUnowned?: boolean;
    },
  ): Promise<GraphResponse> {
    const depth = options.depth ?? 1;
    if (!Number.isInteger(depth) || depth < 1 || depth > 3) {
      throw new InputError('depth must be an integer from 1 to 3');
    }
    const view = this.#view(options.view);
    const { window, data, graph } = await this.#workloadGraph(options.window);
    // Visibility first: everything below, declared-vs-observed included,
    // only sees what the caller may read.
    const visible = applyVisibility(graph, {
      visibleEntities: options.visibleEntities,
      includeUnowned: options.includeUnowned ?? true,
    });
    // The focus entity was authorised by the caller; its facts are readable.
    const dependencies = compareDeclaredWithObserved(visible, {
      focus: entityRef,
      entities: this.#entityInfoOf(entityRef),
    });
    let shaped = view === 'service' ? collapseToEntities(visible) : visible;
    const start = this.#startNodes(shaped, entityRef, view);
    shaped = neighbourhood(shaped, start, depth);
    return this.#response(window, data, view, shaped, {
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
      includeUnowned?: boolean;
    },
  ): Promise<GraphResponse> {
    const limit = options.limit ?? DEFAULT_MESH_NODE_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_MESH_NODE_LIMIT) {
      throw new InputError(
        `limit must be an integer from 1 to ${MAX_MESH_NODE_LIMIT}`,
      );
    }
    const view = this.#view(options.view);
    const { window, data, graph } = await this.#workloadGraph(options.window);
    let shaped = applyVisibility(graph, options);
    shaped = applyMeshFilters(shaped, options);
    const dependencies = compareDeclaredWithObserved(shaped);
    if (view === 'service') shaped = collapseToEntities(shaped);
    const limited = limitNodes(shaped, limit);
    return this.#response(window, data, view, limited.graph, {
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
      includeUnowned?: boolean;
    },
  ): Promise<InboundMtlsResponse> {
    const { window, data, graph } = await this.#workloadGraph(options.window);
    const targets = new Set(this.#startNodes(graph, entityRef, 'workload'));
    const inbound = graph.edges.filter(e => targets.has(e.target));
    // Hidden sources still count in the share (it is the entity's own
    // traffic) but are never named: they collapse into one anonymous entry.
    const named = applyVisibility(graph, {
      visibleEntities: options.visibleEntities,
      includeUnowned: options.includeUnowned ?? true,
    }).nodes;
    const share = (protocolTcp: boolean) => {
      let known = 0;
      let mtls = 0;
      for (const e of inbound) {
        if ((e.protocol === 'tcp') !== protocolTcp) continue;
        known += e.securityKnownRate;
        mtls += e.mtlsRate;
      }
      return known > 0 ? mtls / known : undefined;
    };
    type PlaintextSource = InboundMtlsResponse['plaintextSources'][number];
    const plaintext = new Map<string, PlaintextSource>();
    for (const edge of inbound) {
      const plain = edge.securityKnownRate - edge.mtlsRate;
      if (!(plain > 1e-12)) continue;
      const node = graph.nodes.get(edge.source);
      if (!node) continue;
      const visible = named.has(node.id);
      const key = visible ? node.id : HIDDEN_SOURCE.id;
      const entry: PlaintextSource =
        plaintext.get(key) ??
        (visible
          ? { source: this.#withLinks(node) }
          : { source: { ...HIDDEN_SOURCE }, hidden: true });
      if (edge.protocol === 'tcp') {
        entry.bytesPerSecond = (entry.bytesPerSecond ?? 0) + plain;
      } else {
        entry.requestsPerSecond = (entry.requestsPerSecond ?? 0) + plain;
      }
      plaintext.set(key, entry);
    }
    const response: InboundMtlsResponse = {
      entityRef,
      window,
      dataTime: this.#dataTime(data),
      plaintextSources: [...plaintext.values()].sort((a, b) =>
        compareCodePoints(a.source.id, b.source.id),
      ),
      sources: this.#statuses(data),
    };
    // Requests first: a request is a unit a person can reason about; bytes only without requests.
    const mtlsShare = share(false) ?? share(true);
    if (mtlsShare !== undefined) response.mtlsShare = mtlsShare;
    return response;
  }

  async getObservedMtlsByWorkload(): Promise<ObservedMtls> {
    const { data, graph } = await this.#workloadGraph(undefined);
    const byWorkload = new Map<string, ObservedMtlsRates>();
    for (const edge of graph.edges) {
      if (graph.nodes.get(edge.target)?.type !== 'workload') continue;
      if (!(edge.securityKnownRate > 0)) continue;
      const rates = byWorkload.get(edge.target) ?? {};
      const unit = edge.protocol === 'tcp' ? 'bytes' : 'requests';
      const sums = (rates[unit] ??= { known: 0, mtls: 0 });
      sums.known += edge.securityKnownRate;
      sums.mtls += edge.mtlsRate;
      byWorkload.set(edge.target, rates);
    }
    return { byWorkload, sources: this.#statuses(data) };
  }

  #view(view: GraphRequestOptions['view']): 'workload' | 'service' {
    if (view === undefined) return 'workload';
    if (view !== 'workload' && view !== 'service') {
      throw new InputError('view must be "workload" or "service"');
    }
    return view;
  }

  async #workloadGraph(requested: string | undefined): Promise<{
    window: string;
    data: RawSourceData[];
    graph: TrafficGraph;
  }> {
    const window = requested ?? this.#defaultWindow;
    parseWindow(window, this.#scrapeIntervalSeconds);
    const data = await this.#collector.collect(window);
    const clusterIds = this.#clusterIds();
    const key = this.#graphKey(window, data, clusterIds);
    const memo = key !== undefined ? this.#graphs.get(key) : undefined;
    if (memo) return { window, data, graph: memo };
    const resolve = clusterResolverFrom(clusterIds);
    const { traffic, latency } = normalizeSamples(data, resolve);
    const graph = buildWorkloadGraph(traffic, latency, this.#directory);
    if (key !== undefined) {
      // One graph per window is plenty: the views shape copies of it.
      for (const old of this.#graphs.keys()) {
        if (old.startsWith(`${window}\n`)) this.#graphs.delete(old);
      }
      if (this.#graphs.size >= MAX_MEMOISED_GRAPHS) this.#graphs.clear();
      this.#graphs.set(key, graph);
    }
    return { window, data, graph };
  }

  /**
   * What a built graph depends on: the window, each source's collection,
   * the directory's version and the cluster ids. Undefined (no reuse) when
   * the directory or a collection cannot say what version it is.
   */
  #graphKey(
    window: string,
    data: RawSourceData[],
    clusterIds: Map<string, string>,
  ): string | undefined {
    const directoryVersion = this.#directory.version?.();
    if (directoryVersion === undefined) return undefined;
    if (data.some(d => !d.collectionId)) return undefined;
    return [
      window,
      directoryVersion,
      JSON.stringify([...clusterIds]),
      ...data.map(d => `${d.source}=${d.collectionId}`),
    ].join('\n');
  }

  /** The entity's own catalog facts, even when it has no traffic. */
  #entityInfoOf(entityRef: string): Map<string, EntityInfo> {
    const out = new Map<string, EntityInfo>();
    for (const id of this.#directory.workloadsOfEntity(entityRef)) {
      const parsed = parseWorkloadId(id);
      if (!parsed) continue;
      const entry = this.#directory.findWorkload(
        parsed.cluster,
        parsed.namespace,
        parsed.name,
      );
      if (entry?.entity) {
        out.set(entry.entity.ref, entry.entity);
        break;
      }
    }
    return out;
  }

  #startNodes(
    graph: TrafficGraph,
    entityRef: string,
    view: 'workload' | 'service',
  ): string[] {
    const wanted = norm(entityRef);
    const ids = new Set<string>();
    for (const node of graph.nodes.values()) {
      if (node.entityRef && norm(node.entityRef) === wanted) ids.add(node.id);
    }
    if (view === 'service') {
      ids.add(entityNodeId(entityRef));
    } else {
      for (const id of this.#directory.workloadsOfEntity(entityRef))
        ids.add(id);
    }
    return [...ids];
  }

  #withLinks(node: GraphNode): GraphNode {
    if (node.type !== 'workload' || this.#links.length === 0) return node;
    const istioIds = [...this.#clusterIds()].filter(
      ([, name]) => name === node.cluster,
    );
    const parsed = parseWorkloadId(node.id);
    const entry =
      node.cluster && node.namespace
        ? this.#directory.findWorkload(node.cluster, node.namespace, node.name)
        : undefined;
    const links = renderLinks(this.#links, {
      cluster: node.cluster,
      istioClusterId: istioIds[0]?.[0],
      namespace: node.namespace,
      workload: node.name,
      kind:
        entry?.kind ?? (parsed?.kind !== 'workload' ? parsed?.kind : undefined),
      service: entry?.service,
      entity: node.entityRef,
    });
    return links.length > 0 ? { ...node, links } : node;
  }

  #response(
    window: string,
    data: RawSourceData[],
    view: 'workload' | 'service',
    graph: TrafficGraph,
    extra: Pick<GraphResponse, 'truncated' | 'totalNodes' | 'dependencies'>,
  ): GraphResponse {
    const { nodes, edges } = toNodesAndEdges(graph);
    const response: GraphResponse = {
      window,
      dataTime: this.#dataTime(data),
      view,
      nodes: nodes.map(n => this.#withLinks(n)),
      edges,
      truncated: extra.truncated,
      sources: this.#statuses(data),
    };
    if (extra.totalNodes !== undefined) response.totalNodes = extra.totalNodes;
    if (extra.dependencies) response.dependencies = extra.dependencies;
    return response;
  }

  /** The oldest evaluation time among sources that answered. */
  #dataTime(data: RawSourceData[]): string {
    const times = data
      .filter(d => Object.keys(d.results).length > 0)
      .map(d => d.dataTime)
      .sort();
    return times[0] ?? this.#now().toISOString();
  }

  #statuses(data: RawSourceData[]): TelemetrySourceStatus[] {
    return data.map(d => {
      const status: TelemetrySourceStatus = {
        name: d.source,
        ok: !d.error,
        queries: d.queries,
        durationMs: d.durationMs,
      };
      if (d.error) status.error = d.error;
      if (d.warnings.length > 0) status.warnings = d.warnings;
      return status;
    });
  }
}

/** Splits `<cluster>/<namespace>/<kind>/<name>`. */
function parseWorkloadId(
  id: string,
):
  | { cluster: string; namespace: string; kind: string; name: string }
  | undefined {
  const parts = id.split('/');
  if (parts.length !== 4) return undefined;
  const [cluster, namespace, kind, name] = parts;
  return { cluster, namespace, kind, name };
}
