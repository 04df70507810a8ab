import { ConfigReader } from '@backstage/config';
import { readMeshConfig } from './readMeshConfig';

const kubernetes = (clusters: object[], extra: object[] = []) => ({
  clusterLocatorMethods: [...extra, { type: 'config', clusters }],
});

const platform = {
  name: 'platform',
  url: 'https://platform.example.com',
  authProvider: 'serviceAccount',
  serviceAccountToken: 'token-1',
};
const compute = {
  ...platform,
  name: 'compute',
  url: 'https://compute.example.com',
};

const read = (data: object) => readMeshConfig(new ConfigReader(data as any));
const problemOf = (data: object) => {
  try {
    read(data);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
};

describe('readMeshConfig', () => {
  it('reads clusters from the Kubernetes block and merges mesh settings', () => {
    const config = read({
      kubernetes: kubernetes([platform, compute], [{ type: 'catalog' }]),
      mesh: {
        refresh: { frequency: { seconds: 10 }, timeout: '5s' },
        requestTimeout: 'PT3S',
        excludeNamespaces: ['kube-system'],
        clusters: [
          {
            name: 'compute',
            istioClusterId: 'compute-west',
            rootNamespace: 'istio-config',
            prometheus: {
              url: 'http://127.0.0.1:19091/',
              bearerToken: 'prom-token',
              timeout: { seconds: 3 },
            },
          },
        ],
        telemetry: { window: '10m' },
        links: {
          grafana: 'https://grafana.example.com/d/x?var-workload={{workload}}',
        },
      },
    });
    expect(config.clusters.map(c => c.name)).toEqual(['platform', 'compute']);
    expect(config.clusters[1]).toEqual(
      expect.objectContaining({
        istioClusterId: 'compute-west',
        rootNamespace: 'istio-config',
        serviceAccountToken: 'token-1',
        prometheus: expect.objectContaining({
          url: 'http://127.0.0.1:19091',
          bearerToken: 'prom-token',
          timeoutMs: 3000,
        }),
      }),
    );
    expect(config.refresh.frequencyMs).toBe(10_000);
    expect(config.refresh.timeoutMs).toBe(5_000);
    expect(config.requestTimeoutMs).toBe(3_000);
    expect(config.excludeNamespaces).toEqual(['kube-system']);
    expect(config.telemetry.window).toBe('10m');
  });

  it('applies the defaults', () => {
    const config = read({ kubernetes: kubernetes([platform]) });
    expect(config.refresh.frequencyMs).toBe(30_000);
    expect(config.refresh.timeoutMs).toBe(30_000);
    expect(config.requestTimeoutMs).toBe(10_000);
    expect(config.telemetry.window).toBe('5m');
    expect(config.history.frequencyMs).toBe(86_400_000);
    expect(config.clusters[0].skipTLSVerify).toBe(false);
    expect(config.collection).toEqual({
      mode: 'watch',
      debounceMs: 100,
      maxDelayMs: 2_000,
      resyncMs: 900_000,
    });
  });

  it('reads mesh.collection (poll chosen explicitly, and the watch timings)', () => {
    const config = read({
      mesh: {
        collection: {
          mode: 'poll',
          debounce: '1s',
          maxDelay: { seconds: 5 },
          resync: 'PT30M',
        },
      },
    });
    expect(config.collection).toEqual({
      mode: 'poll',
      debounceMs: 1_000,
      maxDelayMs: 5_000,
      resyncMs: 1_800_000,
    });
  });

  it('accepts no clusters at all', () => {
    expect(read({}).clusters).toEqual([]);
  });

  it('marks clusters with an auth provider mesh does not know as unsupported instead of failing', () => {
    const config = read({
      kubernetes: kubernetes([{ ...platform, authProvider: 'pinniped' }]),
    });
    expect(config.clusters[0].unsupportedReason).toMatch(
      /authProvider 'pinniped' is not one mesh can read with/,
    );
  });

  it.each([
    [
      { kubernetes: kubernetes([{ ...platform, url: 'not a url' }]) },
      'kubernetes.clusterLocatorMethods[0].clusters[0].url: must be an http(s) URL',
    ],
    [
      { kubernetes: kubernetes([{ ...platform, url: 'http://127.0.0.1:1' }]) },
      'kubernetes.clusterLocatorMethods[0].clusters[0].url: an http:// API server URL needs skipTLSVerify: true',
    ],
    [
      { kubernetes: kubernetes([{ ...platform, name: undefined }]) },
      'kubernetes.clusterLocatorMethods[0].clusters[0].name: Required',
    ],
    [
      { kubernetes: kubernetes([platform, platform]) },
      "kubernetes.clusterLocatorMethods[0].clusters[1].name: duplicate cluster name 'platform'",
    ],
    [
      {
        kubernetes: kubernetes([platform, compute]),
        mesh: {
          clusters: [
            { name: 'platform' },
            { name: 'compute', prometheus: { url: 'ftp://prometheus' } },
          ],
        },
      },
      'mesh.clusters[1].prometheus.url: must be an http(s) URL',
    ],
    [
      {
        kubernetes: kubernetes([platform]),
        mesh: { clusters: [{ name: 'nowhere' }] },
      },
      "mesh.clusters[0].name: no cluster named 'nowhere'",
    ],
    [
      {
        kubernetes: kubernetes([platform]),
        mesh: {
          clusters: [{ name: 'platform', rootNamespace: 'Istio System' }],
        },
      },
      'mesh.clusters[0].rootNamespace: must be a Kubernetes name',
    ],
    [
      { mesh: { refresh: { frequency: 'whenever' } } },
      'mesh.refresh.frequency: must be a duration',
    ],
    [
      { mesh: { refresh: { timeout: { fortnights: 1 } } } },
      'mesh.refresh.timeout: must be a duration',
    ],
    [
      { mesh: { requestTimeout: 'soon' } },
      'mesh.requestTimeout: must be a duration',
    ],
    [
      { mesh: { excludeNamespaces: ['kube-system', 'Bad_Name'] } },
      'mesh.excludeNamespaces[1]: must be a Kubernetes name',
    ],
    [
      { mesh: { telemetry: { window: 'five minutes' } } },
      'mesh.telemetry.window: must be a number followed by s, m or h',
    ],
    [
      { mesh: { prometheus: { url: 'http://thanos', bearerToken: '' } } },
      'mesh.prometheus.bearerToken: must not be empty',
    ],
    [
      {
        mesh: {
          prometheus: { url: 'http://thanos', basicAuth: { username: 'u' } },
        },
      },
      'mesh.prometheus.basicAuth.password: Required',
    ],
    [
      { mesh: { links: { grafana: 'file:///etc/passwd' } } },
      'mesh.links.grafana: must be',
    ],
    [
      { mesh: { links: { kiali: 'https://kiali/{{nope}}' } } },
      'mesh.links.kiali: unknown placeholder {{nope}}',
    ],
    [
      { mesh: { history: { frequency: 'daily' } } },
      'mesh.history.frequency: must be a duration',
    ],
    [
      { mesh: { collection: { mode: 'stream' } } },
      'mesh.collection.mode: must be watch or poll',
    ],
    [
      { mesh: { collection: { resync: '10s' } } },
      'mesh.collection.resync: must be from 1 minute to 24 hours',
    ],
    [
      { mesh: { collection: { debounce: '2s', maxDelay: '1s' } } },
      'mesh.collection.maxDelay: must not be shorter than mesh.collection.debounce',
    ],
    [
      { mesh: { collection: { debounce: '2 minutes' } } },
      'mesh.collection.debounce: must be',
    ],
    [
      { mesh: { refresh: { frequncy: '10s' } } },
      'mesh.refresh.frequncy: unknown key',
    ],
    [
      // Moved out of the plugin into the demo backend's module (meshDemo.history.seedDays).
      { mesh: { history: { seedDemoDays: 60 } } },
      'mesh.history.seedDemoDays: unknown key',
    ],
  ])('refuses %j naming the key', (data, expected) => {
    expect(problemOf(data)).toContain(expected);
  });

  it('names every problem at once', () => {
    const message = problemOf({
      mesh: { requestTimeout: 'soon', telemetry: { window: 'x' } },
    });
    expect(message).toContain('mesh.requestTimeout');
    expect(message).toContain('mesh.telemetry.window');
  });

  it('never puts a credential into an error message', () => {
    const message = problemOf({
      kubernetes: kubernetes([
        { ...platform, serviceAccountToken: 'very-secret', url: 'nope' },
      ]),
      mesh: { prometheus: { url: 'x', bearerToken: 'prom-secret' } },
    });
    expect(message).not.toContain('very-secret');
    expect(message).not.toContain('prom-secret');
  });
});
