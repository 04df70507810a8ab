import type { TelemetryConfig } from '../../config/telemetryConfig';
import type { WorkloadEntry } from '../types';
import { FakeDirectory, deployment } from './fakeDirectory';
import type { FakeAnswers } from './fakePrometheus';
import { latencySeries, requestSeries, tcpSeries } from './series';

/** Base URLs of the two fake Prometheus servers. */
export const PLATFORM_URL = 'http://prom-platform.test:9090';
/** Base URL of the compute cluster's fake Prometheus. */
export const COMPUTE_URL = 'http://prom-compute.test:9090';

/** Istio cluster id → Backstage cluster name, as in the demo. */
export const CLUSTER_IDS = new Map([
  ['platform-east', 'platform'],
  ['compute-west', 'compute'],
]);

const P = 'platform-east';
const C = 'compute-west';

/** Entity refs used by the fixture. */
export const REFS = {
  web: 'component:default/web-frontend',
  api: 'component:default/public-api',
  auth: 'component:default/auth-service',
  metrics: 'component:default/metrics-service',
  scheduler: 'component:default/pipeline-scheduler',
  runner: 'component:default/job-runner',
  shuffle: 'component:default/shuffle-service',
  driver: 'component:default/spark-driver',
};

/** The catalog side: which entity claims which workload, and what each declares. */
export function demoDirectory(): FakeDirectory {
  return new FakeDirectory(demoEntries());
}

/** The entries of {@link demoDirectory}. */
export function demoEntries(): WorkloadEntry[] {
  return [
    deployment('platform', 'web', 'frontend', {
      ref: REFS.web,
      title: 'Web frontend',
      owner: 'group:default/web',
      system: 'system:default/portal',
      dependsOn: [REFS.api],
    }),
    deployment('platform', 'api', 'public-api', {
      ref: REFS.api,
      title: 'Public API',
      owner: 'group:default/platform',
      system: 'system:default/portal',
      dependsOn: [REFS.metrics, 'resource:default/api-db'],
      consumesApis: ['api:default/auth-api'],
    }),
    deployment('platform', 'api', 'public-api-canary', {
      ref: REFS.api,
      title: 'Public API',
      owner: 'group:default/platform',
      system: 'system:default/portal',
      dependsOn: [REFS.metrics, 'resource:default/api-db'],
      consumesApis: ['api:default/auth-api'],
    }),
    deployment('platform', 'auth', 'auth', {
      ref: REFS.auth,
      owner: 'group:default/platform',
      providesApis: ['api:default/auth-api'],
    }),
    deployment('platform', 'metrics', 'metrics', {
      ref: REFS.metrics,
      owner: 'group:default/platform',
    }),
    deployment('platform', 'pipelines', 'scheduler', {
      ref: REFS.scheduler,
      owner: 'group:default/data',
      system: 'system:default/pipelines',
      dependsOn: [REFS.runner],
    }),
    deployment('compute', 'spark', 'job-runner', {
      ref: REFS.runner,
      owner: 'group:default/data',
      system: 'system:default/pipelines',
    }),
    deployment('compute', 'spark', 'driver', {
      ref: REFS.driver,
      owner: 'group:default/data',
    }),
    deployment('compute', 'spark', 'shuffle', {
      ref: REFS.shuffle,
      owner: 'group:default/data',
    }),
    deployment('compute', 'legacy', 'legacy', undefined, {
      membership: 'none',
    }),
  ];
}

