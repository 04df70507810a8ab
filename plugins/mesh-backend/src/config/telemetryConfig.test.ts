import { ConfigReader } from '@backstage/config';
import { MeshConfigError, readMeshConfig } from './readMeshConfig';
import { telemetryConfigFromMesh } from './telemetryConfig';

const kubernetes = {
  clusterLocatorMethods: [
    {
      type: 'config',
      clusters: ['a', 'platform', 'compute'].map(name => ({
        name,
        url: `https://${name}.example`,
        authProvider: 'serviceAccount',
      })),
    },
  ],
};

/** Reads telemetry settings the way the plugin does: one reader, then the slice. */
const read = (mesh: object) =>
  telemetryConfigFromMesh(
    readMeshConfig(new ConfigReader({ mesh, kubernetes })),
  );

describe('telemetryConfigFromMesh', () => {
  it('reads per-cluster and shared sources, window and links', () => {
    const config = read({
      clusters: [
        {
          name: 'platform',
          prometheus: {
            url: 'http://127.0.0.1:19090/',
            bearerToken: 't',
            timeout: '3s',
          },
        },
        { name: 'compute' },
      ],
      prometheus: {
        url: 'https://thanos.example',
        clusterLabel: 'k8s_cluster',
        headers: { 'X-Scope-OrgID': 'a' },
      },
      telemetry: { window: '10m' },
      links: { grafana: 'https://grafana.example/d/x?var-ns={{namespace}}' },
    });
    expect(config).toEqual({
      sources: {
        clusters: [
          {
            name: 'platform',
            url: 'http://127.0.0.1:19090',
            bearerToken: 't',
            timeoutMs: 3000,
          },
        ],
        shared: {
          name: 'shared',
          url: 'https://thanos.example',
          headers: { 'X-Scope-OrgID': 'a' },
          timeoutMs: 10000,
          clusterLabel: 'k8s_cluster',
        },
      },
      window: '10m',
      scrapeIntervalSeconds: 15,
      cacheTtlMs: 15000,
      links: [
        {
          title: 'Grafana',
          kind: 'grafana',
          url: 'https://grafana.example/d/x?var-ns={{namespace}}',
        },
      ],
    });
  });

  it('defaults to a 5m window and no sources', () => {
    expect(read({})).toMatchObject({
      window: '5m',
      sources: { clusters: [] },
      links: [],
    });
  });

  it.each([
    [{ telemetry: { window: '5' } }, 'mesh.telemetry.window'],
    // The request rule (s/m/h, at most 24h) applies to the default too.
    [{ telemetry: { window: '1d' } }, 'mesh.telemetry.window'],
    [{ telemetry: { window: '500ms' } }, 'mesh.telemetry.window'],
    [{ telemetry: { scrapeInterval: '0s' } }, 'mesh.telemetry.scrapeInterval'],
    [
      {
        prometheus: {
          url: 'http://x',
          bearerToken: 't',
          basicAuth: { username: 'u', password: 'p' },
        },
      },
      'mesh.prometheus',
    ],
    [{ telemetry: { window: '20s' } }, 'mesh.telemetry.window'],
    [
      { telemetry: { scrapeInterval: '1m', window: '1m' } },
      'mesh.telemetry.window',
    ],
    [
      { prometheus: { url: 'http://x', clusterLabel: 'a-b' } },
      'mesh.prometheus.clusterLabel',
    ],
    [{ prometheus: { url: 'ftp://x' } }, 'mesh.prometheus.url'],
    [{ prometheus: { url: 'http://user:pw@x' } }, 'mesh.prometheus.url'],
    [
      {
        clusters: [
          { name: 'a', prometheus: { url: 'http://x', timeout: 'soon' } },
        ],
      },
      'mesh.clusters[0].prometheus.timeout',
    ],
    [
      {
        clusters: [
          {
            name: 'a',
            prometheus: { url: 'http://x', headers: { 'X-A': 'a\nb' } },
          },
        ],
      },
      'mesh.clusters[0].prometheus.headers.X-A',
    ],
    [{ links: { kiali: 'https://k/{{secret}}' } }, 'mesh.links.kiali'],
  ])('fails with a MeshConfigError naming the key for %j', (mesh, key) => {
    expect(() => read(mesh)).toThrow(MeshConfigError);
    expect(() => read(mesh)).toThrow(`${key}: `);
  });

  it('reads scrapeInterval, cacheTtl and the shared source name', () => {
    expect(
      read({
        prometheus: { url: 'http://x', name: 'thanos' },
        telemetry: { scrapeInterval: '1m', window: '2m', cacheTtl: '30s' },
      }),
    ).toMatchObject({
      sources: { shared: { name: 'thanos', clusterLabel: 'cluster' } },
      window: '2m',
      scrapeIntervalSeconds: 60,
      cacheTtlMs: 30_000,
    });
  });

  it('never echoes credentials in errors', () => {
    let message = '';
    try {
      read({ prometheus: { url: 'http://user:hunter22@x' } });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toContain('hunter22');
  });
});
