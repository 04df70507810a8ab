import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { TelemetryConfig } from '../config/telemetryConfig';
import { PrometheusClient } from './prometheus/PrometheusClient';
import type { TelemetrySource } from './collectSource';
import { TelemetryCollector } from './TelemetryCollector';
import { DefaultTelemetryService } from './TelemetryService';
import { EdgeDetailReader } from './edgeDetail';
import { ReadinessCollector } from './readiness/ReadinessCollector';
import type { TelemetryService, WorkloadDirectory } from './types';
import {
  BackgroundTelemetry,
  type TelemetryCollectionStore,
} from './background';
import { DEFAULT_PROMETHEUS_TIMEOUT_MS } from '../config/telemetryConfig';

export {
  BackgroundTelemetry,
  DatabaseTelemetryCollectionStore,
} from './background';
export type {
  TelemetryCollection,
  TelemetryCollectionStore,
} from './background';

export type {
  TelemetryService,
  WorkloadDirectory,
  WorkloadEntry,
  GraphRequestOptions,
} from './types';
export type {
  TelemetryConfig,
  PrometheusEndpoint,
  ClusterPrometheusSource,
  SharedPrometheusSource,
  LinkTemplate,
} from '../config/telemetryConfig';
export {
  linkTemplatesFrom,
  telemetryConfigFromMesh,
} from '../config/telemetryConfig';
export { renderLinks } from '../links';
export { clientTlsLookupFrom, clientTlsTowardLatest } from './clientTlsLookup';
export type { LinkContext } from '../links';
export { escapePromLabelValue } from './promql/escape';
export { buildQuerySet } from './queries';
export type { TelemetryQuery, TelemetryQueryName, QueryScope } from './queries';
export { PrometheusClient } from './prometheus/PrometheusClient';
export { PrometheusQueryError } from './prometheus/PrometheusQueryError';

/**
 * Options of {@link createTelemetryService}.
 * @public
 */
export interface CreateTelemetryServiceOptions {
  config: TelemetryConfig;
  directory: WorkloadDirectory;
  /** Istio cluster id → Backstage cluster name (from `ClusterMeshInfo.istioClusterId`), read on every refresh. */
  clusterIds: () => Map<string, string>;
  cache: CacheService;
  logger: LoggerService;
  /** Evaluation time of the queries; defaults to the current time (tests pin it). */
  now?: () => Date;
  /**
   * Background collection of some windows (`mesh.telemetry.background`):
   * requests for them are answered from the last collection, shared through
   * `store`, never from a query. Absent or without windows: every window is
   * queried on request.
   */
  background?: {
    store: TelemetryCollectionStore;
    windows: string[];
    intervalMs: number;
  };
}

/**
 * The telemetry service and, when configured, its background collection
 * (whose `collect` and `sync` the plugin schedules).
 * @public
 */
export interface Telemetry {
  service: TelemetryService;
  background?: BackgroundTelemetry;
}

/**
 * One source per configured Prometheus: per cluster, and the shared store if
 * any, which serves only the clusters without their own source.
 */
function telemetrySources(
  config: TelemetryConfig,
  clusterIds: () => Map<string, string>,
): TelemetrySource[] {
  const sources: TelemetrySource[] = config.sources.clusters.map(cluster => ({
    name: cluster.name,
    cluster: cluster.name,
    client: new PrometheusClient({ name: cluster.name, endpoint: cluster }),
    scope: () =>
      cluster.clusterLabelValue !== undefined
        ? {
            clusterLabel: cluster.clusterLabel ?? 'cluster',
            only: cluster.clusterLabelValue,
          }
        : undefined,
  }));
  const shared = config.sources.shared;
  if (shared) {
    const ownSource = new Set(config.sources.clusters.map(c => c.name));
    sources.push({
      name: shared.name,
      clusterLabel: shared.clusterLabel,
      client: new PrometheusClient({ name: shared.name, endpoint: shared }),
      // The shared store serves clusters without their own source: series of
      // the others are left out, under both their Istio id and their name.
      scope: () => {
        const exclude = new Set<string>(ownSource);
        for (const [istioId, name] of clusterIds()) {
          if (ownSource.has(name)) exclude.add(istioId);
        }
        return {
          clusterLabel: shared.clusterLabel,
          exclude: [...exclude].sort(),
          groupByClusterLabel: true,
        };
      },
    });
  }
  return sources;
}

/** The longest per-query timeout of the sources. */
function longestTimeoutMs(config: TelemetryConfig): number {
  const endpoints = [...config.sources.clusters, config.sources.shared];
  return Math.max(
    DEFAULT_PROMETHEUS_TIMEOUT_MS,
    ...endpoints.map(e => e?.timeoutMs ?? 0),
  );
}

/**
 * Creates the telemetry service: one Prometheus client per configured source
 * (per cluster, and the shared store if any), a cached collector running
 * the fixed query set on request, the background collection of the
 * configured windows, and the graph views on top.
 * @public
 */
export function createTelemetry(
  options: CreateTelemetryServiceOptions,
): Telemetry {
  const { config, clusterIds } = options;
  const now = options.now ?? (() => new Date());
  const sources = telemetrySources(config, clusterIds);
  const collector = new TelemetryCollector({
    sources,
    cache: options.cache,
    ttlMs: config.cacheTtlMs,
    logger: options.logger,
    now,
  });
  const readiness = new ReadinessCollector({
    sources,
    cache: options.cache,
    ttlMs: config.cacheTtlMs,
    logger: options.logger,
    now,
  });
  const background =
    options.background &&
    options.background.windows.length > 0 &&
    sources.length > 0
      ? new BackgroundTelemetry({
          sources,
          store: options.background.store,
          windows: options.background.windows,
          // One missed collection and a slow query are tolerated; beyond
          // that the collecting replica is gone or stuck.
          maxAgeMs:
            2 * options.background.intervalMs + longestTimeoutMs(config),
          intervalMs: options.background.intervalMs,
          scrapeIntervalSeconds: config.scrapeIntervalSeconds,
          logger: options.logger,
          now,
        })
      : undefined;
  const service = new DefaultTelemetryService({
    collector,
    background,
    readiness,
    directory: options.directory,
    clusterIds,
    window: config.window,
    scrapeIntervalSeconds: config.scrapeIntervalSeconds,
    links: config.links,
    logger: options.logger,
    now,
    edgeDetail: new EdgeDetailReader({
      sources,
      directory: options.directory,
      clusterIds,
      scrapeIntervalSeconds: config.scrapeIntervalSeconds,
      now,
    }),
  });
  background?.onCollection(collection =>
    service.prepareGraph(collection.window),
  );
  return { service, background };
}

/**
 * Creates the telemetry service alone (see `createTelemetry`).
 * @public
 */
export function createTelemetryService(
  options: CreateTelemetryServiceOptions,
): TelemetryService {
  return createTelemetry(options).service;
}
