import { computeMeshModel } from './index';
import {
  clusterFrom,
  istiod,
  loadYaml,
  meshConfig,
  namespace,
  peerAuthentication,
  pod,
} from './__fixtures__/builders';

type Obj = Record<string, any>;

/**
 * Pods as the injector would create them for a Bookinfo Deployment: the
 * template's labels and containers, plus `istio-proxy` when `injected`.
 */
function podsFor(deployment: Obj, injected: boolean): Obj[] {
  const template = deployment.spec.template;
  const name = deployment.metadata.name;
  const ports = template.spec.containers[0].ports;
  return [
    pod(`${name}-5b9f-q2x7`, deployment.metadata.namespace, {
      labels: {
        ...template.metadata.labels,
        'pod-template-hash': '5b9f',
        ...(injected ? { 'security.istio.io/tlsMode': 'istio' } : {}),
      },
      owner: { kind: 'ReplicaSet', name: `${name}-5b9f` },
      sidecar: injected ? 'classic' : undefined,
      ports,
      image: template.spec.containers[0].image,
    }),
  ];
}

function bookinfo(options: { uninjected?: string[] } = {}) {
  const manifests = [
    ...loadYaml('bookinfo/bookinfo.yaml', 'bookinfo'),
    ...loadYaml('bookinfo/destination-rule-all-mtls.yaml', 'bookinfo'),
  ];
  const deployments = manifests.filter(o => o.kind === 'Deployment');
  const pods = deployments.flatMap(d =>
    podsFor(d, !(options.uninjected ?? []).includes(d.metadata.name)),
  );
  return clusterFrom('east', [
    namespace('istio-system'),
    namespace('bookinfo', { 'istio-injection': 'enabled' }),
    ...istiod('istio-system', 'east-1'),
    meshConfig(
      'istio-system',
      'rootNamespace: istio-system\nenableAutoMtls: true\n',
    ),
    peerAuthentication('default', 'istio-system', { mode: 'STRICT' }),
    ...manifests,
    ...pods,
  ]);
}

describe('Istio Bookinfo sample (bookinfo.yaml + destination-rule-all-mtls.yaml)', () => {
  it('models the six Bookinfo workloads as sidecar-injected and STRICT', () => {
    const model = computeMeshModel([bookinfo()]);
    const apps = model.workloads.filter(w => w.namespace === 'bookinfo');
    expect(apps.map(w => w.id).sort()).toEqual([
      'east/bookinfo/Deployment/details-v1',
      'east/bookinfo/Deployment/productpage-v1',
      'east/bookinfo/Deployment/ratings-v1',
      'east/bookinfo/Deployment/reviews-v1',
      'east/bookinfo/Deployment/reviews-v2',
      'east/bookinfo/Deployment/reviews-v3',
    ]);
    for (const w of apps) {
      expect(w.membership.state).toBe('sidecar');
      expect(w.mtls.workload).toMatchObject({ mode: 'STRICT', scope: 'mesh' });
      expect(w.mtls.ports.map(p => p.port)).toEqual([9080]);
      expect(w.coverage).toBe('strict');
      expect(w.replicas).toEqual({ desired: 1, ready: 1, current: 1 });
    }
    const reviews = apps.find(w => w.name === 'reviews-v2')!;
    expect(reviews.versions).toEqual(['v2']);
    expect(reviews.services).toEqual(['reviews']);
    expect(reviews.images).toEqual([
      'docker.io/istio/examples-bookinfo-reviews-v2:1.20.1',
    ]);
    expect(reviews.mtls.ports[0].servicePorts).toEqual(['reviews:9080']);
  });

  it('reads the all-mTLS DestinationRules as ISTIO_MUTUAL for every Service', () => {
    const model = computeMeshModel([bookinfo()]);
    expect(model.services.map(s => s.name).sort()).toEqual([
      'details',
      'productpage',
      'ratings',
      'reviews',
    ]);
    for (const s of model.services) {
      expect(s.host).toBe(`${s.name}.bookinfo.svc.cluster.local`);
      expect(s.ports).toHaveLength(1);
      expect(s.ports[0]).toMatchObject({
        port: 9080,
        name: 'http',
        protocol: 'http',
        clientMode: 'ISTIO_MUTUAL',
        outcome: 'mtls',
        destinationRule: {
          kind: 'DestinationRule',
          namespace: 'bookinfo',
          name: s.name,
        },
      });
      expect(s.ports[0].subsets).toBeUndefined();
    }
    expect(
      model.services.find(s => s.name === 'reviews')!.workloads,
    ).toHaveLength(3);
    expect(model.clusters[0]).toMatchObject({
      cluster: 'east',
      istioClusterId: 'east-1',
      rootNamespace: 'istio-system',
      autoMtls: true,
      version: '1.27.1',
      revisions: ['default'],
    });
    expect(model.findings).toEqual([]);
  });

  it('flags a Bookinfo pod created before injection, which the ISTIO_MUTUAL rule then breaks', () => {
    const model = computeMeshModel([bookinfo({ uninjected: ['reviews-v3'] })]);
    const v3 = model.workloads.find(w => w.name === 'reviews-v3')!;
    expect(v3.membership).toMatchObject({
      state: 'none',
      notMeshedReasons: { 'needs-restart': 1 },
    });
    expect(v3.coverage).toBe('outside');
    expect(v3.mtls.enforced).toBe(false);
    const reviews = model.services.find(s => s.name === 'reviews')!;
    expect(reviews.ports[0].outcome).toBe('broken');
    expect(model.findings.map(f => f.code).sort()).toEqual([
      'MESH-DR-MTLS-TO-PLAINTEXT-SERVER',
      'MESH-POD-NEEDS-RESTART',
    ]);
    for (const f of model.findings) {
      expect(f.workloads).toEqual(['east/bookinfo/Deployment/reviews-v3']);
    }
  });
});
