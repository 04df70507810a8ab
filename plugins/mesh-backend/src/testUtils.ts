/**
 * Building blocks of the mesh backend for tests and benchmarks outside this
 * package: the engine, one cluster's collection and the telemetry service,
 * measured directly instead of through HTTP. Not a stable API: these follow
 * the plugin's internals and may change in any release.
 *
 * @packageDocumentation
 */

export { computeMeshModel, emptyClusterObjects } from './engine';
export type { ClusterObjects, EngineOptions } from './engine';
export { collectCluster } from './collector';
export type { ClusterCollection, CollectOptions } from './collector';
export { buildQuerySet, createTelemetryService } from './telemetry';
export type {
  CreateTelemetryServiceOptions,
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
export type {
  PlaintextCaller,
  PlaintextReason,
  ReadinessContext,
  WorkloadReadiness,
} from './telemetry/readiness/verdict';
