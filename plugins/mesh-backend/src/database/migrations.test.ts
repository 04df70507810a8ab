import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { createHistoryStore } from '../history';
import { DatabaseSnapshotStore } from '../snapshot';
import { openPluginDatabase } from './migrations';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

describe('the plugin database', () => {
  afterEach(() => jest.restoreAllMocks());

  it('is migrated once however many stores open it', async () => {
    const knex = await databases.init('SQLITE_3');
    const latest = jest.spyOn(Object.getPrototypeOf(knex.migrate), 'latest');
    const database = { getClient: async () => knex };
    await DatabaseSnapshotStore.fromDatabase(database);
    await createHistoryStore({ database, logger: mockServices.logger.mock() });
    await openPluginDatabase(database);
    expect(latest).toHaveBeenCalledTimes(1);
    // Both stores' tables come from the one run.
    expect(await knex.schema.hasTable('mesh_cluster_snapshots')).toBe(true);
    expect(await knex.schema.hasTable('mesh_coverage_history')).toBe(true);
  });

  it('is left alone when database.migrations.skip is set', async () => {
    const knex = await databases.init('SQLITE_3');
    const latest = jest.spyOn(Object.getPrototypeOf(knex.migrate), 'latest');
    await openPluginDatabase({
      getClient: async () => knex,
      migrations: { skip: true },
    });
    expect(latest).not.toHaveBeenCalled();
  });
});
