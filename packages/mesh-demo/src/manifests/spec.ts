/**
 * The compact description of the demo mesh from which the committed
 * Kubernetes manifests under `clusters/` are rendered. Edit this file, then
 * run `node --require @backstage/cli/config/nodeTransform.cjs
 * packages/mesh-demo/src/manifests/writeManifests.ts` to regenerate them.
 */

/** How a workload's pods take part in the mesh. */
export type DemoMeshMode =
  /** Classic sidecar: `istio-proxy` in `spec.containers`. */
  | 'sidecar'
  /** Native sidecar: `istio-proxy` in `spec.initContainers` with `restartPolicy: Always` (M4). */
  | 'native-sidecar'
  /** Ambient: no proxy in the pod, enrolled by the CNI (`ambient.istio.io/redirection=enabled`, M7). */
  | 'ambient'
  /** No proxy at all. */
  | 'none'
  /** An Istio gateway (its only container is the proxy). */
  | 'gateway'
  /** The ambient node proxy (M8). */
  | 'ztunnel';

/** A container port of a demo workload. */
export interface DemoPort {
  name: string;
  containerPort: number;
}

/** One demo workload (a top-level controller and its pods). */
export interface DemoWorkload {
  name: string;
  namespace: string;
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job';
  replicas: number;
  mesh: DemoMeshMode;
  image: string;
  serviceAccount: string;
  ports: DemoPort[];
  /** Pod labels besides the selector ones. */
  labels: Record<string, string>;
  /** Labels used as the controller's selector (also on the pods). */
  selector: Record<string, string>;
  /** Extra pod annotations. */
  podAnnotations?: Record<string, string>;
  /** Container env. */
  env?: Record<string, string>;
  /** When the controller was created (pods start a few seconds later). */
  created: string;
  /** Overrides the pods' start time (pods that predate injection). */
  podsStarted?: string;
  /**
   * The first `count` pods started before injection was enabled and run
   * without a proxy (partial membership: the others were restarted since).
   */
  uninjectedPods?: { count: number; started: string };
}

/** A Service port. */
export interface DemoServicePort {
  name: string;
  port: number;
  targetPort: number;
  appProtocol?: string;
}

/** One demo Service. */
export interface DemoService {
  name: string;
  namespace: string;
  selector?: Record<string, string>;
  ports: DemoServicePort[];
  headless?: boolean;
  type?: 'ClusterIP' | 'LoadBalancer';
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  created: string;
}

/** One demo namespace. */
export interface DemoNamespace {
  name: string;
  labels: Record<string, string>;
  created: string;
}

/** One demo cluster. */
export interface DemoCluster {
  /** The Backstage (and simulator) cluster name. */
  name: string;
  /** Istio's cluster id (`CLUSTER_ID` of istiod, `source_cluster` in telemetry). */
  istioClusterId: string;
  network: string;
  /** First two octets of pod IPs, e.g. `10.42`. */
  podCidrPrefix: string;
  /** First two octets of Service IPs, e.g. `10.96`. */
  serviceCidrPrefix: string;
  nodes: string[];
  namespaces: DemoNamespace[];
  workloads: DemoWorkload[];
  services: DemoService[];
  /** Any other object (ConfigMaps, PeerAuthentications, DestinationRules...), written as is. */
  extraObjects: Array<Record<string, unknown>>;
}

/** The Istio release the demo pretends to run. */
export const ISTIO_VERSION = '1.26.2';
/** The mesh trust domain (shared by both clusters, like their root CA). */
export const TRUST_DOMAIN = 'cluster.local';

const injected = { 'istio-injection': 'enabled' };

function appLabels(
  app: string,
  version: string,
  kubernetesId?: string,
): Record<string, string> {
  return {
    app,
    version,
    'app.kubernetes.io/name': app,
    'app.kubernetes.io/version': version,
    ...(kubernetesId ? { 'backstage.io/kubernetes-id': kubernetesId } : {}),
  };
}

function meshConfigMap(created: string) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'istio',
      namespace: 'istio-system',
      creationTimestamp: created,
      labels: {
        'app.kubernetes.io/name': 'istiod',
        'install.operator.istio.io/owning-resource': 'unknown',
        'istio.io/rev': 'default',
        'operator.istio.io/component': 'Pilot',
        release: 'istiod',
      },
    },
    data: {
      mesh: [
        'defaultConfig:',
        '  discoveryAddress: istiod.istio-system.svc:15012',
        '  meshId: acme-mesh',
        '  proxyMetadata:',
        "    ISTIO_META_DNS_CAPTURE: 'true'",
        '  tracing: {}',
        'enableAutoMtls: true',
        'enablePrometheusMerge: true',
        'rootNamespace: istio-system',
        `trustDomain: ${TRUST_DOMAIN}`,
        '',
      ].join('\n'),
      meshNetworks: 'networks: {}',
    },
  };
}

