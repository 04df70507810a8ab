import type {
  GraphResponse,
  InboundMtlsResponse,
} from '@mesh-portal/plugin-mesh-common';
import { COMPUTE_WEB_ID, PLATFORM_WEB_ID } from './entityMesh';

/** Workload id of the auth service on `platform`. */
export const AUTH_ID = 'platform/auth/Deployment/auth-service';
/** Workload id of the Spark job runner on `compute`. */
export const SPARK_ID = 'compute/spark/Deployment/spark-job-runner';
/** Workload id of the public API on `platform`. */
export const PUBLIC_API_ID = 'platform/api/Deployment/public-api';

/**
 * The web frontend's neighbourhood (workload view, depth 1, 5m): callers,
 * callees, plaintext from an unknown source and a cross-cluster gRPC edge.
 */
export const webFrontendGraph: GraphResponse = {
  window: '5m',
  dataTime: '2026-11-26T07:00:00.000Z',
  view: 'workload',
  nodes: [
    {
      id: PLATFORM_WEB_ID,
      type: 'workload',
      cluster: 'platform',
      namespace: 'web',
      name: 'web-frontend',
      entityRef: 'component:default/web-frontend',
      title: 'Web Frontend',
      membership: 'sidecar',
    },
    {
      id: COMPUTE_WEB_ID,
      type: 'workload',
      cluster: 'compute',
      namespace: 'web',
      name: 'web-frontend',
      entityRef: 'component:default/web-frontend',
      title: 'Web Frontend',
      membership: 'ambient',
    },
    {
      id: AUTH_ID,
      type: 'workload',
      cluster: 'platform',
      namespace: 'auth',
      name: 'auth-service',
      entityRef: 'component:default/auth-service',
      title: 'Auth Service',
      membership: 'sidecar',
    },
    {
      id: SPARK_ID,
      type: 'workload',
      cluster: 'compute',
      namespace: 'spark',
      name: 'spark-job-runner',
      entityRef: 'component:default/spark-job-runner',
      title: 'Spark Job Runner',
      membership: 'sidecar',
    },
    {
      id: PUBLIC_API_ID,
      type: 'workload',
      cluster: 'platform',
      namespace: 'api',
      name: 'public-api',
      entityRef: 'component:default/public-api',
      title: 'Public API',
      membership: 'sidecar',
    },
    { id: 'unknown', type: 'unknown', name: 'unknown' },
  ],
  edges: [
    {
      source: PUBLIC_API_ID,
      target: PLATFORM_WEB_ID,
      protocol: 'http',
      requestsPerSecond: 25,
      errorRatio: 0.002,
      latencyMs: { p50: 20, p95: 85, p99: 140 },
      mtlsShare: 1,
      crossCluster: false,
    },
    {
      source: 'unknown',
      target: PLATFORM_WEB_ID,
      protocol: 'http',
      requestsPerSecond: 1.5,
      errorRatio: 0,
      latencyMs: { p95: 40 },
      mtlsShare: 0,
      crossCluster: false,
    },
    {
      source: PLATFORM_WEB_ID,
      target: AUTH_ID,
      protocol: 'http',
      requestsPerSecond: 12.5,
      errorRatio: 0.004,
      latencyMs: { p50: 11, p95: 42, p99: 90 },
      mtlsShare: 1,
      crossCluster: false,
    },
    {
      source: PLATFORM_WEB_ID,
      target: SPARK_ID,
      protocol: 'grpc',
      requestsPerSecond: 3.2,
      errorRatio: 0.08,
      latencyMs: { p50: 120, p95: 230, p99: 480 },
      mtlsShare: 1,
      crossCluster: true,
    },
    {
      source: COMPUTE_WEB_ID,
      target: SPARK_ID,
      protocol: 'grpc',
      requestsPerSecond: 0.8,
      errorRatio: 0,
      latencyMs: { p95: 35 },
      mtlsShare: 1,
      crossCluster: false,
    },
  ],
  truncated: false,
  totalNodes: 6,
  sources: [
    { name: 'platform', ok: true, queries: 6, durationMs: 40 },
    { name: 'compute', ok: true, queries: 6, durationMs: 38 },
  ],
  dependencies: {
    confirmed: [
      {
        source: 'component:default/web-frontend',
        target: 'component:default/auth-service',
      },
    ],
    undeclared: [
      {
        source: 'component:default/web-frontend',
        target: 'component:default/spark-job-runner',
      },
    ],
    unobserved: [
      {
        source: 'component:default/web-frontend',
        target: 'component:default/metrics-service',
        relation: 'dependsOn',
      },
    ],
  },
};

/** Observed inbound mTLS of the web frontend: the unknown source sends plaintext. */
export const webFrontendInboundMtls: InboundMtlsResponse = {
  entityRef: 'component:default/web-frontend',
  window: '5m',
  dataTime: '2026-11-26T07:00:00.000Z',
  mtlsShare: 25 / 26.5,
  plaintextSources: [
    {
      source: { id: 'unknown', type: 'unknown', name: 'unknown' },
      requestsPerSecond: 1.5,
    },
  ],
  sources: [
    { name: 'platform', ok: true },
    { name: 'compute', ok: true },
  ],
};
