import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { TelemetryConfig } from '../config/telemetryConfig';
import { PrometheusClient } from './prometheus/PrometheusClient';
import type { TelemetrySource } from './collectSource';
import { TelemetryCollector } from './TelemetryCollector';
import { DefaultTelemetryService } from './TelemetryService';
import { ReadinessCollector } from './readiness/ReadinessCollector';
import type { TelemetryService, WorkloadDirectory } from './types';

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
}

/**
 * Creates the telemetry service: one Prometheus client per configured source
 * (per cluster, and the shared store if any), a cached collector running
 * the fixed query set, and the graph views on top.
 */
export function createTelemetryService(
  options: CreateTelemetryServiceOptions,
): TelemetryService {
  const { config, clusterIds } = options;
  const now = options.now ?? (() => new Date());
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
  return new DefaultTelemetryService({
    collector,
    readiness,
    directory: options.directory,
    clusterIds,
    window: config.window,
    scrapeIntervalSeconds: config.scrapeIntervalSeconds,
    links: config.links,
    logger: options.logger,
    now,
  });
}
