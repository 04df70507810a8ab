/**
 * Building blocks of the mesh backend for tests and benchmarks outside this
 * package: the engine, one cluster's collection and the telemetry service,
 * measured directly instead of through HTTP. Not a stable API: these follow
 * the plugin's internals and may change in any release.
 *
 * @packageDocumentation
 */

import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { TelemetryConfig } from './config/telemetryConfig';
import {
  createTelemetry,
  type TelemetryService,
  type WorkloadDirectory,
} from './telemetry';

export { computeMeshModel, EngineMemo, emptyClusterObjects } from './engine';
export type { ClusterObjects, EngineOptions } from './engine';
export { collectCluster, ClusterWatcher } from './collector';
export type {
  ClusterCollection,
  ClusterWatchOptions,
  CollectOptions,
  WatchedClusterRead,
  WatchRequestCounts,
} from './collector';
export { buildQuerySet } from './telemetry';
export type {
  GraphRequestOptions,
  QueryScope,
  TelemetryQuery,
  TelemetryQueryName,
  TelemetryService,
  WorkloadDirectory,
  WorkloadEntry,
} from './telemetry';
export type {
  ClusterPrometheusSource,
  LinkTemplate,
  PrometheusEndpoint,
  SharedPrometheusSource,
  TelemetryConfig,
} from './config/telemetryConfig';
export type { MeshClusterConfig, PrometheusEndpointConfig } from './config';
export type { ObservedMtls, ObservedMtlsRates } from './telemetry/types';
export { buildReadinessQueries } from './telemetry/readiness/queries';
export type {
  ReadinessQuery,
  ReadinessQueryName,
} from './telemetry/readiness/queries';
export { readinessOf } from './telemetry/readiness/verdict';
export {
  advanceEdgeRateRing,
  edgeRateFromRing,
  ringSampling,
} from './telemetry/edgeDetail/edgeRateRing';
export type {
  EdgeRateRing,
  RatePointSources,
  RingSampling,
} from './telemetry/edgeDetail/edgeRateRing';
export type { EdgeEndLabels } from './telemetry/edgeDetail/edgeQueries';
export type { RawSourceData, RawVector } from './telemetry/graph/rawData';
export type {
  PlaintextCaller,
  PlaintextReason,
  ReadinessContext,
  WorkloadReadiness,
} from './telemetry/readiness/verdict';
export type {
  InboundCaller,
  InboundObservation,
  WorkloadName,
} from './telemetry/readiness/inbound';
export type { InboundObservations } from './telemetry/types';
export type { ClusterLocatorType } from './config/types';

/**
 * Options of {@link createTelemetryService} here: the on-demand service
 * only, without the background collection the plugin wires in.
 * @public
 */
export interface TelemetryServiceTestOptions {
  config: TelemetryConfig;
  directory: WorkloadDirectory;
  /** Istio cluster id to Backstage cluster name. */
  clusterIds: () => Map<string, string>;
  cache: CacheService;
  logger: LoggerService;
  /** Evaluation time of the queries; defaults to the current time. */
  now?: () => Date;
}

/**
 * The telemetry service as the plugin builds it, answering every window on
 * request (no background collection).
 * @public
 */
export function createTelemetryService(
  options: TelemetryServiceTestOptions,
): TelemetryService {
  return createTelemetry(options).service;
}