function peerAuthentication(
  name: string,
  namespace: string,
  created: string,
  spec: Record<string, unknown>,
) {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name, namespace, creationTimestamp: created, generation: 1 },
    spec,
  };
}

function destinationRule(
  name: string,
  namespace: string,
  created: string,
  spec: Record<string, unknown>,
  annotations?: Record<string, string>,
) {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: {
      name,
      namespace,
      creationTimestamp: created,
      generation: 1,
      ...(annotations ? { annotations } : {}),
    },
    spec,
  };
}

function appConfigMap(
  name: string,
  namespace: string,
  created: string,
  data: Record<string, string>,
) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, creationTimestamp: created },
    data,
  };
}

function istiod(
  clusterId: string,
  network: string,
  created: string,
): DemoWorkload {
  return {
    name: 'istiod',
    namespace: 'istio-system',
    kind: 'Deployment',
    replicas: 1,
    mesh: 'none',
    image: `istio/pilot:${ISTIO_VERSION}`,
    serviceAccount: 'istiod',
    ports: [
      { name: 'http-debug', containerPort: 8080 },
      { name: 'grpc-xds', containerPort: 15010 },
      { name: 'https-dns', containerPort: 15012 },
      { name: 'https-webhook', containerPort: 15017 },
      { name: 'http-monitoring', containerPort: 15014 },
    ],
    selector: { istio: 'pilot' },
    labels: {
      app: 'istiod',
      'istio.io/rev': 'default',
      'install.operator.istio.io/owning-resource': 'unknown',
      'operator.istio.io/component': 'Pilot',
      'sidecar.istio.io/inject': 'false',
    },
    env: {
      REVISION: 'default',
      PILOT_CERT_PROVIDER: 'istiod',
      CLUSTER_ID: clusterId,
      ISTIO_META_NETWORK: network,
      PILOT_ENABLE_AMBIENT: 'true',
      ENABLE_NATIVE_SIDECARS: 'auto',
    },
    created,
  };
}

const platformCreated = '2025-11-03T09:12:44Z';
const computeCreated = '2025-11-04T14:31:07Z';

