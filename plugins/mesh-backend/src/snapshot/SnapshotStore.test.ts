import { TestDatabases } from '@backstage/backend-test-utils';
import { emptyClusterObjects } from '../engine/emptyClusterObjects';
import type { ClusterObjects } from '../engine/types';
import { DatabaseSnapshotStore } from './SnapshotStore';

jest.setTimeout(60_000);

// SQLite only: the PostgreSQL cases of the store run in SnapshotManager.test.ts.
const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

const TABLE = 'mesh_cluster_snapshots';

const objects: ClusterObjects = emptyClusterObjects('platform');

describe('DatabaseSnapshotStore schema', () => {
  it('comes from the migrations directory and respects database.migrations.skip', async () => {
    const knex = await databases.init('SQLITE_3');
    await DatabaseSnapshotStore.fromDatabase({
      getClient: async () => knex,
      migrations: { skip: true },
    });
    expect(await knex.schema.hasTable(TABLE)).toBe(false);

    const store = await DatabaseSnapshotStore.fromDatabase({
      getClient: async () => knex,
    });
    expect(await knex.schema.hasTable(TABLE)).toBe(true);
    // One mechanism: the knex migrations table of migrations/ tracks it.
    const done = await knex('knex_migrations').pluck('name');
    expect(done).toContain('20261126080000_cluster_snapshots.js');
    expect(await knex.schema.hasTable('mesh_snapshot_migrations')).toBe(false);

    await store.writeSuccess('platform', objects, [], 1_000);
    expect(await store.readObjects('platform')).toEqual(objects);
  });

  it('keeps the rows of a table made by the former in-code migration', async () => {
    const knex = await databases.init('SQLITE_3');
    // The shape the former migration created, with one stored cluster.
    await knex.schema.createTable(TABLE, table => {
      table.string('cluster', 255).primary();
      table.string('objects_version', 64).nullable();
      table.binary('objects').nullable();
      table.bigInteger('last_success').nullable();
      table.bigInteger('last_attempt').nullable();
      table.text('error').nullable();
      table.text('missing_apis').nullable();
    });
    await knex(TABLE).insert({
      cluster: 'compute',
      last_attempt: 5,
      error: 'timed out',
      missing_apis: '[]',
    });

    const store = await DatabaseSnapshotStore.fromDatabase({
      getClient: async () => knex,
    });
    expect(await store.readStates()).toEqual([
      {
        cluster: 'compute',
        lastAttempt: 5,
        error: 'timed out',
        missingApis: [],
      },
    ]);
  });
});
