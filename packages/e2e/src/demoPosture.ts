/**
 * The demo mesh's intended posture, as `packages/mesh-demo/README.md` states
 * it ("What the mesh contains"). The tests check the portal against both
 * this and the backend's own answer, so that neither a UI bug nor a backend
 * bug that agrees with the UI goes unnoticed.
 */

/** Workload ids (`cluster/namespace/Kind/name`) the README says are not STRICT. */
export const INTENDED_NOT_STRICT = [
  // Out of the mesh: namespace not injected, talks plaintext.
  'platform/reporting/Deployment/legacy-reporting',
  // The PERMISSIVE `spark` namespace of the compute cluster.
  'compute/spark/Deployment/spark-driver',
  'compute/spark/Job/spark-executor',
  // In the injected `spark` namespace but without a proxy (pods predate injection).
  'compute/spark/Deployment/spark-history-server',
  // STRICT except port 9090, PERMISSIVE by a workload policy.
  'platform/observability/Deployment/metrics-service',
  // The web frontend's second home: compute's `frontend` namespace is PERMISSIVE.
  'compute/frontend/Deployment/web-frontend',
  // Partial: one pod has a sidecar, one predates injection (see below).
  'platform/api/Deployment/partner-webhooks',
];

/**
 * Partly injected workloads: some pods have proxies, so the audit counts them
 * meshed but never STRICT (rule book §1.4), with their partial badge.
 */
export const INTENDED_PARTIAL_MESHED = [
  'platform/api/Deployment/partner-webhooks',
];

/** Workload ids the README says are STRICT on every port. */
export const INTENDED_STRICT = [
  'platform/frontend/Deployment/web-frontend',
  'platform/api/Deployment/public-api',
  'platform/identity/Deployment/auth-service',
  'platform/pipelines/Deployment/pipeline-scheduler',
  'compute/batch/Deployment/spark-job-runner',
  'compute/shuffle/StatefulSet/shuffle-service',
];

/** One row of the web frontend's placement (README table). */
export interface IntendedPlacement {
  id: string;
  cluster: string;
  namespace: string;
  workload: string;
  replicas: string;
  membership: string;
  mode: string;
  decidedBy: string;
  scope: string;
}

/** Where the web frontend runs (README table): both clusters. */
export const WEB_FRONTEND_PLACEMENTS: IntendedPlacement[] = [
  {
    id: 'platform/frontend/Deployment/web-frontend',
    cluster: 'platform',
    namespace: 'frontend',
    workload: 'web-frontend',
    replicas: '3/3',
    membership: 'Sidecar',
    mode: 'STRICT',
    decidedBy: 'PeerAuthentication istio-system/default (cluster platform)',
    scope: 'mesh-wide (root namespace)',
  },
  {
    id: 'compute/frontend/Deployment/web-frontend',
    cluster: 'compute',
    namespace: 'frontend',
    workload: 'web-frontend',
    replicas: '2/2',
    membership: 'Sidecar',
    mode: 'PERMISSIVE',
    decidedBy: 'PeerAuthentication frontend/default (cluster compute)',
    scope: 'namespace-wide',
  },
];

/** Edges the README's traffic model has to and from the web frontend. */
export const WEB_FRONTEND_NEIGHBOURS = ['Public API', 'Auth service'];

/** The cross-cluster gRPC edge of the demo (platform → compute). */
export const CROSS_CLUSTER_EDGE = {
  sourceTitle: 'Pipeline scheduler',
  targetTitle: 'Spark job runner',
  protocol: 'grpc',
};