/** Cluster `platform` (Istio cluster id `platform-east`): mesh-wide STRICT. */
export const platformCluster: DemoCluster = {
  name: 'platform',
  istioClusterId: 'platform-east',
  network: 'network-east',
  podCidrPrefix: '10.42',
  serviceCidrPrefix: '10.96',
  nodes: ['platform-node-a', 'platform-node-b', 'platform-node-c'],
  namespaces: [
    {
      name: 'default',
      labels: {},
      created: platformCreated,
    },
    {
      name: 'kube-system',
      labels: {},
      created: platformCreated,
    },
    {
      name: 'istio-system',
      labels: { 'topology.istio.io/network': 'network-east' },
      created: platformCreated,
    },
    {
      name: 'frontend',
      labels: { ...injected, team: 'team-web' },
      created: '2025-11-10T08:00:00Z',
    },
    {
      name: 'api',
      labels: { ...injected, team: 'team-web' },
      created: '2025-05-12T08:00:05Z',
    },
    {
      name: 'identity',
      labels: { ...injected, team: 'team-platform' },
      created: '2025-11-10T08:01:12Z',
    },
    {
      name: 'observability',
      labels: { ...injected, team: 'team-platform' },
      created: '2025-11-10T08:02:40Z',
    },
    {
      name: 'pipelines',
      labels: { ...injected, team: 'team-data' },
      created: '2025-11-12T10:20:00Z',
    },
    {
      // stub namespace for the remote Service (namespace sameness, C2)
      name: 'batch',
      labels: { ...injected, team: 'team-data' },
      created: '2025-11-12T10:21:00Z',
    },
    {
      // no injection label: everything here is outside the mesh
      name: 'reporting',
      labels: { team: 'team-platform' },
      created: '2024-02-19T16:45:00Z',
    },
  ],
  workloads: [
    istiod('platform-east', 'network-east', '2025-11-03T09:14:02Z'),
    {
      name: 'istio-ingressgateway',
      namespace: 'istio-system',
      kind: 'Deployment',
      replicas: 2,
      mesh: 'gateway',
      image: `istio/proxyv2:${ISTIO_VERSION}`,
      serviceAccount: 'istio-ingressgateway-service-account',
      ports: [
        { name: 'http2', containerPort: 8080 },
        { name: 'https', containerPort: 8443 },
        { name: 'status-port', containerPort: 15021 },
        { name: 'http-envoy-prom', containerPort: 15090 },
      ],
      selector: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
      labels: {
        'istio.io/rev': 'default',
        'operator.istio.io/component': 'IngressGateways',
        'service.istio.io/canonical-name': 'istio-ingressgateway',
        'service.istio.io/canonical-revision': 'latest',
        'sidecar.istio.io/inject': 'false',
      },
      created: '2025-11-03T09:15:30Z',
    },
    {
      name: 'web-frontend',
      namespace: 'frontend',
      kind: 'Deployment',
      replicas: 3,
      mesh: 'sidecar',
      image: 'acme/web-frontend:2.14.0',
      serviceAccount: 'web-frontend',
      ports: [{ name: 'http', containerPort: 8080 }],
      selector: { app: 'web-frontend' },
      labels: appLabels('web-frontend', 'v2', 'web-frontend'),
      created: '2026-11-18T13:05:00Z',
    },
    {
      name: 'public-api',
      namespace: 'api',
      kind: 'Deployment',
      replicas: 2,
      mesh: 'sidecar',
      image: 'acme/public-api:5.3.1',
      serviceAccount: 'public-api',
      ports: [
        { name: 'http', containerPort: 8080 },
        { name: 'http-admin', containerPort: 8081 },
      ],
      selector: { app: 'public-api' },
      labels: appLabels('public-api', 'v5', 'public-api'),
      created: '2026-11-20T09:41:00Z',
    },
    {
      // partial membership: one pod predates injection, the other was
      // rescheduled after the namespace was labelled and got a sidecar
      name: 'partner-webhooks',
      namespace: 'api',
      kind: 'Deployment',
      replicas: 2,
      mesh: 'sidecar',
      image: 'acme/partner-webhooks:1.4.2',
      serviceAccount: 'partner-webhooks',
      ports: [{ name: 'http', containerPort: 8080 }],
      selector: { app: 'partner-webhooks' },
      labels: appLabels('partner-webhooks', 'v1', 'partner-webhooks'),
      created: '2025-06-03T10:00:00Z',
      podsStarted: '2026-11-21T03:12:40Z',
      uninjectedPods: { count: 1, started: '2025-06-03T10:00:00Z' },
    },
    {
      // intentionally claimed by no catalog entity (unowned)
      name: 'debug-toolbox',
      namespace: 'api',
      kind: 'Deployment',
      replicas: 1,
      mesh: 'sidecar',
      image: 'nicolaka/netshoot:v0.13',
      serviceAccount: 'default',
      ports: [],
      selector: { app: 'debug-toolbox' },
      labels: {
        app: 'debug-toolbox',
        'app.kubernetes.io/created-by': 'kubectl',
      },
      created: '2026-11-24T17:02:11Z',
    },
    {
      name: 'auth-service',
      namespace: 'identity',
      kind: 'Deployment',
      replicas: 2,
      mesh: 'sidecar',
      image: 'acme/auth-service:3.9.0',
      serviceAccount: 'auth-service',
      ports: [{ name: 'http', containerPort: 8080 }],
      selector: { app: 'auth-service' },
      labels: appLabels('auth-service', 'v3', 'auth-service'),
      created: '2026-11-02T11:20:00Z',
    },
    {
      name: 'metrics-service',
      namespace: 'observability',
      kind: 'Deployment',
      replicas: 2,
      mesh: 'sidecar',
      image: 'acme/metrics-service:1.22.4',
      serviceAccount: 'metrics-service',
      ports: [
        { name: 'http', containerPort: 8080 },
        { name: 'http-metrics', containerPort: 9090 },
      ],
      selector: { app: 'metrics-service' },
      labels: appLabels('metrics-service', 'v1', 'metrics-service'),
      created: '2026-10-28T15:00:00Z',
    },
    {
      name: 'pipeline-scheduler',
      namespace: 'pipelines',
      kind: 'Deployment',
      replicas: 2,
      mesh: 'sidecar',
      image: 'acme/pipeline-scheduler:0.18.2',
      serviceAccount: 'pipeline-scheduler',
      ports: [{ name: 'rpc', containerPort: 9000 }],
      selector: { app: 'pipeline-scheduler' },
      labels: appLabels('pipeline-scheduler', 'v1', 'pipeline-scheduler'),
      created: '2026-11-14T07:30:00Z',
    },
    {
      name: 'legacy-reporting',
      namespace: 'reporting',
      kind: 'Deployment',
      replicas: 1,
      mesh: 'none',
      image: 'acme/legacy-reporting:0.9.7',
      serviceAccount: 'default',
      ports: [{ name: 'http', containerPort: 8080 }],
      selector: { app: 'legacy-reporting' },
      labels: appLabels('legacy-reporting', 'v0', 'legacy-reporting'),
      created: '2024-02-19T16:50:00Z',
    },
  ],
  services: [
    {
      name: 'istiod',
      namespace: 'istio-system',
      selector: { app: 'istiod', istio: 'pilot' },
      ports: [
        { name: 'grpc-xds', port: 15010, targetPort: 15010 },
        { name: 'https-dns', port: 15012, targetPort: 15012 },
        { name: 'https-webhook', port: 443, targetPort: 15017 },
        { name: 'http-monitoring', port: 15014, targetPort: 15014 },
      ],
      labels: { app: 'istiod', istio: 'pilot', 'istio.io/rev': 'default' },
      created: '2025-11-03T09:14:02Z',
    },
    {
      name: 'istio-ingressgateway',
      namespace: 'istio-system',
      type: 'LoadBalancer',
      selector: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
      ports: [
        { name: 'status-port', port: 15021, targetPort: 15021 },
        { name: 'http2', port: 80, targetPort: 8080 },
        { name: 'https', port: 443, targetPort: 8443 },
      ],
      labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
      created: '2025-11-03T09:15:30Z',
    },
    {
      name: 'web-frontend',
      namespace: 'frontend',
      selector: { app: 'web-frontend' },
      ports: [{ name: 'http', port: 80, targetPort: 8080 }],
      labels: {
        app: 'web-frontend',
        'backstage.io/kubernetes-id': 'web-frontend',
      },
      created: '2025-11-10T08:10:00Z',
    },
    {
      name: 'public-api',
      namespace: 'api',
      selector: { app: 'public-api' },
      ports: [
        { name: 'http', port: 8080, targetPort: 8080 },
        { name: 'http-admin', port: 8081, targetPort: 8081 },
      ],
      labels: { app: 'public-api', 'backstage.io/kubernetes-id': 'public-api' },
      created: '2025-11-10T08:12:00Z',
    },
    {
      name: 'partner-webhooks',
      namespace: 'api',
      selector: { app: 'partner-webhooks' },
      ports: [{ name: 'http', port: 8080, targetPort: 8080 }],
      labels: {
        app: 'partner-webhooks',
        'backstage.io/kubernetes-id': 'partner-webhooks',
      },
      created: '2025-06-03T10:00:00Z',
    },
    {
      name: 'auth-service',
      namespace: 'identity',
      selector: { app: 'auth-service' },
      ports: [{ name: 'http', port: 8080, targetPort: 8080 }],
      labels: {
        app: 'auth-service',
        'backstage.io/kubernetes-id': 'auth-service',
      },
      created: '2025-11-10T08:15:00Z',
    },
    {
      name: 'metrics-service',
      namespace: 'observability',
      selector: { app: 'metrics-service' },
      ports: [
        { name: 'http', port: 8080, targetPort: 8080 },
        { name: 'http-metrics', port: 9090, targetPort: 9090 },
      ],
      labels: {
        app: 'metrics-service',
        'backstage.io/kubernetes-id': 'metrics-service',
      },
      created: '2025-11-10T08:20:00Z',
    },
    {
      // a gRPC service whose port declares no protocol: name `rpc`, no appProtocol
      name: 'pipeline-scheduler',
      namespace: 'pipelines',
      selector: { app: 'pipeline-scheduler' },
      ports: [{ name: 'rpc', port: 9000, targetPort: 9000 }],
      labels: {
        app: 'pipeline-scheduler',
        'backstage.io/kubernetes-id': 'pipeline-scheduler',
      },
      created: '2025-11-12T10:30:00Z',
    },
    {
      // stub of the compute cluster's Service so that `spark-job-runner.batch`
      // resolves here; its endpoints live in the compute cluster
      name: 'spark-job-runner',
      namespace: 'batch',
      selector: { app: 'spark-job-runner' },
      ports: [
        { name: 'grpc', port: 50051, targetPort: 50051, appProtocol: 'grpc' },
      ],
      labels: { app: 'spark-job-runner' },
      annotations: {
        'acme.io/note':
          'Endpoints live in cluster compute (compute-west); kept for DNS resolution.',
      },
      created: '2025-11-12T10:31:00Z',
    },
    {
      name: 'legacy-reporting',
      namespace: 'reporting',
      selector: { app: 'legacy-reporting' },
      ports: [{ name: 'http', port: 8080, targetPort: 8080 }],
      labels: {
        app: 'legacy-reporting',
        'backstage.io/kubernetes-id': 'legacy-reporting',
      },
      created: '2024-02-19T16:50:00Z',
    },
  ],
  extraObjects: [
    meshConfigMap('2025-11-03T09:14:02Z'),
    peerAuthentication('default', 'istio-system', '2025-11-03T09:20:00Z', {
      mtls: { mode: 'STRICT' },
    }),
    // port-level exception: the scrape port 9090 accepts plaintext
    peerAuthentication(
      'metrics-service-scrape',
      'observability',
      '2026-10-28T15:10:00Z',
      {
        selector: { matchLabels: { app: 'metrics-service' } },
        mtls: { mode: 'STRICT' },
        portLevelMtls: { '9090': { mode: 'PERMISSIVE' } },
      },
    ),
    // disables TLS toward a STRICT service: frontend clients get resets
    destinationRule(
      'metrics-service-beacons',
      'frontend',
      '2026-11-19T10:02:00Z',
      {
        host: 'metrics-service.observability.svc.cluster.local',
        exportTo: ['.'],
        trafficPolicy: {
          tls: { mode: 'DISABLE' },
          connectionPool: { http: { http1MaxPendingRequests: 64 } },
        },
      },
      {
        'acme.io/note':
          'Temporary: beacons go plaintext while the beacon collector migrates.',
      },
    ),
    destinationRule('public-api', 'api', '2025-11-10T08:12:30Z', {
      host: 'public-api.api.svc.cluster.local',
      trafficPolicy: {
        loadBalancer: { simple: 'LEAST_REQUEST' },
        tls: { mode: 'ISTIO_MUTUAL' },
      },
    }),
    appConfigMap('web-frontend-config', 'frontend', '2026-11-18T13:04:00Z', {
      PUBLIC_API_URL: 'http://public-api.api.svc.cluster.local:8080',
      BEACON_URL:
        'http://metrics-service.observability.svc.cluster.local:8080/beacons',
      AUTH_URL: 'http://auth-service.identity.svc.cluster.local:8080',
    }),
    appConfigMap('public-api-config', 'api', '2026-11-20T09:40:00Z', {
      'application.yaml': [
        'auth:',
        '  url: http://auth-service.identity.svc.cluster.local:8080',
        'scheduler:',
        '  target: pipeline-scheduler.pipelines.svc.cluster.local:9000',
        'metrics:',
        '  url: http://metrics-service.observability.svc.cluster.local:8080',
        '',
      ].join('\n'),
    }),
    appConfigMap(
      'pipeline-scheduler-config',
      'pipelines',
      '2026-11-14T07:29:00Z',
      {
        'scheduler.yaml': [
          'runners:',
          '  - spark-job-runner.batch.svc.cluster.local:50051',
          'maxConcurrentPipelines: 40',
          '',
        ].join('\n'),
      },
    ),
    appConfigMap('legacy-reporting-env', 'reporting', '2024-02-19T16:49:00Z', {
      METRICS_URL:
        'http://metrics-service.observability.svc.cluster.local:9090',
    }),
  ],
};

