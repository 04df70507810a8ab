import type {
  ClusterStatus,
  EntityMeshResponse,
  Workload,
} from '@mesh-portal/plugin-mesh-common';

/** Workload id of the web frontend on `platform`. */
export const PLATFORM_WEB_ID = 'platform/web/Deployment/web-frontend';
/** Workload id of the web frontend on `compute`. */
export const COMPUTE_WEB_ID = 'compute/web/Deployment/web-frontend';

/** Sidecar workload, STRICT from its namespace policy, with a port-level PERMISSIVE exception. */
export const platformWebWorkload: Workload = {
  id: PLATFORM_WEB_ID,
  cluster: 'platform',
  namespace: 'web',
  kind: 'Deployment',
  name: 'web-frontend',
  labels: {
    app: 'web-frontend',
    'backstage.io/kubernetes-id': 'web-frontend',
  },
  replicas: { desired: 3, ready: 3, current: 3 },
  versions: ['v1', 'v2'],
  images: ['demo/web-frontend:1.8.2'],
  membership: {
    state: 'sidecar',
    pods: { sidecar: 3 },
    revision: 'default',
    reason: 'All 3 pods run an injected istio-proxy sidecar',
  },
  mtls: {
    workload: {
      mode: 'STRICT',
      scope: 'namespace',
      policy: {
        cluster: 'platform',
        kind: 'PeerAuthentication',
        namespace: 'web',
        name: 'default',
      },
      reason: 'STRICT from namespace-wide policy web/default',
    },
    ports: [
      {
        port: 8080,
        name: 'http',
        servicePorts: ['web-frontend:80'],
        decision: {
          mode: 'STRICT',
          scope: 'namespace',
          policy: {
            cluster: 'platform',
            kind: 'PeerAuthentication',
            namespace: 'web',
            name: 'default',
          },
          reason: 'STRICT from namespace-wide policy web/default',
        },
      },
      {
        port: 9090,
        name: 'http-metrics',
        servicePorts: ['web-frontend:9090'],
        decision: {
          mode: 'PERMISSIVE',
          scope: 'port',
          policy: {
            cluster: 'platform',
            kind: 'PeerAuthentication',
            namespace: 'web',
            name: 'web-frontend-metrics',
          },
          ignored: [
            {
              cluster: 'platform',
              kind: 'PeerAuthentication',
              namespace: 'web',
              name: 'web-frontend-legacy',
            },
          ],
          reason:
            'PERMISSIVE from port-level setting of workload policy web/web-frontend-metrics',
        },
      },
    ],
    enforced: true,
  },
  coverage: 'meshed-not-strict',
  services: ['web-frontend'],
};

/** Ambient workload, STRICT from the mesh-wide policy. */
export const computeWebWorkload: Workload = {
  id: COMPUTE_WEB_ID,
  cluster: 'compute',
  namespace: 'web',
  kind: 'Deployment',
  name: 'web-frontend',
  labels: {
    app: 'web-frontend',
    'backstage.io/kubernetes-id': 'web-frontend',
  },
  replicas: { desired: 2, ready: 1, current: 2 },
  versions: ['v2'],
  images: ['demo/web-frontend:1.8.2'],
  membership: {
    state: 'ambient',
    pods: { ambient: 2 },
    reason: 'Namespace web is labelled istio.io/dataplane-mode=ambient',
  },
  mtls: {
    workload: {
      mode: 'STRICT',
      scope: 'mesh',
      policy: {
        cluster: 'compute',
        kind: 'PeerAuthentication',
        namespace: 'istio-system',
        name: 'default',
      },
      reason: 'STRICT from mesh-wide policy istio-system/default',
    },
    ports: [
      {
        port: 8080,
        name: 'http',
        servicePorts: ['web-frontend:80'],
        decision: {
          mode: 'STRICT',
          scope: 'mesh',
          policy: {
            cluster: 'compute',
            kind: 'PeerAuthentication',
            namespace: 'istio-system',
            name: 'default',
          },
          reason: 'STRICT from mesh-wide policy istio-system/default',
        },
      },
    ],
    enforced: true,
    ambientTransport: true,
  },
  coverage: 'strict',
  services: ['web-frontend'],
};

/** Both clusters answered recently. */
export const healthyClusters: ClusterStatus[] = [
  {
    name: 'platform',
    ok: true,
    lastSuccess: '2026-11-26T07:00:00.000Z',
    lastAttempt: '2026-11-26T07:00:00.000Z',
    ageSeconds: 12,
    stale: false,
  },
  {
    name: 'compute',
    ok: true,
    lastSuccess: '2026-11-26T06:59:52.000Z',
    lastAttempt: '2026-11-26T06:59:52.000Z',
    ageSeconds: 20,
    stale: false,
  },
];

/** The mesh view of the web frontend: two clusters, one finding, link-outs. */
export const webFrontendMesh: EntityMeshResponse = {
  entityRef: 'component:default/web-frontend',
  clusters: healthyClusters,
  workloads: [platformWebWorkload, computeWebWorkload],
  services: [
    {
      id: 'platform/web/web-frontend',
      cluster: 'platform',
      namespace: 'web',
      name: 'web-frontend',
      host: 'web-frontend.web.svc.cluster.local',
      workloads: [PLATFORM_WEB_ID],
      ports: [
        {
          port: 80,
          name: 'http',
          protocol: 'http',
          clientMode: 'DISABLE',
          destinationRule: {
            cluster: 'platform',
            kind: 'DestinationRule',
            namespace: 'web',
            name: 'web-frontend-no-tls',
          },
          outcome: 'broken',
          reason:
            'DestinationRule web/web-frontend-no-tls makes clients send plaintext to a STRICT port',
        },
      ],
    },
  ],
  findings: [
    {
      code: 'MESH-DR-DISABLES-STRICT',
      severity: 'error',
      cluster: 'platform',
      message:
        'DestinationRule web/web-frontend-no-tls disables TLS towards port 8080, which only accepts mTLS: meshed clients will fail.',
      fix: 'Remove the trafficPolicy.tls block from web/web-frontend-no-tls or set its mode to ISTIO_MUTUAL.',
      objects: [
        {
          cluster: 'platform',
          kind: 'DestinationRule',
          namespace: 'web',
          name: 'web-frontend-no-tls',
        },
        {
          cluster: 'platform',
          kind: 'PeerAuthentication',
          namespace: 'web',
          name: 'default',
        },
      ],
      workloads: [PLATFORM_WEB_ID],
    },
    {
      code: 'MESH-PA-IGNORED',
      severity: 'warning',
      cluster: 'platform',
      message:
        'PeerAuthentication web/web-frontend-legacy selects the same workload as an older policy and is ignored.',
      fix: 'Delete web/web-frontend-legacy or merge its settings into web/web-frontend-metrics.',
      objects: [
        {
          cluster: 'platform',
          kind: 'PeerAuthentication',
          namespace: 'web',
          name: 'web-frontend-legacy',
        },
      ],
      workloads: [PLATFORM_WEB_ID],
    },
  ],
  links: {
    [PLATFORM_WEB_ID]: [
      {
        title: 'Grafana',
        url: 'https://grafana.demo.internal/d/istio-workload?var-workload=web-frontend',
        kind: 'grafana',
      },
      {
        title: 'Kiali',
        url: 'https://kiali.demo.internal/console/namespaces/web/workloads/web-frontend',
        kind: 'kiali',
      },
    ],
  },
};
