import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { ClusterWatchOptions } from '../collector';
import { readMeshConfig } from '../config';
import { emptyClusterObjects } from '../engine/emptyClusterObjects';
import type { SnapshotManager, WatchedClusterUpdate } from './SnapshotManager';
import { WatchRefresher } from './WatchRefresher';

/** Every ClusterWatcher made, to change its objects from the test. */
const watchers: Array<{ name: string; options: ClusterWatchOptions }> = [];

jest.mock('../collector', () => ({
  ...jest.requireActual('../collector'),
  ClusterWatcher: class {
    readonly counts = { lists: 0, watches: 0 };
    constructor(
      readonly cluster: { name: string },
      options: ClusterWatchOptions,
    ) {
      watchers.push({ name: cluster.name, options });
    }
    start = async () => {};
    resync = async () => {};
    stop = () => {};
    problem = () => undefined;
    read = () => ({
      collection: {
        objects: emptyClusterObjects(this.cluster.name),
        missingApis: [],
      },
    });
  },
}));

const config = readMeshConfig(
  new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'platform',
              url: 'https://platform.test',
              authProvider: 'serviceAccount',
              serviceAccountToken: 'token',
            },
          ],
        },
      ],
    },
    mesh: { collection: { mode: 'watch', debounce: '500ms', maxDelay: '2s' } },
  }),
);

describe('WatchRefresher debounce (mesh.collection.debounce / maxDelay)', () => {
  let stored: WatchedClusterUpdate[][];
  let refresher: WatchRefresher;

  beforeEach(async () => {
    jest.useFakeTimers();
    watchers.length = 0;
    stored = [];
    refresher = new WatchRefresher({
      config,
      snapshot: {
        storeWatched: async (updates: WatchedClusterUpdate[]) => {
          stored.push(updates);
        },
      } as unknown as SnapshotManager,
      clusters: { refresh: async () => {}, current: () => config.clusters },
      lease: {
        holder: 'test',
        acquire: async () => true,
        release: async () => {},
      },
      logger: mockServices.logger.mock(),
    });
    await refresher.tick();
    // The first read is stored once the watcher started.
    await jest.advanceTimersByTimeAsync(500);
    stored.length = 0;
  });

  afterEach(async () => {
    await refresher.stop();
    jest.useRealTimers();
  });

  const change = () => watchers[0].options.onChange();

  it('stores a burst of changes once, after the changes are quiet for the debounce', async () => {
    change();
    await jest.advanceTimersByTimeAsync(300);
    change();
    await jest.advanceTimersByTimeAsync(300);
    change();
    await jest.advanceTimersByTimeAsync(499);
    expect(stored).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(stored).toHaveLength(1);
    expect(stored[0].map(update => update.cluster)).toEqual(['platform']);
    expect('collection' in stored[0][0]).toBe(true);
  });

  it('never waits longer than maxDelay after the first change, however often objects change', async () => {
    for (let elapsed = 0; elapsed < 2_000; elapsed += 100) {
      change();
      await jest.advanceTimersByTimeAsync(100);
    }
    expect(stored).toHaveLength(1);
  });

  it('records a quiet cluster as still current at each tick, without reading it again', async () => {
    await refresher.tick();
    expect(stored).toEqual([[{ cluster: 'platform', unchanged: true }]]);
  });
});
