import type {
  EdgeProtocol,
  GraphEdge,
  GraphNode,
  GraphResponse,
  WorkloadMembership,
} from '@mesh-portal/plugin-mesh-common';

const OWNERS = {
  web: 'group:default/web-team',
  platform: 'group:default/platform-team',
  data: 'group:default/data-team',
};

type NodeSpec = [
  name: string,
  title: string,
  cluster: string,
  namespace: string,
  owner: string,
  system: string,
  membership: WorkloadMembership,
];

const NODE_SPECS: NodeSpec[] = [
  [
    'web-frontend',
    'Web Frontend',
    'platform',
    'web',
    OWNERS.web,
    'system:default/storefront',
    'sidecar',
  ],
  [
    'public-api',
    'Public API',
    'platform',
    'api',
    OWNERS.web,
    'system:default/storefront',
    'sidecar',
  ],
  [
    'auth-service',
    'Auth Service',
    'platform',
    'auth',
    OWNERS.platform,
    'system:default/identity',
    'sidecar',
  ],
  [
    'auth-db',
    'Auth DB',
    'platform',
    'auth',
    OWNERS.platform,
    'system:default/identity',
    'sidecar',
  ],
  [
    'metrics-collector',
    'Metrics Collector',
    'platform',
    'metrics',
    OWNERS.platform,
    'system:default/observability',
    'none',
  ],
  [
    'pipeline-scheduler',
    'Pipeline Scheduler',
    'platform',
    'pipelines',
    OWNERS.data,
    'system:default/pipelines',
    'sidecar',
  ],
  [
    'pipeline-ui',
    'Pipeline UI',
    'platform',
    'pipelines',
    OWNERS.data,
    'system:default/pipelines',
    'ambient',
  ],
  [
    'spark-job-runner',
    'Spark Job Runner',
    'compute',
    'spark',
    OWNERS.data,
    'system:default/pipelines',
    'sidecar',
  ],
  [
    'spark-driver',
    'Spark Driver',
    'compute',
    'spark',
    OWNERS.data,
    'system:default/pipelines',
    'partial',
  ],
  [
    'spark-executor',
    'Spark Executor',
    'compute',
    'spark',
    OWNERS.data,
    'system:default/pipelines',
    'none',
  ],
  [
    'shuffle-service',
    'Shuffle Service',
    'compute',
    'spark',
    OWNERS.data,
    'system:default/pipelines',
    'none',
  ],
  [
    'batch-reporter',
    'Batch Reporter',
    'compute',
    'batch',
    OWNERS.data,
    'system:default/pipelines',
    'sidecar',
  ],
];

/** Fixture nodes in the service view (one per catalog entity). */
export const GRAPH_NODES: GraphNode[] = [
  ...NODE_SPECS.map(
    ([name, title, cluster, namespace, owner, system, membership]) => ({
      id: `entity:component:default/${name}`,
      type: 'entity' as const,
      cluster,
      namespace,
      clusters: [cluster],
      name,
      title,
      entityRef: `component:default/${name}`,
      owner,
      system,
      membership,
    }),
  ),
  { id: 'unknown', type: 'unknown', name: 'unknown' },
  { id: 'external:api.stripe.com', type: 'external', name: 'api.stripe.com' },
];

const e = (
  source: string,
  target: string,
  protocol: EdgeProtocol,
  mtlsShare: number | undefined,
  errorRatio = 0,
  crossCluster = false,
): GraphEdge => ({
  source:
    source.includes(':') || source === 'unknown'
      ? source
      : `entity:component:default/${source}`,
  target: target.includes(':') ? target : `entity:component:default/${target}`,
  protocol,
  requestsPerSecond: protocol === 'tcp' ? undefined : 12,
  bytesPerSecond: protocol === 'tcp' ? 2048 : undefined,
  mtlsShare,
  errorRatio,
  crossCluster,
});

/** Fixture edges: 12 between entities, mixed protocol, mTLS and errors. */
export const GRAPH_EDGES: GraphEdge[] = [
  e('web-frontend', 'public-api', 'http', 1),
  e('public-api', 'auth-service', 'grpc', 1),
  e('auth-service', 'auth-db', 'tcp', 1),
  e('public-api', 'pipeline-scheduler', 'http', 0.6, 0.05),
  e('pipeline-ui', 'pipeline-scheduler', 'http', 1),
  e('pipeline-scheduler', 'spark-job-runner', 'grpc', 1, 0, true),
  e('spark-job-runner', 'spark-driver', 'grpc', 0.5),
  e('spark-driver', 'spark-executor', 'tcp', 0),
  e('spark-executor', 'shuffle-service', 'tcp', 0, 0.2),
  e('metrics-collector', 'pipeline-scheduler', 'http', 0),
  e('unknown', 'web-frontend', 'http', 0),
  e('batch-reporter', 'external:api.stripe.com', 'http', undefined),
];

/** A healthy, untruncated service-view response. */
export function graphResponse(
  overrides: Partial<GraphResponse> = {},
): GraphResponse {
  return {
    window: '5m',
    dataTime: '2026-11-26T07:00:00Z',
    view: 'service',
    nodes: GRAPH_NODES,
    edges: GRAPH_EDGES,
    truncated: false,
    totalNodes: GRAPH_NODES.length,
    sources: [
      { name: 'platform', ok: true },
      { name: 'compute', ok: true },
    ],
    ...overrides,
  };
}
