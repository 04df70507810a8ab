import { Simulator } from './simulator';
import {
  TOKENS,
  getFrom,
  startFixtureSimulator,
} from './__testUtils__/httpClient';

const names = (list: any): string[] =>
  list.items.map((i: any) =>
    i.metadata.namespace
      ? `${i.metadata.namespace}/${i.metadata.name}`
      : i.metadata.name,
  );

describe('list and get', () => {
  let simulator: Simulator;
  const get = (urlPath: string, options?: Parameters<typeof getFrom>[3]) =>
    getFrom(simulator, 'alpha', urlPath, options);

  beforeAll(async () => {
    simulator = await startFixtureSimulator();
  });
  afterAll(async () => {
    await simulator.stop();
  });

  it('lists pods cluster-wide as a PodList in key order, with resourceVersions', async () => {
    const res = await get('/api/v1/pods');
    expect(res.status).toBe(200);
    expect(res.json.kind).toBe('PodList');
    expect(res.json.apiVersion).toBe('v1');
    expect(res.json.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(names(res.json)).toEqual([
      'batch/spark-driver',
      'default/legacy',
      'web/api-0',
      'web/frontend-5d4f8-aaaaa',
      'web/frontend-5d4f8-bbbbb',
    ]);
    for (const item of res.json.items) {
      expect(item.metadata.resourceVersion).toMatch(/^\d+$/);
      expect(item.metadata.uid).toBeTruthy();
      // Typed lists of built-in kinds leave kind/apiVersion off their items.
      expect(item.kind).toBeUndefined();
      expect(item.apiVersion).toBeUndefined();
    }
  });

  it('lists per namespace', async () => {
    const res = await get('/api/v1/namespaces/web/pods');
    expect(names(res.json)).toEqual([
      'web/api-0',
      'web/frontend-5d4f8-aaaaa',
      'web/frontend-5d4f8-bbbbb',
    ]);
  });

  it('answers an empty list for a namespace without objects', async () => {
    const res = await get('/api/v1/namespaces/nothing-here/pods');
    expect(res.status).toBe(200);
    expect(res.json.items).toEqual([]);
  });

  it.each([
    ['/api/v1/namespaces', 'NamespaceList', 7],
    ['/api/v1/services', 'ServiceList', 1],
    ['/api/v1/endpoints', 'EndpointsList', 1],
    ['/api/v1/configmaps', 'ConfigMapList', 1],
    ['/apis/discovery.k8s.io/v1/endpointslices', 'EndpointSliceList', 1],
    ['/apis/apps/v1/deployments', 'DeploymentList', 1],
    ['/apis/apps/v1/replicasets', 'ReplicaSetList', 1],
    ['/apis/apps/v1/statefulsets', 'StatefulSetList', 1],
    ['/apis/apps/v1/daemonsets', 'DaemonSetList', 1],
    ['/apis/batch/v1/jobs', 'JobList', 1],
    ['/apis/batch/v1/cronjobs', 'CronJobList', 1],
    [
      '/apis/security.istio.io/v1/authorizationpolicies',
      'AuthorizationPolicyList',
      1,
    ],
    [
      '/apis/security.istio.io/v1/requestauthentications',
      'RequestAuthenticationList',
      1,
    ],
    ['/apis/networking.istio.io/v1/destinationrules', 'DestinationRuleList', 1],
    ['/apis/networking.istio.io/v1/virtualservices', 'VirtualServiceList', 1],
    ['/apis/networking.istio.io/v1/gateways', 'GatewayList', 1],
    ['/apis/networking.istio.io/v1/serviceentries', 'ServiceEntryList', 1],
    ['/apis/networking.istio.io/v1/sidecars', 'SidecarList', 1],
    [
      '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations',
      'MutatingWebhookConfigurationList',
      1,
    ],
    [
      '/apis/autoscaling/v2/horizontalpodautoscalers',
      'HorizontalPodAutoscalerList',
      0,
    ],
  ])('GET %s answers a %s of %i', async (urlPath, kind, count) => {
    const res = await get(urlPath);
    expect(res.status).toBe(200);
    expect(res.json.kind).toBe(kind);
    expect(res.json.items).toHaveLength(count);
  });

  it('serves Istio objects at whichever version is asked, with apiVersion and kind on items', async () => {
    for (const version of ['v1', 'v1beta1']) {
      const res = await get(
        `/apis/security.istio.io/${version}/peerauthentications`,
      );
      expect(res.json.apiVersion).toBe(`security.istio.io/${version}`);
      expect(res.json.kind).toBe('PeerAuthenticationList');
      expect(names(res.json)).toEqual([
        'istio-system/default',
        'web/web-permissive',
      ]);
      for (const item of res.json.items) {
        expect(item.apiVersion).toBe(`security.istio.io/${version}`);
        expect(item.kind).toBe('PeerAuthentication');
      }
    }
    const dr = await get(
      '/apis/networking.istio.io/v1beta1/namespaces/web/destinationrules/api-no-tls',
    );
    expect(dr.json.apiVersion).toBe('networking.istio.io/v1beta1');
    expect(dr.json.spec.trafficPolicy.tls.mode).toBe('DISABLE');
  });

  it('gets one namespaced object by name, with kind and apiVersion', async () => {
    const res = await get('/api/v1/namespaces/web/pods/api-0');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name: 'api-0', namespace: 'web' },
    });
  });

  it('gets cluster-scoped objects by name', async () => {
    const ns = await get('/api/v1/namespaces/web');
    expect(ns.json).toMatchObject({
      kind: 'Namespace',
      metadata: { name: 'web', labels: { 'istio-injection': 'enabled' } },
    });
    const hook = await get(
      '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/istio-sidecar-injector',
    );
    expect(hook.json.kind).toBe('MutatingWebhookConfiguration');
  });

  it('answers a missing object with the NotFound Status a real API server sends', async () => {
    const res = await get('/api/v1/namespaces/web/pods/nope');
    expect(res.status).toBe(404);
    expect(res.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', kind: 'pods' },
      code: 404,
    });
    const grouped = await get('/apis/apps/v1/namespaces/web/deployments/nope');
    expect(grouped.json).toMatchObject({
      message: 'deployments.apps "nope" not found',
      details: { name: 'nope', group: 'apps', kind: 'deployments' },
    });
  });

  it.each([
    '/api/v1/widgets',
    '/api/v1/pods/api-0',
    '/api/v1/namespaces/web/nodes',
    '/api/v1/namespaces/web/pods/api-0/log',
    '/apis/security.istio.io/v1alpha1/peerauthentications',
    '/metrics',
  ])('answers 404 Status for unknown path %s', async urlPath => {
    const res = await get(urlPath);
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      message: 'the server could not find the requested resource',
      code: 404,
    });
  });

  describe('authentication', () => {
    const unauthorized = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    };

    it('answers 401 Status without a token', async () => {
      const res = await get('/api/v1/pods', { token: null });
      expect(res.status).toBe(401);
      expect(res.json).toEqual(unauthorized);
    });

    it('answers 401 Status for a wrong token, including another cluster’s', async () => {
      for (const token of ['wrong', TOKENS.beta]) {
        const res = await get('/api', { token });
        expect(res.status).toBe(401);
        expect(res.json).toEqual(unauthorized);
      }
    });

    it('answers 401 for a non-Bearer scheme', async () => {
      const res = await get('/api', {
        token: null,
        headers: { Authorization: `Basic ${TOKENS.alpha}` },
      });
      expect(res.status).toBe(401);
    });

    it('never echoes the token', async () => {
      const res = await get('/api/v1/namespaces/web/pods/nope', {
        token: 'secret-looking-token',
      });
      expect(res.text).not.toContain('secret-looking-token');
    });
  });

  it('answers 405 Status for writes', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const res = await get('/api/v1/namespaces/web/pods', {
        method,
        body: '{}',
      });
      expect(res.status).toBe(405);
      expect(res.json).toMatchObject({
        kind: 'Status',
        reason: 'MethodNotAllowed',
        code: 405,
      });
    }
  });

  it('answers JSON when JSON is acceptable at all, 406 when only protobuf is', async () => {
    const partial = await get('/api/v1/pods', {
      headers: {
        Accept:
          'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json',
      },
    });
    expect(partial.status).toBe(200);
    expect(partial.json.kind).toBe('PodList');
    const proto = await get('/api/v1/pods', {
      headers: {
        Accept: 'application/vnd.kubernetes.protobuf,application/json',
      },
    });
    expect(proto.headers['content-type']).toBe('application/json');
    const onlyProto = await get('/api/v1/pods', {
      headers: { Accept: 'application/vnd.kubernetes.protobuf' },
    });
    expect(onlyProto.status).toBe(406);
    expect(onlyProto.json.reason).toBe('NotAcceptable');
  });

  describe('selectors', () => {
    it.each([
      [
        'app=frontend',
        ['web/frontend-5d4f8-aaaaa', 'web/frontend-5d4f8-bbbbb'],
      ],
      ['app==api', ['web/api-0']],
      ['app!=frontend', ['batch/spark-driver', 'default/legacy', 'web/api-0']],
      [
        'tier in (web,backend)',
        ['web/api-0', 'web/frontend-5d4f8-aaaaa', 'web/frontend-5d4f8-bbbbb'],
      ],
      [
        'tier notin (web)',
        ['batch/spark-driver', 'default/legacy', 'web/api-0'],
      ],
      [
        'tier',
        ['web/api-0', 'web/frontend-5d4f8-aaaaa', 'web/frontend-5d4f8-bbbbb'],
      ],
      ['!tier', ['batch/spark-driver', 'default/legacy']],
      ['app=frontend,version=v2', ['web/frontend-5d4f8-bbbbb']],
      ['release>5', ['batch/spark-driver']],
    ])('labelSelector=%s', async (selector, expected) => {
      const res = await get(
        `/api/v1/pods?labelSelector=${encodeURIComponent(selector)}`,
      );
      expect(res.status).toBe(200);
      expect(names(res.json)).toEqual(expected);
    });

    it.each([
      ['metadata.name=api-0', ['web/api-0']],
      ['metadata.namespace=batch', ['batch/spark-driver']],
      ['metadata.namespace!=web', ['batch/spark-driver', 'default/legacy']],
      [
        'metadata.namespace=web,metadata.name!=api-0',
        ['web/frontend-5d4f8-aaaaa', 'web/frontend-5d4f8-bbbbb'],
      ],
      ['status.phase=Running', ['web/api-0', 'web/frontend-5d4f8-aaaaa']],
      ['spec.nodeName=node-1', ['web/api-0', 'web/frontend-5d4f8-aaaaa']],
    ])('fieldSelector=%s', async (selector, expected) => {
      const res = await get(
        `/api/v1/pods?fieldSelector=${encodeURIComponent(selector)}`,
      );
      expect(names(res.json)).toEqual(expected);
    });

    it('combines label and field selectors with a namespace path', async () => {
      const res = await get(
        `/api/v1/namespaces/web/pods?labelSelector=app%3Dfrontend&fieldSelector=${encodeURIComponent(
          'metadata.name=frontend-5d4f8-bbbbb',
        )}`,
      );
      expect(names(res.json)).toEqual(['web/frontend-5d4f8-bbbbb']);
    });

    it('answers 400 BadRequest Status for a malformed selector', async () => {
      const bad = await get('/api/v1/pods?labelSelector=app%20in%20frontend');
      expect(bad.status).toBe(400);
      expect(bad.json).toMatchObject({
        kind: 'Status',
        reason: 'BadRequest',
        code: 400,
      });
      const field = await get(
        '/apis/security.istio.io/v1/peerauthentications?fieldSelector=spec.mtls.mode%3DSTRICT',
      );
      expect(field.status).toBe(400);
      expect(field.json.message).toBe(
        'field label not supported: spec.mtls.mode',
      );
    });
  });

  describe('pagination', () => {
    it('pages with limit/continue and reports remainingItemCount', async () => {
      const first = await get('/api/v1/pods?limit=2');
      expect(names(first.json)).toEqual([
        'batch/spark-driver',
        'default/legacy',
      ]);
      expect(first.json.metadata.continue).toEqual(expect.any(String));
      expect(first.json.metadata.remainingItemCount).toBe(3);

      const second = await get(
        `/api/v1/pods?limit=2&continue=${encodeURIComponent(
          first.json.metadata.continue,
        )}`,
      );
      expect(names(second.json)).toEqual([
        'web/api-0',
        'web/frontend-5d4f8-aaaaa',
      ]);
      expect(second.json.metadata.remainingItemCount).toBe(1);

      const third = await get(
        `/api/v1/pods?limit=2&continue=${encodeURIComponent(
          second.json.metadata.continue,
        )}`,
      );
      expect(names(third.json)).toEqual(['web/frontend-5d4f8-bbbbb']);
      expect(third.json.metadata.continue).toBeUndefined();
      expect(third.json.metadata.remainingItemCount).toBeUndefined();
    });

    it('pages through filtered lists without remainingItemCount', async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const res = await get(
          `/api/v1/pods?limit=1&labelSelector=tier${
            token ? `&continue=${encodeURIComponent(token)}` : ''
          }`,
        );
        expect(res.json.metadata.remainingItemCount).toBeUndefined();
        seen.push(...names(res.json));
        token = res.json.metadata.continue;
        pages++;
      } while (token);
      expect(seen).toEqual([
        'web/api-0',
        'web/frontend-5d4f8-aaaaa',
        'web/frontend-5d4f8-bbbbb',
      ]);
      expect(pages).toBe(3);
    });

    it('gives no continue token when the page holds everything', async () => {
      const res = await get('/api/v1/pods?limit=5');
      expect(res.json.items).toHaveLength(5);
      expect(res.json.metadata.continue).toBeUndefined();
    });

    it('treats limit=0 as no limit', async () => {
      const res = await get('/api/v1/pods?limit=0');
      expect(res.json.items).toHaveLength(5);
    });

    it('answers 400 for a garbled continue token and a bad limit', async () => {
      const garbled = await get('/api/v1/pods?limit=1&continue=not-a-token');
      expect(garbled.status).toBe(400);
      expect(garbled.json).toMatchObject({ reason: 'BadRequest', code: 400 });
      const limit = await get('/api/v1/pods?limit=-1');
      expect(limit.status).toBe(400);
    });

    it('answers 410 Expired for a token issued before a reload', async () => {
      const first = await get('/api/v1/pods?limit=2');
      await simulator.reload();
      const after = await get(
        `/api/v1/pods?limit=2&continue=${encodeURIComponent(
          first.json.metadata.continue,
        )}`,
      );
      expect(after.status).toBe(410);
      expect(after.json).toMatchObject({
        kind: 'Status',
        status: 'Failure',
        reason: 'Expired',
        code: 410,
      });
      // The reload moved the list resourceVersion on.
      const fresh = await get('/api/v1/pods?limit=2');
      expect(Number(fresh.json.metadata.resourceVersion)).toBeGreaterThan(
        Number(first.json.metadata.resourceVersion),
      );
    });
  });

  it('serves each cluster its own objects', async () => {
    const res = await getFrom(simulator, 'beta', '/api/v1/pods');
    expect(names(res.json)).toEqual(['compute/runner-0']);
    expect(res.json.items[0].metadata.resourceVersion).toBe('4242');
  });
});
