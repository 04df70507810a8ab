import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { MeshModel } from '@mesh-portal/plugin-mesh-common';
import { testConfig, workload } from '../__testUtils__/fixtures';
import { ClusterReadError, type ClusterCollection } from '../collector';
import { emptyClusterObjects } from '../engine/emptyClusterObjects';
import type { ClusterObjects } from '../engine/types';
import { SnapshotManager } from './SnapshotManager';
import { DatabaseSnapshotStore } from './SnapshotStore';

jest.setTimeout(60_000);

const objects = (pods: number): ClusterObjects =>
  emptyClusterObjects('platform', {
    pods: Array.from({ length: pods }, (_, i) => ({
      metadata: { namespace: 'web', name: `pod-${i}` },
    })),
  });

/** A model with one workload per pod, so tests can see which objects were used. */
const computeModel = (clusters: ClusterObjects[]): MeshModel => ({
  clusters: [],
  workloads: clusters.flatMap(c =>
    c.pods.map((_, i) => workload('web', `w-${i}`, {})),
  ),
  services: [],
  findings: [],
});

const POSTGRES_ID: TestDatabaseId = 'POSTGRES_15';
// PostgreSQL from `scripts/postgres-test.sh start`; docker is never used.
const databases = TestDatabases.create({
  ids: ['SQLITE_3', POSTGRES_ID],
  disableDocker: true,
});

// TestDatabases silently drops an unconfigured PostgreSQL: say so loudly, and
// fail where it is required (MESH_REQUIRE_POSTGRES).
const postgresMissing = !databases.supports(POSTGRES_ID);
if (postgresMissing) {
  const message =
    'PostgreSQL is not configured (BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING unset): ' +
    'the snapshot store cases on POSTGRES_15 are SKIPPED. Run eval "$(scripts/postgres-test.sh start)" first.';
  if (process.env.MESH_REQUIRE_POSTGRES) throw new Error(message);
  // eslint-disable-next-line no-console
  console.warn(message);
  describe(`SnapshotManager on ${POSTGRES_ID}`, () => {
    // A visible skip, not a silent one.
    // eslint-disable-next-line jest/no-disabled-tests, jest/expect-expect
    it.skip(`SKIPPED: ${message}`, () => {});
  });
}

