import type {
  EntityReadinessResponse,
  ReadinessAuditResponse,
  StrictProposal,
  WorkloadReadinessView,
} from '@mesh-portal/plugin-mesh-common';
import { COMPUTE_WEB_ID, PLATFORM_WEB_ID } from './entityMesh';

const proposal: StrictProposal = {
  scope: 'workload',
  cluster: 'compute',
  namespace: 'web',
  changes: [
    {
      action: 'create',
      manifest: {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: { name: 'web-frontend-strict', namespace: 'web' },
        spec: {
          selector: { matchLabels: { app: 'web-frontend' } },
          mtls: { mode: 'STRICT' },
          portLevelMtls: { '9090': { mode: 'PERMISSIVE' } },
        },
      },
      why: 'No workload policy selects web-frontend: a new one overrides the namespace-wide policy for it only (E4).',
    },
  ],
  alsoAffects: [],
  yaml: 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: web-frontend-strict\n  namespace: web\nspec:\n  selector:\n    matchLabels:\n      app: web-frontend\n  mtls:\n    mode: STRICT\n  portLevelMtls:\n    "9090":\n      mode: PERMISSIVE\n',
  fileName: 'strict-web-web-frontend.yaml',
  command: 'kubectl --context compute apply -f strict-web-web-frontend.yaml',
};

/** Blocked on platform (an out-of-mesh caller and hidden ones), ready on compute. */
export const webFrontendReadinessWorkloads: WorkloadReadinessView[] = [
  {
    workloadId: PLATFORM_WEB_ID,
    cluster: 'platform',
    namespace: 'web',
    name: 'web-frontend',
    entityRef: 'component:default/web-frontend',
    owner: 'group:default/web-team',
    mode: 'PERMISSIVE',
    state: 'blocked',
    blockers: [
      {
        workloadId: 'platform/legacy/Deployment/report-generator',
        cluster: 'platform',
        namespace: 'legacy',
        workload: 'report-generator',
        reason: 'out-of-mesh',
        action:
          'Inject a sidecar into legacy/report-generator (or enrol it in ambient) and restart it.',
        plaintextRequests: 1200,
        plaintextConnections: 0,
        lastSeen: '2026-12-06T10:00:00.000Z',
      },
      {
        reason: 'hidden',
        action:
          'Callers you may not see send plaintext here: ask the owners of this namespace for the list.',
        plaintextRequests: 30,
        plaintextConnections: 0,
      },
    ],
    scrapers: [],
    portExceptions: [],
    observedRequests: 50000,
    observedConnections: 0,
  },
  {
    workloadId: COMPUTE_WEB_ID,
    cluster: 'compute',
    namespace: 'web',
    name: 'web-frontend',
    entityRef: 'component:default/web-frontend',
    owner: 'group:default/web-team',
    mode: 'PERMISSIVE',
    state: 'ready',
    blockers: [],
    scrapers: [
      {
        workloadId: 'compute/monitoring/StatefulSet/prometheus',
        cluster: 'compute',
        namespace: 'monitoring',
        workload: 'prometheus',
        reason: 'scraper',
        action:
          'Keep port 9090 PERMISSIVE with a portLevelMtls exception for the scraper.',
        plaintextRequests: 2000,
        plaintextConnections: 0,
        lastSeen: '2026-12-06T11:00:00.000Z',
      },
    ],
    portExceptions: [9090],
    observedRequests: 9000,
    observedConnections: 0,
    proposal,
  },
];

/** `GET /readiness/entity/...` of the web frontend. */
export const webFrontendReadiness: EntityReadinessResponse = {
  entityRef: 'component:default/web-frontend',
  window: '7d',
  dataTime: '2026-12-06T12:00:00.000Z',
  workloads: webFrontendReadinessWorkloads,
  namespaces: [
    {
      cluster: 'compute',
      namespace: 'web',
      state: 'ready',
      counts: { strict: 1, ready: 1, blocked: 0, unknown: 0, 'not-meshed': 0 },
      proposal: {
        ...proposal,
        scope: 'namespace',
        fileName: 'strict-web.yaml',
        command: 'kubectl --context compute apply -f strict-web.yaml',
      },
    },
    {
      cluster: 'platform',
      namespace: 'web',
      state: 'blocked',
      counts: { strict: 0, ready: 0, blocked: 1, unknown: 1, 'not-meshed': 0 },
    },
  ],
  sources: [{ name: 'platform', ok: true }],
};

const silent: WorkloadReadinessView = {
  workloadId: 'platform/batch/Deployment/nightly-export',
  cluster: 'platform',
  namespace: 'batch',
  name: 'nightly-export',
  owner: 'group:default/data-team',
  entityRef: 'component:default/nightly-export',
  mode: 'PERMISSIVE',
  state: 'unknown',
  blockers: [],
  scrapers: [],
  portExceptions: [],
  observedRequests: 0,
  observedConnections: 0,
};

/** `GET /readiness/audit`: ready, blocked and unknown workloads of two teams. */
export const readinessAudit: ReadinessAuditResponse = {
  window: '7d',
  dataTime: '2026-12-06T12:00:00.000Z',
  workloads: [...webFrontendReadinessWorkloads, silent],
  namespaces: webFrontendReadiness.namespaces,
  sources: [{ name: 'platform', ok: true }],
};
