import type { AuditRow, CoverageClass } from '@mesh-portal/plugin-mesh-common';

/** Owners of the fixture workloads. */
export const FIXTURE_OWNERS = {
  platform: 'group:default/platform-team',
  data: 'group:default/data-team',
  web: 'group:default/web-team',
} as const;

type Spec = [
  cluster: string,
  namespace: string,
  workload: string,
  owner: string | undefined,
  system: string | undefined,
  coverage: CoverageClass,
  findings: number,
  observedMtlsShare?: number,
];

const { platform, data, web } = FIXTURE_OWNERS;

/**
 * 20 workloads over two clusters and three owners (one unowned), covering
 * every coverage class. Workload names are unique so tests can find rows.
 */
const SPECS: Spec[] = [
  [
    'platform',
    'web',
    'web-frontend',
    web,
    'system:default/storefront',
    'strict',
    0,
    1,
  ],
  [
    'platform',
    'web',
    'web-assets',
    web,
    'system:default/storefront',
    'meshed-not-strict',
    1,
    0.6,
  ],
  [
    'platform',
    'api',
    'public-api',
    web,
    'system:default/storefront',
    'strict',
    0,
    1,
  ],
  [
    'platform',
    'api',
    'api-docs',
    web,
    'system:default/storefront',
    'outside',
    1,
  ],
  [
    'platform',
    'auth',
    'auth-service',
    platform,
    'system:default/identity',
    'strict',
    0,
    1,
  ],
  [
    'platform',
    'auth',
    'auth-db',
    platform,
    'system:default/identity',
    'meshed-not-strict',
    2,
    0.4,
  ],
  [
    'platform',
    'metrics',
    'metrics-collector',
    platform,
    'system:default/observability',
    'outside',
    1,
  ],
  [
    'platform',
    'metrics',
    'metrics-gateway',
    platform,
    'system:default/observability',
    'strict',
    0,
    1,
  ],
  [
    'platform',
    'pipelines',
    'pipeline-scheduler',
    data,
    'system:default/pipelines',
    'meshed-not-strict',
    1,
    0.75,
  ],
  [
    'platform',
    'pipelines',
    'pipeline-ui',
    data,
    'system:default/pipelines',
    'strict',
    0,
    1,
  ],
  [
    'platform',
    'istio-system',
    'istiod',
    undefined,
    undefined,
    'infrastructure',
    0,
  ],
  [
    'compute',
    'spark',
    'spark-job-runner',
    data,
    'system:default/pipelines',
    'strict',
    0,
    1,
  ],
  [
    'compute',
    'spark',
    'spark-driver',
    data,
    'system:default/pipelines',
    'meshed-not-strict',
    1,
    0.9,
  ],
  [
    'compute',
    'spark',
    'spark-executor',
    data,
    'system:default/pipelines',
    'outside',
    2,
  ],
  [
    'compute',
    'spark',
    'shuffle-service',
    data,
    'system:default/pipelines',
    'outside',
    1,
  ],
  [
    'compute',
    'batch',
    'batch-reporter',
    data,
    'system:default/pipelines',
    'strict',
    0,
    1,
  ],
  [
    'compute',
    'batch',
    'batch-archiver',
    platform,
    'system:default/observability',
    'meshed-not-strict',
    0,
  ],
  ['compute', 'tools', 'debug-shell', undefined, undefined, 'outside', 1],
  [
    'compute',
    'tools',
    'node-exporter',
    platform,
    'system:default/observability',
    'outside',
    0,
  ],
  [
    'compute',
    'istio-system',
    'ztunnel',
    undefined,
    undefined,
    'infrastructure',
    0,
  ],
];

function titleOf(name: string): string {
  return name
    .split('-')
    .map(part => part.charAt(0).toUpperCase() + part.slice(1))
    .join(' ');
}

function membershipOf(coverage: CoverageClass): AuditRow['membership'] {
  if (coverage === 'strict' || coverage === 'meshed-not-strict')
    return 'sidecar';
  return coverage === 'infrastructure' ? 'infrastructure' : 'none';
}

/** The fixture rows, as the backend would return them unfiltered. */
export const AUDIT_ROWS: AuditRow[] = SPECS.map(
  ([
    cluster,
    namespace,
    workload,
    owner,
    system,
    coverage,
    findings,
    share,
  ]) => {
    return {
      workloadId: `${cluster}/${namespace}/Deployment/${workload}`,
      cluster,
      namespace,
      kind:
        coverage === 'infrastructure' && workload === 'ztunnel'
          ? 'DaemonSet'
          : 'Deployment',
      workload,
      entityRef: owner ? `component:default/${workload}` : undefined,
      entityTitle: owner ? titleOf(workload) : undefined,
      owner,
      system,
      membership: membershipOf(coverage),
      coverage,
      mode: coverage === 'strict' ? 'STRICT' : 'PERMISSIVE',
      decidedBy:
        coverage === 'strict' ? `${namespace}/strict` : 'istio-system/default',
      decidedScope: coverage === 'strict' ? 'namespace' : 'mesh',
      observedMtlsShare: share,
      findings,
    };
  },
);