/** What the `platform` Prometheus holds. */
export const PLATFORM_ANSWERS: FakeAnswers = {
  requests_destination: [
    requestSeries({
      reporter: 'destination',
      src: [P, 'web', 'frontend'],
      dst: [P, 'api', 'public-api'],
      value: 10,
    }),
    requestSeries({
      reporter: 'destination',
      src: [P, 'web', 'frontend'],
      dst: [P, 'api', 'public-api'],
      code: '503',
      value: 1,
    }),
    requestSeries({
      reporter: 'destination',
      src: [P, 'web', 'frontend'],
      dst: [P, 'api', 'public-api-canary'],
      csp: 'none',
      value: 2,
    }),
    requestSeries({
      reporter: 'destination',
      src: [P, 'api', 'public-api'],
      dst: [P, 'auth', 'auth'],
      value: 5,
    }),
    requestSeries({
      reporter: 'destination',
      src: [P, 'api', 'public-api'],
      dst: [P, 'metrics', 'metrics'],
      value: 3,
    }),
    requestSeries({
      reporter: 'destination',
      protocol: 'grpc',
      grpc: '0',
      src: [P, 'api', 'public-api'],
      dst: [P, 'pipelines', 'scheduler'],
      value: 4,
    }),
    requestSeries({
      reporter: 'destination',
      protocol: 'grpc',
      grpc: '14',
      src: [P, 'api', 'public-api'],
      dst: [P, 'pipelines', 'scheduler'],
      value: 1,
    }),
    requestSeries({
      reporter: 'destination',
      src: ['unknown', 'unknown', 'unknown'],
      dst: [P, 'web', 'frontend'],
      csp: 'none',
      value: 6,
    }),
  ],
  requests_source_unreported: [
    // Cross-cluster: the destination report lives in the compute Prometheus.
    requestSeries({
      reporter: 'source',
      protocol: 'grpc',
      grpc: '0',
      src: [P, 'pipelines', 'scheduler'],
      dst: [C, 'spark', 'job-runner'],
      value: 7,
    }),
    // Never reached a destination proxy: an external host.
    requestSeries({
      reporter: 'source',
      src: [P, 'api', 'public-api'],
      dst: ['unknown', 'unknown', 'unknown'],
      service: 'httpbin.org',
      value: 0.5,
    }),
    // G6: destination cluster missing on the source report of an edge the destination also reported.
    requestSeries({
      reporter: 'source',
      src: [P, 'api', 'public-api'],
      dst: ['unknown', 'metrics', 'metrics'],
      value: 3,
    }),
  ],
  request_latency: [
    latencySeries({
      src: [P, 'web', 'frontend'],
      dst: [P, 'api', 'public-api'],
      quantile: '0.5',
      value: 10,
    }),
    latencySeries({
      src: [P, 'web', 'frontend'],
      dst: [P, 'api', 'public-api'],
      quantile: '0.95',
      value: 50,
    }),
    latencySeries({
      src: [P, 'web', 'frontend'],
      dst: [P, 'api', 'public-api'],
      quantile: '0.99',
      value: 90,
    }),
    latencySeries({
      src: [P, 'web', 'frontend'],
      dst: [P, 'api', 'public-api-canary'],
      quantile: '0.5',
      value: 20,
    }),
    latencySeries({
      src: [P, 'web', 'frontend'],
      dst: [P, 'api', 'public-api-canary'],
      quantile: '0.95',
      value: 60,
    }),
    latencySeries({
      src: [P, 'web', 'frontend'],
      dst: [P, 'api', 'public-api-canary'],
      quantile: '0.99',
      value: 100,
    }),
  ],
};

/** What the `compute` Prometheus holds. */
export const COMPUTE_ANSWERS: FakeAnswers = {
  requests_destination: [
    requestSeries({
      reporter: 'destination',
      protocol: 'grpc',
      grpc: '0',
      src: [P, 'pipelines', 'scheduler'],
      dst: [C, 'spark', 'job-runner'],
      value: 7,
    }),
  ],
  requests_source_unreported: [
    // The legacy service has no proxy: only its client reports.
    requestSeries({
      reporter: 'source',
      src: [C, 'spark', 'job-runner'],
      dst: [C, 'legacy', 'legacy'],
      value: 2,
    }),
  ],
  tcp_destination: [
    tcpSeries({
      reporter: 'destination',
      src: [C, 'spark', 'driver'],
      dst: [C, 'spark', 'shuffle'],
      value: 1000,
    }),
  ],
  tcp_ztunnel: [
    tcpSeries({
      reporter: 'destination',
      src: [C, 'spark', 'job-runner'],
      dst: [C, 'spark', 'shuffle'],
      csp: 'mutual_tls',
      value: 500,
    }),
    tcpSeries({
      reporter: 'source',
      src: [C, 'spark', 'job-runner'],
      dst: [C, 'spark', 'shuffle'],
      csp: 'mutual_tls',
      value: 500,
    }),
  ],
};

/** Telemetry config with one Prometheus per cluster. */
export function demoConfig(
  overrides: Partial<TelemetryConfig> = {},
): TelemetryConfig {
  return {
    sources: {
      clusters: [
        { name: 'platform', url: PLATFORM_URL, timeoutMs: 2000 },
        { name: 'compute', url: COMPUTE_URL, timeoutMs: 2000 },
      ],
    },
    window: '5m',
    scrapeIntervalSeconds: 15,
    cacheTtlMs: 15_000,
    links: [],
    ...overrides,
  };
}
