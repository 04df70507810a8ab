import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { MeshClusterConfig } from '../config';
import { computeMeshModel } from '../engine';
import {
  deploymentWithPods,
  istiod,
  meshConfig,
  namespace,
  peerAuthentication,
  pod,
} from '../engine/__fixtures__/builders';
import { objectsVersion } from '../snapshot/SnapshotStore';
import { collectCluster } from './collectCluster';

type Obj = Record<string, any>;

const BASE = 'https://k8s.test';

const cluster: MeshClusterConfig = {
  name: 'platform',
  url: BASE,
  serviceAccountToken: 'token-for-tests',
  skipTLSVerify: false,
};

/** List paths of every kind the collector reads, by the object's `kind`. */
const LIST_PATHS: Record<string, string> = {
  Namespace: '/api/v1/namespaces',
  Pod: '/api/v1/pods',
  Service: '/api/v1/services',
  Deployment: '/apis/apps/v1/deployments',
  ReplicaSet: '/apis/apps/v1/replicasets',
  StatefulSet: '/apis/apps/v1/statefulsets',
  DaemonSet: '/apis/apps/v1/daemonsets',
  Job: '/apis/batch/v1/jobs',
  CronJob: '/apis/batch/v1/cronjobs',
  PeerAuthentication: '/apis/security.istio.io/v1/peerauthentications',
  DestinationRule: '/apis/networking.istio.io/v1/destinationrules',
  MutatingWebhookConfiguration:
    '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations',
};

/** An Istio injector webhook for a revision, or for a tag pointing at one. */
const injectorWebhook = (revision: string, tag?: string) => ({
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'MutatingWebhookConfiguration',
  metadata: {
    name: tag
      ? `istio-revision-tag-${tag}`
      : `istio-sidecar-injector-${revision}`,
    labels: {
      'istio.io/rev': revision,
      ...(tag ? { 'istio.io/tag': tag } : {}),
    },
  },
});

const list = (items: unknown[]) =>
  HttpResponse.json({ kind: 'List', items, metadata: {} });

