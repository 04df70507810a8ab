import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import knexFactory, { type Knex } from 'knex';
import { applyMigrations } from './migrations';

jest.setTimeout(120_000);

const POSTGRES_ID: TestDatabaseId = 'POSTGRES_15';
// PostgreSQL from `scripts/postgres-test.sh start`; docker is never used.
const databases = TestDatabases.create({
  ids: [POSTGRES_ID],
  disableDocker: true,
});

const TABLES = [
  'mesh_cluster_snapshots',
  'mesh_coverage_history',
  'mesh_telemetry_collections',
  'mesh_leases',
];

if (!databases.supports(POSTGRES_ID)) {
  const message =
    'PostgreSQL is not configured (BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING unset): ' +
    'concurrent migrations on POSTGRES_15 are SKIPPED. Run eval "$(scripts/postgres-test.sh start)" first.';
  if (process.env.MESH_REQUIRE_POSTGRES) throw new Error(message);
  // eslint-disable-next-line no-console
  console.warn(message);
  describe(`concurrent migrations on ${POSTGRES_ID}`, () => {
    // A visible skip, not a silent one.
    // eslint-disable-next-line jest/no-disabled-tests, jest/expect-expect
    it.skip(`SKIPPED: ${message}`, () => {});
  });
} else {
  describe('replicas starting at once on a fresh PostgreSQL database', () => {
    const extra: Knex[] = [];
    afterEach(async () => {
      await Promise.all(extra.splice(0).map(client => client.destroy()));
    });

    it.each([2, 4])(
      '%i replicas migrate the same fresh database concurrently, all succeed, each migration runs once',
      async replicas => {
        const first = await databases.init(POSTGRES_ID);
        const clients = [first];
        while (clients.length < replicas) {
          const client = knexFactory(first.client.config);
          extra.push(client);
          clients.push(client);
        }
        await Promise.all(clients.map(client => applyMigrations(client)));
        for (const table of TABLES) {
          expect(await first.schema.hasTable(table)).toBe(true);
        }
        const done = await first('knex_migrations').select('name');
        const names = done.map(row => row.name as string);
        expect(new Set(names).size).toBe(names.length);
        expect(names).toHaveLength(TABLES.length);
        const [{ is_locked }] = await first('knex_migrations_lock').select(
          'is_locked',
        );
        expect(Number(is_locked)).toBe(0);
      },
    );
  });
}
