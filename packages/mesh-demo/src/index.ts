/**
 * The demo mesh: two simulated clusters (manifests under `clusters/`), an
 * Envoy-like telemetry generator driven by `traffic-model.yaml`, and one real
 * Prometheus per cluster with a backfilled hour of history.
 *
 * @packageDocumentation
 */

export { startDemo, freePort, DEMO_DEFAULTS } from './startDemo';
export type {
  StartDemoOptions,
  RunningDemo,
  DemoApiServer,
  DemoTelemetry,
  DemoClusterPorts,
} from './startDemo';
export {
  loadTelemetryPlan,
  DEFAULT_CLUSTERS_DIR,
  DEFAULT_TRAFFIC_MODEL,
  DEMO_CLUSTER_NAMES,
  MESH_DEMO_DIR,
} from './telemetry/generator';
export type {
  TelemetryPlan,
  TelemetryPlanOptions,
} from './telemetry/generator';
export { loadTrafficModel, parseTrafficModel } from './telemetry/model';
export type { TrafficModel, TrafficEdge } from './telemetry/model';
export {
  buildScrapeTargets,
  counterValue,
  histogramValue,
  integratedAmount,
  ISTIO_DURATION_BUCKETS_MS,
} from './telemetry/series';
export type { ScrapeTarget, SeriesSpec, FamilyName } from './telemetry/series';
export {
  renderTextExposition,
  writeOpenMetricsBackfill,
  formatBucketBound,
} from './telemetry/exposition';
export type { BackfillOptions } from './telemetry/exposition';
export { startTelemetryServer } from './telemetry/server';
export type { TelemetryServer } from './telemetry/server';
export { buildClusterTopology } from './telemetry/topology';
export type {
  ClusterTopology,
  WorkloadInfo,
  PodInfo,
  PodDataplane,
} from './telemetry/topology';
export { loadClusterManifests } from './manifests/loadManifests';
export type { ManifestObject } from './manifests/loadManifests';
export { locatePrometheus } from './prometheus/locate';
export type { PrometheusBinaries } from './prometheus/locate';
export { renderPrometheusConfig } from './prometheus/config';
export { backfillHistory } from './prometheus/backfill';
export { startPrometheus } from './prometheus/server';
export type {
  PrometheusServer,
  StartPrometheusOptions,
} from './prometheus/server';

// Real-Prometheus helpers shared by the plugins' tests and the benchmarks.
export {
  ensurePrometheus,
  startBackfilledPrometheus,
} from './testing/backfilledPrometheus';
export type {
  PrometheusAvailability,
  RunningPrometheus,
} from './testing/backfilledPrometheus';
export { writeOpenMetrics } from './testing/openMetrics';
export type {
  CounterSeries,
  HistogramSeries,
  MetricFamily,
} from './testing/openMetrics';
export {
  openPrometheusFleet,
  prometheusTestsRunnable,
} from './testing/prometheusFleet';
export type { BackfillRange, PrometheusFleet } from './testing/prometheusFleet';