describe('collectCluster against a small simulated cluster', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const requested: string[] = [];

  /** Serves `objects` the way an API server lists them; records each path. */
  function serve(objects: Obj[]) {
    const ofKind = (kind: string) => objects.filter(o => o.kind === kind);
    server.use(
      http.get(`${BASE}/api/v1/namespaces/:ns/configmaps`, ({ params }) => {
        requested.push(`/api/v1/namespaces/${params.ns}/configmaps`);
        return list(
          ofKind('ConfigMap').filter(c => c.metadata.namespace === params.ns),
        );
      }),
      http.get(`${BASE}/api/v1/configmaps`, ({ request }) => {
        requested.push('/api/v1/configmaps');
        const selector = new URL(request.url).searchParams.get('fieldSelector');
        const name = selector?.replace('metadata.name=', '');
        return list(ofKind('ConfigMap').filter(c => c.metadata.name === name));
      }),
      ...Object.entries(LIST_PATHS).map(([kind, path]) =>
        http.get(`${BASE}${path}`, () => {
          requested.push(path);
          return list(ofKind(kind));
        }),
      ),
      http.get(`${BASE}/*`, ({ request }) => {
        requested.push(new URL(request.url).pathname);
        return HttpResponse.json(
          { kind: 'Status', code: 403, message: 'forbidden' },
          { status: 403 },
        );
      }),
    );
  }

  beforeEach(() => {
    requested.length = 0;
  });

  const strictMesh = (
    istioNamespace: string,
    mesh = 'enableAutoMtls: true\n',
  ): Obj[] => [
    namespace(istioNamespace),
    namespace('web', { 'istio-injection': 'enabled' }),
    ...istiod(istioNamespace),
    meshConfig(istioNamespace, mesh),
    peerAuthentication('default', istioNamespace, { mode: 'STRICT' }),
    ...deploymentWithPods('shop', 'web', { app: 'shop' }, 1, {
      sidecar: 'classic',
    }),
  ];

  it('excluding the Istio namespace hides its workloads but keeps the mesh-wide policy, mesh config and istiod', async () => {
    serve([...strictMesh('istio-system'), pod('debug-shell', 'istio-system')]);
    const { objects } = await collectCluster(cluster, {
      requestTimeoutMs: 1_000,
      excludeNamespaces: ['istio-system'],
    });
    const names = (items: unknown[]) =>
      items.map(i => (i as Obj).metadata.name).sort();
    expect(names(objects.namespaces)).toEqual(['web']);
    expect(names(objects.peerAuthentications)).toEqual(['default']);
    expect(names(objects.configMaps)).toEqual(['istio']);
    expect(names(objects.deployments)).toEqual(['istiod', 'shop']);
    expect(names(objects.pods)).not.toContain('debug-shell');

    const model = computeMeshModel([objects]);
    const shop = model.workloads.find(w => w.name === 'shop');
    expect(shop?.mtls.workload.mode).toBe('STRICT');
  });

  it("E2: reads the mesh config from istiod's namespace when it is not the root namespace", async () => {
    serve([
      ...strictMesh('istio-control', 'enableAutoMtls: false\n'),
      namespace('mesh-root'),
      peerAuthentication('default', 'mesh-root', { mode: 'STRICT' }),
    ]);
    // The mesh config turns auto-mTLS off: only read from istio-control.
    const objects = (
      await collectCluster(
        { ...cluster, rootNamespace: 'mesh-root' },
        { requestTimeoutMs: 1_000 },
      )
    ).objects;
    expect(requested).toEqual(
      expect.arrayContaining([
        '/api/v1/namespaces/mesh-root/configmaps',
        '/api/v1/namespaces/istio-control/configmaps',
      ]),
    );
    const configMaps = objects.configMaps.map(
      c => `${(c as Obj).metadata.namespace}/${(c as Obj).metadata.name}`,
    );
    expect(configMaps).toEqual(['istio-control/istio']);
    const [info] = computeMeshModel([objects]).clusters;
    expect(info).toMatchObject({ rootNamespace: 'mesh-root', autoMtls: false });
  });

  it("carries the pods' scrape annotations into the model: merging off names the scraped port, merging on (15020) names none", async () => {
    serve([
      ...strictMesh('istio-system'),
      ...deploymentWithPods('jobs', 'web', { app: 'jobs' }, 1, {
        sidecar: 'classic',
        annotations: {
          'prometheus.istio.io/merge-metrics': 'false',
          'prometheus.io/scrape': 'true',
          'prometheus.io/port': '9102',
          'kubectl.kubernetes.io/last-applied-configuration': 'x'.repeat(5000),
        },
      }),
      ...deploymentWithPods('merged', 'web', { app: 'merged' }, 1, {
        sidecar: 'classic',
        annotations: {
          'prometheus.io/scrape': 'true',
          'prometheus.io/port': '15020',
        },
      }),
    ]);
    const { objects } = await collectCluster(cluster, {
      requestTimeoutMs: 1_000,
    });
    const scrape = (name: string) =>
      computeMeshModel([objects]).workloads.find(w => w.name === name)
        ?.metricsScrape;
    expect(scrape('jobs')).toEqual({ ports: [9102], merged: false });
    expect(scrape('merged')).toEqual({ ports: [], merged: true });
    expect(scrape('shop')).toBeUndefined();
  });

  it('lists only the Istio kinds the engine reads, so missing RBAC on other kinds cannot fail a cluster', async () => {
    serve(strictMesh('istio-system'));
    const result = await collectCluster(cluster, { requestTimeoutMs: 1_000 });
    const istioPaths = requested.filter(p => p.includes('.istio.io'));
    expect(istioPaths.sort()).toEqual([
      '/apis/networking.istio.io/v1/destinationrules',
      '/apis/security.istio.io/v1/peerauthentications',
    ]);
    expect(result.missingApis).toEqual([]);
    expect(Object.keys(result.objects)).not.toEqual(
      expect.arrayContaining(['authorizationPolicies']),
    );
  });

  it('M1: reads the revisions and tags of the injector webhooks, so a namespace on a tag is not reported as a missing revision', async () => {
    serve([
      ...strictMesh('istio-system'),
      injectorWebhook('1-27'),
      injectorWebhook('1-27', 'prod'),
      namespace('tagged', { 'istio.io/rev': 'prod' }),
      namespace('typo', { 'istio.io/rev': 'prd' }),
      pod('a', 'tagged'),
      pod('b', 'typo'),
    ]);
    const { objects, missingApis } = await collectCluster(cluster, {
      requestTimeoutMs: 1_000,
    });
    expect(objects.injectorRevisions).toEqual(['1-27', 'prod']);
    expect(missingApis).toEqual([]);
    const reasons = (name: string) =>
      computeMeshModel([objects]).workloads.find(w => w.name === name)
        ?.membership.notMeshedReasons;
    expect(reasons('a')).toEqual({ 'needs-restart': 1 });
    expect(reasons('b')).toEqual({ 'revision-not-installed': 1 });
  });

  it('M1: without RBAC for the injector webhooks the cluster still reads, and says what it could not see', async () => {
    serve(strictMesh('istio-system'));
    server.use(
      http.get(`${BASE}${LIST_PATHS.MutatingWebhookConfiguration}`, () =>
        HttpResponse.json(
          { kind: 'Status', code: 403, message: 'forbidden' },
          { status: 403 },
        ),
      ),
    );
    const { objects, missingApis } = await collectCluster(cluster, {
      requestTimeoutMs: 1_000,
    });
    expect(objects.injectorRevisions).toBeUndefined();
    expect(missingApis).toEqual([
      'mutatingwebhookconfigurations.admissionregistration.k8s.io',
    ]);
  });

  describe('the snapshot hash', () => {
    // Built once: the builders stamp a new creation time at every call.
    const built = strictMesh('istio-system');
    const base = (): Obj[] => structuredClone(built);
    const shopPod = (objects: Obj[]) =>
      objects.find(
        o => o.kind === 'Pod' && o.metadata.name.startsWith('shop'),
      )!;
    const versionOf = async (objects: Obj[]) => {
      server.resetHandlers();
      serve(objects);
      const result = await collectCluster(cluster, { requestTimeoutMs: 1_000 });
      return objectsVersion(result.objects);
    };

    it('ignores fields the engine does not read (resourceVersion, managedFields, generation, unread status)', async () => {
      const before = await versionOf(base());
      const churned = base().map(
        (o): Obj => ({
          ...o,
          metadata: {
            ...o.metadata,
            resourceVersion: '987654',
            generation: 7,
            managedFields: [
              { manager: 'kubelet', time: '2026-11-26T08:00:00Z' },
            ],
          },
        }),
      );
      const p = shopPod(churned);
      p.status = {
        ...p.status,
        podIP: '10.0.0.9',
        startTime: '2026-11-26T08:00:00Z',
        containerStatuses: [{ name: 'app', restartCount: 3, ready: true }],
        conditions: p.status.conditions.map((c: Obj) => ({
          ...c,
          lastTransitionTime: '2026-11-26T08:00:00Z',
          lastProbeTime: null,
        })),
      };
      const deployment = churned.find(
        o => o.kind === 'Deployment' && o.metadata.name === 'shop',
      )!;
      deployment.status = { observedGeneration: 7, readyReplicas: 1 };
      const pa = churned.find(o => o.kind === 'PeerAuthentication')!;
      pa.status = { validationMessages: [{ type: { code: 'IST0001' } }] };
      expect(await versionOf(churned)).toBe(before);
    });

    it('changes when a field the engine reads changes (labels, readiness, policy mode)', async () => {
      const before = await versionOf(base());

      const relabelled = base();
      shopPod(relabelled).metadata.labels.version = 'v2';
      expect(await versionOf(relabelled)).not.toBe(before);

      const unready = base();
      shopPod(unready).status.conditions = [{ type: 'Ready', status: 'False' }];
      expect(await versionOf(unready)).not.toBe(before);

      const permissive = base();
      permissive.find(o => o.kind === 'PeerAuthentication')!.spec.mtls.mode =
        'PERMISSIVE';
      expect(await versionOf(permissive)).not.toBe(before);
    });
  });
});