describe.each(databases.eachSupportedId())(
  'SnapshotManager with a shared %s store (several replicas)',
  databaseId => {
    async function setup() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseSnapshotStore.create(knex);
      let now = 1_000_000;
      let next: () => Promise<ClusterCollection> = async () => ({
        objects: objects(2),
        missingApis: ['sidecars.networking.istio.io'],
      });
      const make = () =>
        new SnapshotManager({
          config: testConfig(),
          store,
          logger: mockServices.logger.mock(),
          computeModel,
          collect: () => next(),
          now: () => now,
        });
      return {
        store,
        refresher: make(),
        reader: make(),
        setNext: (fn: typeof next) => (next = fn),
        advance: (ms: number) => (now += ms),
      };
    }

    it('a replica that did not refresh serves what the refreshing replica stored', async () => {
      const { refresher, reader } = await setup();
      await refresher.refresh();
      expect(refresher.view().index.model.workloads).toHaveLength(2);
      expect(reader.view().index.model.workloads).toHaveLength(0);

      await reader.sync();
      expect(reader.view().index.model.workloads).toHaveLength(2);
      expect(reader.clusterStatuses()).toEqual([
        expect.objectContaining({
          name: 'platform',
          ok: true,
          stale: false,
          ageSeconds: 0,
          missingApis: ['sidecars.networking.istio.io'],
        }),
      ]);
    });

    it('keeps the last good objects of a failing cluster, with its error, and marks them stale', async () => {
      const { refresher, reader, setNext, advance, store } = await setup();
      await refresher.refresh();
      await reader.sync();
      const versionBefore = reader.view().version;

      setNext(async () => {
        throw new ClusterReadError('listing pods: HTTP 403 Forbidden');
      });
      advance(61_000); // more than two 30 s intervals
      await refresher.refresh();

      const readObjects = jest.spyOn(store, 'readObjects');
      await reader.sync();
      // Only the status changed: the objects are not loaded again.
      expect(readObjects).not.toHaveBeenCalled();
      expect(reader.view().version).toBe(versionBefore);
      expect(reader.view().index.model.workloads).toHaveLength(2);
      expect(reader.clusterStatuses()[0]).toEqual(
        expect.objectContaining({
          ok: false,
          stale: true,
          ageSeconds: 61,
          error: 'listing pods: HTTP 403 Forbidden',
        }),
      );

      setNext(async () => ({ objects: objects(3), missingApis: [] }));
      await refresher.refresh();
      await reader.sync();
      expect(readObjects).toHaveBeenCalledTimes(1);
      expect(reader.view().index.model.workloads).toHaveLength(3);
      expect(reader.clusterStatuses()[0]).toEqual(
        expect.objectContaining({ ok: true, stale: false, error: undefined }),
      );
    });

    it('stores nothing new and recomputes nothing when the cluster did not change', async () => {
      const { refresher, reader, store, advance } = await setup();
      await refresher.refresh();
      await reader.sync();
      const versions = [refresher.view().version, reader.view().version];
      const readObjects = jest.spyOn(store, 'readObjects');
      advance(10_000);
      await refresher.refresh();
      await reader.sync();
      expect([refresher.view().version, reader.view().version]).toEqual(
        versions,
      );
      expect(readObjects).not.toHaveBeenCalled();
      expect(reader.clusterStatuses()[0].ageSeconds).toBe(0);
    });

    it('reports a cluster never read as not ok and stale', async () => {
      const { reader } = await setup();
      await reader.sync();
      expect(reader.clusterStatuses()[0]).toEqual(
        expect.objectContaining({ ok: false, stale: true }),
      );
    });

    it('keeps serving the previous model when the engine throws', async () => {
      const { store } = await setup();
      let calls = 0;
      const manager = new SnapshotManager({
        config: testConfig(),
        store,
        logger: mockServices.logger.mock(),
        computeModel: clusters => {
          calls++;
          if (calls > 1) throw new Error('engine bug');
          return computeModel(clusters);
        },
        collect: async () => ({ objects: objects(1), missingApis: [] }),
      });
      await manager.refresh();
      await manager.refresh();
      expect(manager.view().index.model.workloads).toHaveLength(1);
    });
    it('tells refresh listeners of each new model with the one it replaced, on the refreshing replica only', async () => {
      const { refresher, reader, setNext } = await setup();
      const seen: Array<[number | undefined, number]> = [];
      const record =
        (who: string) =>
        (r: {
          previous?: { index: { model: MeshModel } };
          current: { index: { model: MeshModel } };
        }) => {
          if (who === 'reader') throw new Error('the reader never refreshed');
          seen.push([
            r.previous?.index.model.workloads.length,
            r.current.index.model.workloads.length,
          ]);
        };
      refresher.onRefresh(record('refresher'));
      reader.onRefresh(record('reader'));

      await refresher.refresh(); // first ever: nothing stored before
      await refresher.refresh(); // unchanged cluster: no new model
      setNext(async () => ({ objects: objects(3), missingApis: [] }));
      await refresher.refresh();
      await reader.sync(); // loading a stored model is not a refresh
      expect(seen).toEqual([
        [undefined, 2],
        [2, 3],
      ]);
    });

    it('in watch mode, tells refresh listeners of each model the watched changes produce, and not of unchanged ticks', async () => {
      const { refresher } = await setup();
      const seen: Array<[number | undefined, number]> = [];
      refresher.onRefresh(r => {
        seen.push([
          r.previous?.index.model.workloads.length,
          r.current.index.model.workloads.length,
        ]);
      });
      const watched = (pods: number) => ({
        cluster: 'platform',
        collection: { objects: objects(pods), missingApis: [] },
      });
      await refresher.storeWatched([watched(2)]);
      await refresher.storeWatched([{ cluster: 'platform', unchanged: true }]);
      await refresher.storeWatched([watched(2)]); // same objects again
      await refresher.storeWatched([watched(4)]);
      expect(seen).toEqual([
        [undefined, 2],
        [2, 4],
      ]);
    });

    it('compares the first refresh after a restart, or after another replica refreshed, with the stored snapshot', async () => {
      const { refresher, reader, setNext } = await setup();
      await refresher.refresh();
      setNext(async () => ({ objects: objects(4), missingApis: [] }));
      // `reader` stands for a restarted process (or the next replica the
      // scheduler picks): it never synced, yet its baseline is the stored model.
      const seen: number[] = [];
      reader.onRefresh(({ previous }) => {
        seen.push(previous?.index.model.workloads.length ?? -1);
      });
      await reader.refresh();
      expect(seen).toEqual([2]);
    });

    it('logs a listener that throws and still completes the refresh and calls the next listener', async () => {
      const { store } = await setup();
      const logger = mockServices.logger.mock();
      const manager = new SnapshotManager({
        config: testConfig(),
        store,
        logger,
        computeModel,
        collect: async () => ({ objects: objects(1), missingApis: [] }),
      });
      const second = jest.fn();
      manager.onRefresh(() => {
        throw new Error('listener bug');
      });
      manager.onRefresh(second);
      await expect(manager.refresh()).resolves.toBeUndefined();
      expect(manager.view().index.model.workloads).toHaveLength(1);
      expect(second).toHaveBeenCalledTimes(1);
      expect(logger.error).toHaveBeenCalledWith(
        'A mesh refresh listener failed',
        { error: 'listener bug' },
      );
    });
  },
);
