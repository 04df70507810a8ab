import { Simulator } from './simulator';
import { getFrom, startFixtureSimulator } from './__testUtils__/httpClient';

describe('discovery', () => {
  let simulator: Simulator;
  beforeAll(async () => {
    simulator = await startFixtureSimulator();
  });
  afterAll(async () => {
    await simulator.stop();
  });

  it('GET /version answers a version.Info', async () => {
    const res = await getFrom(simulator, 'alpha', '/version');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      major: '1',
      minor: expect.any(String),
      gitVersion: expect.stringMatching(/^v1\./),
      platform: expect.any(String),
    });
  });

  it('GET /api lists the core versions with the server address', async () => {
    const res = await getFrom(simulator, 'alpha', '/api');
    expect(res.headers['content-type']).toBe('application/json');
    const port = new URL(simulator.clusters[0].url).port;
    expect(res.json).toEqual({
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [
        { clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${port}` },
      ],
    });
  });

  it('GET /api/v1 lists core resources with names, kinds, scope, verbs and short names', async () => {
    const res = await getFrom(simulator, 'alpha', '/api/v1');
    expect(res.json.kind).toBe('APIResourceList');
    expect(res.json.apiVersion).toBe('v1');
    expect(res.json.groupVersion).toBe('v1');
    const byName = Object.fromEntries(
      res.json.resources.map((r: any) => [r.name, r]),
    );
    expect(byName.pods).toEqual({
      name: 'pods',
      singularName: 'pod',
      namespaced: true,
      kind: 'Pod',
      verbs: ['get', 'list', 'watch'],
      shortNames: ['po'],
      categories: ['all'],
    });
    expect(byName.namespaces).toMatchObject({
      namespaced: false,
      kind: 'Namespace',
      shortNames: ['ns'],
    });
    for (const name of ['services', 'endpoints', 'configmaps']) {
      expect(byName[name]).toBeDefined();
    }
  });

  it('GET /apis lists every group with its versions, preferred first', async () => {
    const res = await getFrom(simulator, 'alpha', '/apis');
    expect(res.json.kind).toBe('APIGroupList');
    const groups = Object.fromEntries(
      res.json.groups.map((g: any) => [g.name, g]),
    );
    expect(groups.apps).toEqual({
      name: 'apps',
      versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
      preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
    });
    expect(groups['security.istio.io'].versions).toEqual([
      { groupVersion: 'security.istio.io/v1', version: 'v1' },
      { groupVersion: 'security.istio.io/v1beta1', version: 'v1beta1' },
    ]);
    expect(groups['networking.istio.io'].preferredVersion.version).toBe('v1');
    for (const name of [
      'batch',
      'discovery.k8s.io',
      'admissionregistration.k8s.io',
    ]) {
      expect(groups[name]).toBeDefined();
    }
    // The core group is served under /api, never listed here.
    expect(groups['']).toBeUndefined();
  });

  it('GET /apis/<group> describes one group', async () => {
    const res = await getFrom(simulator, 'alpha', '/apis/security.istio.io');
    expect(res.json).toMatchObject({
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: 'security.istio.io',
      preferredVersion: { groupVersion: 'security.istio.io/v1' },
    });
  });

  it.each([
    ['apps/v1', ['deployments', 'replicasets', 'statefulsets', 'daemonsets']],
    ['batch/v1', ['jobs', 'cronjobs']],
    ['discovery.k8s.io/v1', ['endpointslices']],
    [
      'security.istio.io/v1beta1',
      [
        'peerauthentications',
        'authorizationpolicies',
        'requestauthentications',
      ],
    ],
    [
      'networking.istio.io/v1',
      [
        'destinationrules',
        'virtualservices',
        'gateways',
        'serviceentries',
        'sidecars',
      ],
    ],
    ['admissionregistration.k8s.io/v1', ['mutatingwebhookconfigurations']],
  ])('GET /apis/%s lists its resources', async (groupVersion, names) => {
    const res = await getFrom(simulator, 'alpha', `/apis/${groupVersion}`);
    expect(res.status).toBe(200);
    expect(res.json.groupVersion).toBe(groupVersion);
    expect(res.json.resources.map((r: any) => r.name)).toEqual(
      expect.arrayContaining(names),
    );
  });

  it('lists Istio kinds with their short names and categories', async () => {
    const res = await getFrom(simulator, 'alpha', '/apis/security.istio.io/v1');
    const pa = res.json.resources.find(
      (r: any) => r.name === 'peerauthentications',
    );
    expect(pa).toMatchObject({
      singularName: 'peerauthentication',
      kind: 'PeerAuthentication',
      namespaced: true,
      shortNames: ['pa'],
      categories: expect.arrayContaining(['istio-io']),
    });
  });

  it.each(['/apis/unknown.example.com', '/apis/apps/v2', '/api/v2'])(
    'answers 404 Status for %s',
    async urlPath => {
      const res = await getFrom(simulator, 'alpha', urlPath);
      expect(res.status).toBe(404);
      expect(res.json).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'the server could not find the requested resource',
        reason: 'NotFound',
        details: {},
        code: 404,
      });
    },
  );

  it('answers health checks without a token', async () => {
    const res = await getFrom(simulator, 'alpha', '/readyz', { token: null });
    expect(res.status).toBe(200);
    expect(res.text).toBe('ok');
  });
});
