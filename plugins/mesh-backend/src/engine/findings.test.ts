import type { Finding, MeshModel } from '@mesh-portal/plugin-mesh-common';
import { FINDING_CODES, FindingCode, computeMeshModel } from './index';
import type { ClusterObjects } from './types';
import {
  clusterFrom,
  configMap,
  deploymentWithPods,
  destinationRule,
  fixtureText,
  istiod,
  meshConfig,
  namespace,
  peerAuthentication,
  pod,
  service,
} from './__fixtures__/builders';

type Obj = Record<string, any>;

const ROOT_A = fixtureText('root-cert-a.pem');
const ROOT_B = fixtureText('root-cert-b.pem');

const meshed = (
  name: string,
  ns = 'apps',
  labels: Record<string, string> = { app: name },
) => deploymentWithPods(name, ns, labels, 1, { sidecar: 'classic' });

function one(
  objects: Obj[],
  extra: Partial<ClusterObjects> = {},
): ClusterObjects {
  return clusterFrom(
    'c1',
    [namespace('apps', { 'istio-injection': 'enabled' }), ...objects],
    extra,
  );
}

interface Case {
  clusters: ClusterObjects[];
  now?: Date;
  /** Checks on the (first) finding with the code. */
  check: (finding: Finding, model: MeshModel) => void;
}

