import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { readMeshConfig, type MeshClusterConfig } from '../config';
import { ClusterDirectory } from './ClusterDirectory';

const config = readMeshConfig(
  new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'static',
              url: 'https://static.example.com',
              authProvider: 'serviceAccount',
            },
          ],
        },
        { type: 'catalog' },
        { type: 'gke', projectId: 'shop' },
      ],
    },
    mesh: { refresh: { frequency: { seconds: 30 } } },
  }),
);

const found = (name: string): MeshClusterConfig => ({
  name,
  url: `https://${name}.example.com`,
  skipTLSVerify: false,
});

describe('ClusterDirectory', () => {
  it('adds what the runtime locators find to the config clusters, once per refresh interval', async () => {
    let now = 0;
    let calls = 0;
    const directory = new ClusterDirectory({
      config,
      logger: mockServices.logger.mock(),
      now: () => now,
      find: async locator => {
        calls++;
        return locator.type === 'catalog' ? [found('cat-a')] : [found('gke-a')];
      },
    });
    expect(directory.current().map(c => c.name)).toEqual(['static']);
    await directory.refresh();
    expect(directory.current().map(c => c.name)).toEqual([
      'static',
      'cat-a',
      'gke-a',
    ]);
    now += 10_000;
    await directory.refresh();
    expect(calls).toBe(2);
    now += 30_000;
    await directory.refresh();
    expect(calls).toBe(4);
  });

  it('keeps a failing locator’s last clusters and reports the failure as an unreadable entry', async () => {
    let now = 0;
    let gkeDown = false;
    const directory = new ClusterDirectory({
      config,
      logger: mockServices.logger.mock(),
      now: () => now,
      find: async locator => {
        if (locator.type === 'gke' && gkeDown) {
          throw new Error('listing GKE clusters of project shop: HTTP 403');
        }
        return locator.type === 'catalog' ? [] : [found('gke-a')];
      },
    });
    await directory.refresh();
    gkeDown = true;
    now += 60_000;
    await directory.refresh();
    const clusters = directory.current();
    expect(clusters.map(c => c.name)).toEqual([
      'static',
      'gke-a',
      'kubernetes.clusterLocatorMethods[2]',
    ]);
    expect(clusters[2].unsupportedReason).toBe(
      'gke locator: listing GKE clusters of project shop: HTTP 403',
    );
  });

  it('keeps the first of two clusters with one name', async () => {
    const directory = new ClusterDirectory({
      config,
      logger: mockServices.logger.mock(),
      find: async locator =>
        locator.type === 'catalog'
          ? [found('static'), found('x')]
          : [found('x')],
    });
    await directory.refresh();
    expect(directory.current().map(c => [c.name, c.url])).toEqual([
      ['static', 'https://static.example.com'],
      ['x', 'https://x.example.com'],
    ]);
  });
});
