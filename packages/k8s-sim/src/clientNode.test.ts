import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
} from '@kubernetes/client-node';
import { Simulator } from './simulator';
import { startFixtureSimulator } from './__testUtils__/httpClient';

function kubeConfigFor(
  server: string,
  token: string,
  caData?: string,
): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: 'sim',
        server,
        // client-node 1.x refuses http:// URLs unless skipTLSVerify is set.
        skipTLSVerify: server.startsWith('http:'),
        ...(caData ? { caData: Buffer.from(caData).toString('base64') } : {}),
      },
    ],
    users: [{ name: 'sim-user', token }],
    contexts: [{ name: 'sim', cluster: 'sim', user: 'sim-user' }],
    currentContext: 'sim',
  });
  return kc;
}

describe('@kubernetes/client-node against the simulator over HTTP', () => {
  let simulator: Simulator;
  let kc: KubeConfig;

  beforeAll(async () => {
    simulator = await startFixtureSimulator();
    const alpha = simulator.clusters.find(c => c.name === 'alpha')!;
    kc = kubeConfigFor(alpha.url, alpha.token);
  });
  afterAll(async () => {
    await simulator.stop();
  });

  it('CoreV1Api.listPodForAllNamespaces returns typed pods', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const list = await core.listPodForAllNamespaces();
    expect(list.items.map(p => p.metadata?.name)).toEqual([
      'spark-driver',
      'legacy',
      'api-0',
      'frontend-5d4f8-aaaaa',
      'frontend-5d4f8-bbbbb',
    ]);
    const api = list.items.find(p => p.metadata?.name === 'api-0')!;
    expect(api.metadata?.namespace).toBe('web');
    expect(api.status?.phase).toBe('Running');
    // client-node turns creationTimestamp into a Date.
    expect(api.metadata?.creationTimestamp).toBeInstanceOf(Date);
  });

  it('passes label selectors and paginates with limit/continue', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const selected = await core.listPodForAllNamespaces({
      labelSelector: 'app in (frontend)',
    });
    expect(selected.items).toHaveLength(2);

    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await core.listPodForAllNamespaces({
        limit: 2,
        _continue: token,
      });
      names.push(...page.items.map(p => p.metadata!.name!));
      token = page.metadata?._continue;
    } while (token);
    expect(names).toHaveLength(5);
    expect(new Set(names).size).toBe(5);
  });

  it('lists namespaced apps/v1 objects', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const list = await apps.listNamespacedDeployment({ namespace: 'web' });
    expect(list.items.map(d => d.metadata?.name)).toEqual(['frontend']);
    expect(list.items[0].spec?.replicas).toBe(2);
  });

  it('CustomObjectsApi.listClusterCustomObject lists peerauthentications', async () => {
    const custom = kc.makeApiClient(CustomObjectsApi);
    for (const version of ['v1', 'v1beta1']) {
      const list = await custom.listClusterCustomObject({
        group: 'security.istio.io',
        version,
        plural: 'peerauthentications',
      });
      expect(list.kind).toBe('PeerAuthenticationList');
      expect(
        list.items.map((i: any) => [
          i.apiVersion,
          i.metadata.namespace,
          i.metadata.name,
          i.spec.mtls.mode,
        ]),
      ).toEqual([
        [`security.istio.io/${version}`, 'istio-system', 'default', 'STRICT'],
        [`security.istio.io/${version}`, 'web', 'web-permissive', 'PERMISSIVE'],
      ]);
    }
  });

  it('surfaces the 401 Status for a wrong token', async () => {
    const alpha = simulator.clusters.find(c => c.name === 'alpha')!;
    const core = kubeConfigFor(alpha.url, 'wrong-token').makeApiClient(
      CoreV1Api,
    );
    await expect(core.listNamespace()).rejects.toMatchObject({ code: 401 });
  });

  it('works over HTTPS too, verifying the simulator’s certificate', async () => {
    const tlsSimulator = await startFixtureSimulator({
      clusters: [{ name: 'alpha', token: 'tls-token', tlsPort: 0 }],
    });
    try {
      const alpha = tlsSimulator.clusters[0];
      expect(alpha.tlsUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const core = kubeConfigFor(
        alpha.tlsUrl!,
        'tls-token',
        tlsSimulator.certificateAuthority,
      ).makeApiClient(CoreV1Api);
      const list = await core.listNamespacedPod({ namespace: 'web' });
      expect(list.items).toHaveLength(3);
      const wrong = kubeConfigFor(
        alpha.tlsUrl!,
        'wrong',
        tlsSimulator.certificateAuthority,
      ).makeApiClient(CoreV1Api);
      await expect(
        wrong.listNamespacedPod({ namespace: 'web' }),
      ).rejects.toMatchObject({ code: 401 });
    } finally {
      await tlsSimulator.stop();
    }
    // Generating the self-signed key is CPU-bound: slow on a busy machine.
  }, 120_000);

  it('surfaces a 404 NotFound Status for a missing object', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const error = await core
      .readNamespacedPod({ name: 'nope', namespace: 'web' })
      .then(
        () => undefined,
        e => e,
      );
    expect(error).toMatchObject({ code: 404 });
    expect(JSON.parse(error.body)).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      message: 'pods "nope" not found',
    });
  });
});