/** One case per finding code; typed so that adding a code without a test fails to compile. */
const CASES: Record<FindingCode, Case> = {
  'MESH-ENGINE-ERROR': {
    // Covered in engineError.test.ts, which needs a module mock.
    clusters: [],
    check: () => {},
  },
  'MESH-MALFORMED-OBJECT': {
    clusters: [
      one([
        {
          kind: 'Pod',
          metadata: { name: 'p', namespace: 'apps', labels: 'x' },
        },
      ]),
    ],
    check: f => {
      expect(f.objects).toEqual([
        { cluster: 'c1', kind: 'Pod', namespace: 'apps', name: 'p' },
      ]);
      expect(f.message).toContain('metadata.labels');
    },
  },
  'MESH-UNKNOWN-MODE': {
    clusters: [one([peerAuthentication('pa', 'apps', { mode: 'STRICTEST' })])],
    check: f => {
      expect(f.message).toContain('STRICTEST');
      expect(f.fix).toContain('PERMISSIVE');
    },
  },
  'MESH-DR-DISABLES-STRICT': {
    clusters: [
      one([
        ...meshed('web'),
        service('web', 'apps', { app: 'web' }),
        peerAuthentication('default', 'istio-system', { mode: 'STRICT' }),
        destinationRule('web', 'apps', 'web', { tls: 'DISABLE' }),
      ]),
    ],
    check: f => {
      expect(f.workloads).toEqual(['c1/apps/Deployment/web']);
      expect(f.objects.map(o => o.kind)).toEqual([
        'Service',
        'DestinationRule',
      ]);
    },
  },
  'MESH-DR-MTLS-TO-PLAINTEXT-SERVER': {
    clusters: [
      one([
        ...meshed('web'),
        service('web', 'apps', { app: 'web' }),
        peerAuthentication('web', 'apps', {
          mode: 'DISABLE',
          selector: { app: 'web' },
        }),
        destinationRule('web', 'apps', 'web', { tls: 'ISTIO_MUTUAL' }),
      ]),
    ],
    check: f => expect(f.workloads).toEqual(['c1/apps/Deployment/web']),
  },
  'MESH-STRICT-WITHOUT-CLIENT-MTLS': {
    clusters: [
      one([
        ...meshed('web'),
        service('web', 'apps', { app: 'web' }),
        peerAuthentication('default', 'istio-system', { mode: 'STRICT' }),
        meshConfig('istio-system', 'enableAutoMtls: false'),
      ]),
    ],
    check: f => expect(f.workloads).toEqual(['c1/apps/Deployment/web']),
  },
  'MESH-PA-MULTIPLE-MESH-WIDE': {
    clusters: [
      one([
        peerAuthentication('b', 'istio-system', {
          mode: 'STRICT',
          at: '2026-01-02T00:00:00Z',
        }),
        peerAuthentication('a', 'istio-system', {
          mode: 'DISABLE',
          at: '2026-01-01T00:00:00Z',
        }),
      ]),
    ],
    check: f => {
      expect(f.message).toContain(
        'uses the oldest, istio-system/a, and ignores istio-system/b',
      );
      expect(f.objects.map(o => o.name)).toEqual(['a', 'b']);
    },
  },
  'MESH-PA-MULTIPLE-NAMESPACE-WIDE': {
    clusters: [
      one([
        ...meshed('web'),
        peerAuthentication('x', 'apps', {
          mode: 'STRICT',
          at: '2026-01-01T00:00:00Z',
        }),
        peerAuthentication('y', 'apps', {
          mode: 'DISABLE',
          at: '2026-01-02T00:00:00Z',
        }),
      ]),
    ],
    check: f => {
      expect(f.message).toContain(
        'uses the oldest, apps/x, and ignores apps/y',
      );
      expect(f.workloads).toEqual(['c1/apps/Deployment/web']);
    },
  },
  'MESH-PA-MULTIPLE-WORKLOAD': {
    clusters: [
      one([
        ...meshed('web', 'apps', { app: 'web', tier: 'front' }),
        peerAuthentication('by-app', 'apps', {
          mode: 'STRICT',
          selector: { app: 'web' },
          at: '2026-01-01T00:00:00Z',
        }),
        peerAuthentication('by-tier', 'apps', {
          mode: 'DISABLE',
          selector: { tier: 'front' },
          at: '2026-01-02T00:00:00Z',
        }),
      ]),
    ],
    check: f => {
      expect(f.message).toContain(
        'uses the oldest, apps/by-app, and ignores apps/by-tier',
      );
      expect(f.workloads).toEqual(['c1/apps/Deployment/web']);
    },
  },
  'MESH-PA-SELECTOR-IN-ROOT': {
    clusters: [
      one([
        peerAuthentication('web', 'istio-system', {
          mode: 'STRICT',
          selector: { app: 'web' },
        }),
      ]),
    ],
    check: f =>
      expect(f.objects[0]).toMatchObject({
        namespace: 'istio-system',
        name: 'web',
      }),
  },
  'MESH-PA-PORT-LEVEL-WITHOUT-SELECTOR': {
    clusters: [
      one([
        peerAuthentication('ns', 'apps', {
          mode: 'STRICT',
          portLevel: { '8080': 'DISABLE' },
        }),
      ]),
    ],
    check: f =>
      expect(f.objects[0]).toMatchObject({ namespace: 'apps', name: 'ns' }),
  },
  'MESH-AMBIENT-DISABLE-UNSUPPORTED': {
    clusters: [
      clusterFrom('c1', [
        namespace('amb', { 'istio.io/dataplane-mode': 'ambient' }),
        ...deploymentWithPods('svc', 'amb', { app: 'svc' }, 1, {
          annotations: { 'ambient.istio.io/redirection': 'enabled' },
        }),
        peerAuthentication('off', 'amb', { mode: 'DISABLE' }),
      ]),
    ],
    check: f => expect(f.workloads).toEqual(['c1/amb/Deployment/svc']),
  },
  'MESH-POD-NEEDS-RESTART': {
    clusters: [one(deploymentWithPods('old', 'apps', { app: 'old' }, 2))],
    check: f => {
      expect(f.workloads).toEqual(['c1/apps/Deployment/old']);
      expect(f.message).toContain('2 pod(s)');
      expect(f.fix).toContain('kubectl rollout restart deployment/old -n apps');
    },
  },
  'MESH-REVISION-NOT-INSTALLED': {
    clusters: [
      clusterFrom('c1', [
        ...istiod('istio-system', undefined, '1-27'),
        namespace('shop', { 'istio.io/rev': 'canary' }),
        ...deploymentWithPods('cart', 'shop', { app: 'cart' }, 2),
      ]),
    ],
    check: f => {
      expect(f.workloads).toEqual(['c1/shop/Deployment/cart']);
      expect(f.message).toContain('2 pod(s)');
      expect(f.message).toContain('"canary"');
      expect(f.objects).toContainEqual({
        cluster: 'c1',
        kind: 'Namespace',
        name: 'shop',
      });
    },
  },
  'MESH-CONFIG-NOT-FOUND': {
    clusters: [clusterFrom('c1', [...istiod('istio-control')])],
    check: f => {
      expect(f.message).toContain('namespace istio-control');
      expect(f.objects).toEqual([
        {
          cluster: 'c1',
          kind: 'ConfigMap',
          namespace: 'istio-control',
          name: 'istio',
        },
      ]);
    },
  },
  'MESH-NAMESPACE-MULTIPLE-INJECTION-LABELS': {
    clusters: [
      clusterFrom('c1', [
        namespace('mixed', {
          'istio-injection': 'enabled',
          'istio.io/dataplane-mode': 'ambient',
        }),
      ]),
    ],
    check: f =>
      expect(f.objects).toEqual([
        { cluster: 'c1', kind: 'Namespace', name: 'mixed' },
      ]),
  },
  'MESH-SIDECAR-IN-AMBIENT-NAMESPACE': {
    clusters: [
      clusterFrom('c1', [
        namespace('amb', { 'istio.io/dataplane-mode': 'ambient' }),
        ...deploymentWithPods('svc', 'amb', { app: 'svc' }, 1, {
          sidecar: 'classic',
        }),
      ]),
    ],
    check: f => expect(f.workloads).toEqual(['c1/amb/Deployment/svc']),
  },
  'MESH-JOB-CLASSIC-SIDECAR': {
    clusters: [
      one([
        { kind: 'Job', metadata: { name: 'etl', namespace: 'apps' }, spec: {} },
        pod('etl-x', 'apps', {
          owner: { kind: 'Job', name: 'etl' },
          sidecar: 'classic',
        }),
        {
          kind: 'Job',
          metadata: { name: 'etl-native', namespace: 'apps' },
          spec: {},
        },
        pod('etl-native-x', 'apps', {
          owner: { kind: 'Job', name: 'etl-native' },
          sidecar: 'native',
        }),
      ]),
    ],
    check: (f, model) => {
      expect(f.workloads).toEqual(['c1/apps/Job/etl']);
      expect(
        model.findings.filter(x => x.code === 'MESH-JOB-CLASSIC-SIDECAR'),
      ).toHaveLength(1);
    },
  },
  'MESH-SERVICE-PORT-NO-PROTOCOL': {
    clusters: [
      one([
        ...meshed('web'),
        service('web', 'apps', { app: 'web' }, [
          { port: 80, name: 'http', targetPort: 8080 },
          { port: 9000, name: 'api', targetPort: 8080 },
          { port: 9001, name: 'x', appProtocol: 'grpc', targetPort: 8080 },
          { port: 53, protocol: 'UDP', targetPort: 8080 },
        ]),
      ]),
    ],
    check: (f, model) => {
      expect(f.message).toContain('Port 9000 (api) of Service apps/web');
      expect(
        model.findings.filter(x => x.code === 'MESH-SERVICE-PORT-NO-PROTOCOL'),
      ).toHaveLength(1);
    },
  },
  'MESH-MULTICLUSTER-MODE-MISMATCH': {
    clusters: [
      clusterFrom('east', [
        namespace('apps', { 'istio-injection': 'enabled' }),
        ...meshed('web'),
        service('web', 'apps', { app: 'web' }),
        peerAuthentication('default', 'istio-system', { mode: 'STRICT' }),
        ...istiod('istio-system', 'east-id'),
      ]),
      clusterFrom('west', [
        namespace('apps', { 'istio-injection': 'enabled' }),
        ...meshed('web'),
        service('web', 'apps', { app: 'web' }),
        ...istiod('istio-system', 'west-id'),
      ]),
    ],
    check: f => {
      expect(f.cluster).toBeUndefined();
      expect(f.workloads).toEqual([
        'east/apps/Deployment/web',
        'west/apps/Deployment/web',
      ]);
      expect(f.message).toContain('east: 8080=STRICT; west: 8080=PERMISSIVE');
    },
  },
  'MESH-DUPLICATE-CLUSTER-ID': {
    clusters: [clusterFrom('east', []), clusterFrom('west', [])],
    check: f => {
      expect(f.message).toContain('"Kubernetes"');
      expect(f.objects.map(o => o.name)).toEqual(['east', 'west']);
    },
  },
  'MESH-ROOT-CERT-MISMATCH': {
    clusters: [
      clusterFrom(
        'east',
        [configMap('istio-ca-root-cert', 'apps', { 'root-cert.pem': ROOT_A })],
        {
          istioClusterId: 'e',
        },
      ),
      clusterFrom(
        'west',
        [configMap('istio-ca-root-cert', 'apps', { 'root-cert.pem': ROOT_B })],
        {
          istioClusterId: 'w',
        },
      ),
    ],
    check: (f, model) => {
      expect(f.message).toContain('east and west');
      expect(model.clusters[0].rootCertificate?.subject).toContain(
        'Mesh test root a',
      );
    },
  },
  'MESH-ROOT-CERT-EXPIRING': {
    clusters: [
      clusterFrom('east', [
        configMap('istio-ca-root-cert', 'istio-system', {
          'root-cert.pem': ROOT_A,
        }),
      ]),
    ],
    // root-cert-a.pem expires on 2036-11-23.
    now: new Date('2036-11-10T00:00:00Z'),
    check: (f, model) => {
      expect(f.severity).toBe('warning');
      expect(f.message).toMatch(/in 1[34] day\(s\)/);
      expect(model.clusters[0].rootCertificate?.notAfter).toMatch(
        /^2036-11-23T/,
      );
    },
  },
};

