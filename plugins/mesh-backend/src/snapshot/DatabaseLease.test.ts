import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import knexFactory, { type Knex } from 'knex';
import { applyMigrations } from '../database/migrations';
import { DatabaseLease } from './DatabaseLease';

jest.setTimeout(120_000);

const POSTGRES_ID: TestDatabaseId = 'POSTGRES_15';
// PostgreSQL from `scripts/postgres-test.sh start`; docker is never used.
const databases = TestDatabases.create({
  ids: ['SQLITE_3', POSTGRES_ID],
  disableDocker: true,
});

// TestDatabases silently drops an unconfigured PostgreSQL: say so loudly, and
// fail where it is required (MESH_REQUIRE_POSTGRES).
if (!databases.supports(POSTGRES_ID)) {
  const message =
    'PostgreSQL is not configured (BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING unset): ' +
    'the lease cases on POSTGRES_15 are SKIPPED. Run eval "$(scripts/postgres-test.sh start)" first.';
  if (process.env.MESH_REQUIRE_POSTGRES) throw new Error(message);
  // eslint-disable-next-line no-console
  console.warn(message);
  describe(`DatabaseLease on ${POSTGRES_ID}`, () => {
    // A visible skip, not a silent one.
    // eslint-disable-next-line jest/no-disabled-tests, jest/expect-expect
    it.skip(`SKIPPED: ${message}`, () => {});
  });
}

const TTL_MS = 30_000;

describe.each(databases.eachSupportedId())(
  'DatabaseLease between two replicas on %s',
  databaseId => {
    const extra: Knex[] = [];
    afterAll(async () => {
      await Promise.all(extra.splice(0).map(client => client.destroy()));
    });

    /** Two replicas, each with its own connection pool and clock. */
    async function twoReplicas() {
      const first = await databases.init(databaseId);
      await applyMigrations(first);
      // SQLite in memory is one database per connection: share the client.
      const second =
        databaseId === 'SQLITE_3' ? first : knexFactory(first.client.config);
      if (second !== first) extra.push(second);
      let now = 1_000_000;
      const lease = (client: Knex, holder: string) =>
        new DatabaseLease(client, {
          name: 'collection',
          ttlMs: TTL_MS,
          holder,
          now: () => now,
        });
      return {
        client: first,
        a: lease(first, 'replica-a'),
        b: lease(second, 'replica-b'),
        advance: (ms: number) => {
          now += ms;
        },
      };
    }

    it('only one of two replicas asking at once gets it, and its holder renews it', async () => {
      const { a, b, advance } = await twoReplicas();
      const [gotA, gotB] = await Promise.all([a.acquire(), b.acquire()]);
      expect([gotA, gotB].filter(Boolean)).toHaveLength(1);
      const [holder, other] = gotA ? [a, b] : [b, a];
      for (let i = 0; i < 5; i++) {
        advance(TTL_MS / 3);
        expect(await holder.acquire()).toBe(true);
        expect(await other.acquire()).toBe(false);
      }
    });

    it('is taken over once the holder stops renewing it (it died), not before', async () => {
      const { a, b, advance } = await twoReplicas();
      expect(await a.acquire()).toBe(true);
      advance(TTL_MS - 1);
      expect(await b.acquire()).toBe(false);
      advance(1);
      expect(await b.acquire()).toBe(true);
      // The old holder comes back: it no longer holds the lease.
      expect(await a.acquire()).toBe(false);
    });

    it('is free at once when its holder releases it (shutdown)', async () => {
      const { a, b } = await twoReplicas();
      expect(await a.acquire()).toBe(true);
      await b.release(); // not the holder: changes nothing
      expect(await b.acquire()).toBe(false);
      await a.release();
      expect(await b.acquire()).toBe(true);
    });

    it('many concurrent attempts on an expired lease: exactly one wins', async () => {
      const { client, a, advance } = await twoReplicas();
      expect(await a.acquire()).toBe(true);
      advance(TTL_MS + 1);
      const contenders = Array.from(
        { length: 6 },
        (_, i) =>
          new DatabaseLease(client, {
            name: 'collection',
            ttlMs: TTL_MS,
            holder: `replica-${i}`,
            now: () => 1_000_000 + TTL_MS + 1,
          }),
      );
      const results = await Promise.all(contenders.map(c => c.acquire()));
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  },
);

describe('DatabaseLease.lazy', () => {
  it('opens the database only when the lease is first taken, and then holds it like an eager one', async () => {
    const client = await databases.init('SQLITE_3');
    const getClient = jest.fn(async () => client);
    const lease = DatabaseLease.lazy(
      { getClient },
      { name: 'collection', ttlMs: TTL_MS, holder: 'lazy-replica' },
    );
    await lease.release(); // never used: nothing to give up
    expect(getClient).not.toHaveBeenCalled();

    expect(await lease.acquire()).toBe(true);
    expect(getClient).toHaveBeenCalledTimes(1);
    const other = new DatabaseLease(client, {
      name: 'collection',
      ttlMs: TTL_MS,
      holder: 'other-replica',
    });
    expect(await other.acquire()).toBe(false);
    await lease.release();
    expect(await other.acquire()).toBe(true);
    expect(getClient).toHaveBeenCalledTimes(1);
  });

  it('retries a failed open at the next use', async () => {
    const client = await databases.init('SQLITE_3');
    const getClient = jest
      .fn<Promise<Knex>, []>()
      .mockRejectedValueOnce(new Error('database not reachable'))
      .mockResolvedValue(client);
    const lease = DatabaseLease.lazy(
      { getClient },
      { name: 'collection', ttlMs: TTL_MS },
    );
    await expect(lease.acquire()).rejects.toThrow('database not reachable');
    expect(await lease.acquire()).toBe(true);
    expect(lease.holder).toMatch(/-\d+-[0-9a-f-]{36}$/);
  });
});