/** Cluster `compute` (Istio cluster id `compute-west`): Spark, with a PERMISSIVE and an ambient namespace. */
export const computeCluster: DemoCluster = {
  name: 'compute',
  istioClusterId: 'compute-west',
  network: 'network-west',
  podCidrPrefix: '10.52',
  serviceCidrPrefix: '10.100',
  nodes: ['compute-node-a', 'compute-node-b', 'compute-node-c'],
  namespaces: [
    { name: 'default', labels: {}, created: computeCreated },
    { name: 'kube-system', labels: {}, created: computeCreated },
    {
      name: 'istio-system',
      labels: { 'topology.istio.io/network': 'network-west' },
      created: computeCreated,
    },
    {
      name: 'batch',
      labels: { ...injected, team: 'team-data' },
      created: '2025-11-12T10:00:00Z',
    },
    {
      // namespace-wide PERMISSIVE (see the PeerAuthentication `spark/default`)
      name: 'spark',
      labels: { ...injected, team: 'team-data' },
      created: '2025-11-12T10:02:00Z',
    },
    {
      name: 'shuffle',
      labels: { 'istio.io/dataplane-mode': 'ambient', team: 'team-data' },
      created: '2026-06-02T12:00:00Z',
    },
    {
      // Not injected: the cluster's own Prometheus scrapes pod metrics in
      // plaintext (the STRICT-readiness scraper case: a port exception, not
      // a blocker).
      name: 'monitoring',
      labels: { team: 'team-platform' },
      created: '2025-11-04T15:00:00Z',
    },
    {
      // An edge copy of the web frontend for the batch team's consoles, still
      // PERMISSIVE while its clients migrate (see \`frontend/default\`): the
      // same Service as in platform with another effective mode.
      name: 'frontend',
      labels: { ...injected, team: 'team-web' },
      created: '2026-09-01T09:00:00Z',
    },
  ],
  workloads: [
    istiod('compute-west', 'network-west', '2025-11-04T14:33:10Z'),
    {
      name: 'istio-eastwestgateway',
      namespace: 'istio-system',
      kind: 'Deployment',
      replicas: 1,
      mesh: 'gateway',
      image: `istio/proxyv2:${ISTIO_VERSION}`,
      serviceAccount: 'istio-eastwestgateway-service-account',
      ports: [
        { name: 'status-port', containerPort: 15021 },
        { name: 'tls', containerPort: 15443 },
        { name: 'http-envoy-prom', containerPort: 15090 },
      ],
      selector: { app: 'istio-eastwestgateway', istio: 'eastwestgateway' },
      labels: {
        'istio.io/rev': 'default',
        'operator.istio.io/component': 'IngressGateways',
        'service.istio.io/canonical-name': 'istio-eastwestgateway',
        'service.istio.io/canonical-revision': 'latest',
        'sidecar.istio.io/inject': 'false',
        'topology.istio.io/network': 'network-west',
      },
      created: '2025-11-04T14:35:00Z',
    },
    {
      name: 'ztunnel',
      namespace: 'istio-system',
      kind: 'DaemonSet',
      replicas: 3,
      mesh: 'ztunnel',
      image: `istio/ztunnel:${ISTIO_VERSION}`,
      serviceAccount: 'ztunnel',
      ports: [{ name: 'ztunnel-stats', containerPort: 15020 }],
      selector: { 'app.kubernetes.io/name': 'ztunnel' },
      labels: {
        app: 'ztunnel',
        'istio.io/dataplane-mode': 'none',
        'sidecar.istio.io/inject': 'false',
      },
      created: '2026-06-02T11:40:00Z',
    },
    {
      name: 'web-frontend',
      namespace: 'frontend',
      kind: 'Deployment',
      replicas: 2,
      mesh: 'sidecar',
      image: 'acme/web-frontend:2.14.0',
      serviceAccount: 'web-frontend',
      ports: [{ name: 'http', containerPort: 8080 }],
      selector: { app: 'web-frontend' },
      labels: appLabels('web-frontend', 'v2', 'web-frontend'),
      created: '2026-09-01T09:05:00Z',
    },
    {
      name: 'spark-job-runner',
      namespace: 'batch',
      kind: 'Deployment',
      replicas: 2,
      mesh: 'sidecar',
      image: 'acme/spark-job-runner:4.2.0',
      serviceAccount: 'spark-job-runner',
      ports: [{ name: 'grpc', containerPort: 50051 }],
      selector: { app: 'spark-job-runner' },
      labels: appLabels('spark-job-runner', 'v4', 'spark-job-runner'),
      created: '2026-11-16T08:00:00Z',
    },
    {
      name: 'spark-driver',
      namespace: 'spark',
      kind: 'Deployment',
      replicas: 1,
      mesh: 'native-sidecar',
      image: 'apache/spark:3.5.3',
      serviceAccount: 'spark',
      ports: [
        { name: 'tcp-driver-rpc', containerPort: 7078 },
        { name: 'tcp-blockmanager', containerPort: 7079 },
        { name: 'http-ui', containerPort: 4040 },
      ],
      selector: { app: 'spark-driver', 'spark-role': 'driver' },
      labels: {
        ...appLabels('spark-driver', 'v3.5', 'spark-driver'),
        'spark-app-selector': 'nightly-etl',
      },
      podAnnotations: { 'sidecar.istio.io/nativeSidecar': 'true' },
      created: '2026-11-25T02:00:00Z',
    },
    {
      // Job pods with a classic (non-native) sidecar: the pods never complete
      name: 'spark-executor',
      namespace: 'spark',
      kind: 'Job',
      replicas: 3,
      mesh: 'sidecar',
      image: 'apache/spark:3.5.3',
      serviceAccount: 'spark',
      ports: [
        { name: 'tcp-blockmanager', containerPort: 7079 },
        // Spark's metrics servlet, scraped by monitoring/prometheus: its
        // name says nothing of metrics, the pod annotations declare it
        { name: 'http-servlet', containerPort: 9090 },
      ],
      selector: {},
      labels: {
        ...appLabels('spark-executor', 'v3.5', 'spark-executor'),
        'spark-role': 'executor',
        'spark-app-selector': 'nightly-etl',
      },
      podAnnotations: {
        'sidecar.istio.io/nativeSidecar': 'false',
        // Metrics merging off for these pods: Prometheus scrapes 9090
        // through the proxy in plaintext (a STRICT port exception), not the
        // agent on 15020.
        'prometheus.istio.io/merge-metrics': 'false',
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': '9090',
        'prometheus.io/path': '/metrics/prometheus',
      },
      created: '2026-11-25T02:00:40Z',
    },
    {
      // started before the namespace was labelled for injection: needs a restart
      name: 'spark-history-server',
      namespace: 'spark',
      kind: 'Deployment',
      replicas: 1,
      mesh: 'none',
      image: 'apache/spark:3.5.3',
      serviceAccount: 'spark-history',
      ports: [{ name: 'http', containerPort: 18080 }],
      selector: { app: 'spark-history-server' },
      labels: appLabels('spark-history-server', 'v3.5', 'spark-history-server'),
      created: '2025-09-30T12:00:00Z',
      podsStarted: '2025-10-01T06:14:52Z',
    },
    {
      name: 'shuffle-service',
      namespace: 'shuffle',
      kind: 'StatefulSet',
      replicas: 3,
      mesh: 'ambient',
      image: 'acme/spark-shuffle-service:3.5.3',
      serviceAccount: 'shuffle-service',
      ports: [{ name: 'tcp-shuffle', containerPort: 7337 }],
      selector: { app: 'shuffle-service' },
      labels: appLabels('shuffle-service', 'v3', 'shuffle-service'),
      created: '2026-06-02T12:10:00Z',
    },
    {
      // The cluster's Prometheus, out of the mesh: it scrapes spark-executor's
      // metrics port in plaintext.
      name: 'prometheus',
      namespace: 'monitoring',
      kind: 'Deployment',
      replicas: 1,
      mesh: 'none',
      image: 'prom/prometheus:v2.53.0',
      serviceAccount: 'prometheus',
      ports: [{ name: 'http-web', containerPort: 9090 }],
      selector: { app: 'prometheus' },
      labels: appLabels('prometheus', 'v2.53'),
      created: '2025-11-04T15:01:00Z',
    },
  ],
  services: [
    {
      name: 'web-frontend',
      namespace: 'frontend',
      selector: { app: 'web-frontend' },
      ports: [{ name: 'http', port: 80, targetPort: 8080 }],
      labels: {
        app: 'web-frontend',
        'backstage.io/kubernetes-id': 'web-frontend',
      },
      created: '2026-09-01T09:05:00Z',
    },
    {
      name: 'istiod',
      namespace: 'istio-system',
      selector: { app: 'istiod', istio: 'pilot' },
      ports: [
        { name: 'grpc-xds', port: 15010, targetPort: 15010 },
        { name: 'https-dns', port: 15012, targetPort: 15012 },
        { name: 'https-webhook', port: 443, targetPort: 15017 },
        { name: 'http-monitoring', port: 15014, targetPort: 15014 },
      ],
      labels: { app: 'istiod', istio: 'pilot', 'istio.io/rev': 'default' },
      created: '2025-11-04T14:33:10Z',
    },
    {
      name: 'istio-eastwestgateway',
      namespace: 'istio-system',
      type: 'LoadBalancer',
      selector: { app: 'istio-eastwestgateway', istio: 'eastwestgateway' },
      ports: [
        { name: 'status-port', port: 15021, targetPort: 15021 },
        { name: 'tls', port: 15443, targetPort: 15443 },
      ],
      labels: {
        app: 'istio-eastwestgateway',
        istio: 'eastwestgateway',
        'topology.istio.io/network': 'network-west',
      },
      created: '2025-11-04T14:35:00Z',
    },
    {
      name: 'spark-job-runner',
      namespace: 'batch',
      selector: { app: 'spark-job-runner' },
      ports: [
        { name: 'grpc', port: 50051, targetPort: 50051, appProtocol: 'grpc' },
      ],
      labels: {
        app: 'spark-job-runner',
        'backstage.io/kubernetes-id': 'spark-job-runner',
      },
      created: '2025-11-12T10:05:00Z',
    },
    {
      name: 'spark-driver',
      namespace: 'spark',
      selector: { app: 'spark-driver', 'spark-role': 'driver' },
      headless: true,
      ports: [
        { name: 'tcp-driver-rpc', port: 7078, targetPort: 7078 },
        { name: 'tcp-blockmanager', port: 7079, targetPort: 7079 },
        { name: 'http-ui', port: 4040, targetPort: 4040 },
      ],
      labels: {
        app: 'spark-driver',
        'backstage.io/kubernetes-id': 'spark-driver',
      },
      created: '2026-11-25T02:00:00Z',
    },
    {
      name: 'spark-executor',
      namespace: 'spark',
      selector: { 'spark-role': 'executor' },
      headless: true,
      ports: [
        { name: 'tcp-blockmanager', port: 7079, targetPort: 7079 },
        { name: 'http-metrics', port: 9090, targetPort: 9090 },
      ],
      labels: {
        app: 'spark-executor',
        'backstage.io/kubernetes-id': 'spark-executor',
      },
      created: '2026-11-25T02:00:40Z',
    },
    {
      name: 'spark-history-server',
      namespace: 'spark',
      selector: { app: 'spark-history-server' },
      ports: [{ name: 'http', port: 18080, targetPort: 18080 }],
      labels: {
        app: 'spark-history-server',
        'backstage.io/kubernetes-id': 'spark-history-server',
      },
      created: '2025-09-30T12:00:00Z',
    },
    {
      name: 'shuffle-service',
      namespace: 'shuffle',
      selector: { app: 'shuffle-service' },
      headless: true,
      ports: [{ name: 'tcp-shuffle', port: 7337, targetPort: 7337 }],
      labels: {
        app: 'shuffle-service',
        'backstage.io/kubernetes-id': 'shuffle-service',
      },
      created: '2026-06-02T12:10:00Z',
    },
  ],
  extraObjects: [
    meshConfigMap('2025-11-04T14:33:10Z'),
    peerAuthentication('default', 'istio-system', '2025-11-04T14:40:00Z', {
      mtls: { mode: 'STRICT' },
    }),
    // the PERMISSIVE namespace: Spark components still take plaintext
    peerAuthentication('default', 'spark', '2025-11-12T10:03:00Z', {
      mtls: { mode: 'PERMISSIVE' },
    }),
    peerAuthentication('default', 'frontend', '2026-09-01T09:01:00Z', {
      mtls: { mode: 'PERMISSIVE' },
    }),
    destinationRule('spark-job-runner', 'batch', '2025-11-12T10:06:00Z', {
      host: 'spark-job-runner.batch.svc.cluster.local',
      trafficPolicy: {
        connectionPool: { http: { http2MaxRequests: 200 } },
        outlierDetection: {
          consecutive5xxErrors: 5,
          interval: '30s',
          baseEjectionTime: '60s',
        },
      },
    }),
    appConfigMap('spark-defaults', 'spark', '2026-11-25T01:59:00Z', {
      'spark-defaults.conf': [
        'spark.executor.instances 3',
        'spark.shuffle.service.enabled true',
        'spark.shuffle.service.port 7337',
        'spark.eventLog.enabled true',
        'spark.eventLog.dir http://spark-history-server.spark.svc.cluster.local:18080/upload',
        '',
      ].join('\n'),
    }),
    appConfigMap('spark-job-runner-config', 'batch', '2026-11-16T07:59:00Z', {
      'runner.yaml': [
        'driverNamespace: spark',
        'driverService: spark-driver.spark.svc.cluster.local:4040',
        '',
      ].join('\n'),
    }),
  ],
};

/** Both demo clusters. */
export const demoClusters: DemoCluster[] = [platformCluster, computeCluster];