describe('findings: one test per code', () => {
  const codes = (Object.keys(CASES) as FindingCode[]).filter(
    c => c !== 'MESH-ENGINE-ERROR',
  );

  it.each(codes)('%s', code => {
    const { clusters, now, check } = CASES[code];
    const model = computeMeshModel(clusters, { now });
    const found = model.findings.filter(f => f.code === code);
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) {
      expect(f.severity).toBe(
        code === 'MESH-ROOT-CERT-EXPIRING' ? f.severity : FINDING_CODES[code],
      );
      expect(f.message).toMatch(/^[A-Z0-9].*[.]$/);
      expect(f.message).not.toContain('\n');
      expect(f.fix.length).toBeGreaterThan(10);
      expect(f.objects.length).toBeGreaterThan(0);
    }
    check(found[0], model);
  });

  it('MESH-ROOT-CERT-EXPIRING is an error once the root has expired, and silent well before', () => {
    const { clusters } = CASES['MESH-ROOT-CERT-EXPIRING'];
    const expired = computeMeshModel(clusters, {
      now: new Date('2037-01-01T00:00:00Z'),
    });
    expect(
      expired.findings.find(f => f.code === 'MESH-ROOT-CERT-EXPIRING')
        ?.severity,
    ).toBe('error');
    const early = computeMeshModel(clusters, {
      now: new Date('2030-01-01T00:00:00Z'),
    });
    expect(
      early.findings.filter(f => f.code === 'MESH-ROOT-CERT-EXPIRING'),
    ).toEqual([]);
  });

  it('MESH-ROOT-CERT-MISMATCH is silent when clusters share a root, even in a bundle', () => {
    const model = computeMeshModel([
      clusterFrom(
        'east',
        [configMap('istio-ca-root-cert', 'a', { 'root-cert.pem': ROOT_A })],
        { istioClusterId: 'e' },
      ),
      clusterFrom(
        'west',
        [
          configMap('istio-ca-root-cert', 'a', {
            'root-cert.pem': ROOT_B + ROOT_A,
          }),
        ],
        {
          istioClusterId: 'w',
        },
      ),
    ]);
    expect(model.findings).toEqual([]);
  });

  it('C3: the Istio cluster id comes from the override, else istiod CLUSTER_ID, else "Kubernetes"', () => {
    const model = computeMeshModel([
      clusterFrom('a', istiod('istio-system', 'from-istiod'), {
        istioClusterId: 'override',
      }),
      clusterFrom('b', istiod('istio-system', 'from-istiod')),
      clusterFrom('c', []),
    ]);
    expect(model.clusters.map(c => c.istioClusterId)).toEqual([
      'override',
      'from-istiod',
      'Kubernetes',
    ]);
  });
});
