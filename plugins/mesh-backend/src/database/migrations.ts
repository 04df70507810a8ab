import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

/**
 * Directory of the plugin's knex migrations (shipped with the package).
 * @internal
 */
export function migrationsDirectory(): string {
  return resolvePackagePath('@mesh-portal/plugin-mesh-backend', 'migrations');
}

/** How long a starting replica waits for another one's migration. */
const MIGRATION_WAIT_MS = 60_000;

/**
 * Brings the plugin's database schema up to date: every table of the plugin
 * (cluster snapshots, coverage history, telemetry collections) comes from
 * `migrations/`. Safe when several replicas start at once on a fresh
 * database: on PostgreSQL an advisory lock lets one migrate at a time, and
 * knex's own lock (waited for, at most a minute) covers the rest; the later
 * replicas find nothing left to do.
 * @internal
 */
export async function applyMigrations(
  client: Knex,
  options: { waitMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (options.waitMs ?? MIGRATION_WAIT_MS);
  for (let attempt = 1; ; attempt++) {
    try {
      await serialisedOnPostgres(client, () =>
        client.migrate.latest({ directory: migrationsDirectory() }),
      );
      return;
    } catch (error) {
      if (!isConcurrentMigration(error) || Date.now() > deadline) throw error;
      // Another replica is migrating: wait, then find its work done (or
      // take the lock once it is released).
      await new Promise(resolve =>
        setTimeout(resolve, Math.min(2_000, 100 * 2 ** attempt)),
      );
    }
  }
}

/** Key of the PostgreSQL advisory lock that serialises mesh's migrations. */
const MIGRATION_LOCK_KEY = 0x6d657368; // "mesh"

/**
 * On PostgreSQL, runs `migrate` while holding a transaction-scoped advisory
 * lock, so replicas starting at once migrate one after the other. knex's own
 * lock is not enough on a fresh database: two replicas can both create its
 * lock table and each insert the lock row, after which knex finds two rows
 * and reports "already locked" for ever. The migration itself runs on other
 * connections of the pool, so this needs a pool of at least two.
 */
async function serialisedOnPostgres<T>(
  client: Knex,
  migrate: () => Promise<T>,
): Promise<T> {
  const driver = String(client.client.config?.client ?? '');
  const poolMax = (client.client.pool as { max?: number } | undefined)?.max;
  if (!/^(pg|postgres|postgresql)$/.test(driver) || (poolMax ?? 2) < 2) {
    return migrate();
  }
  return client.transaction(async trx => {
    await trx.raw('select pg_advisory_xact_lock(?)', [MIGRATION_LOCK_KEY]);
    return migrate();
  });
}

/**
 * Errors of two replicas migrating one database at the same moment: knex's
 * lock is held by the other one (`MigrationLocked`), or both created knex's
 * own bookkeeping tables at once (PostgreSQL: a unique violation on
 * `pg_type` or "already exists"; SQLite: "already exists").
 */
function isConcurrentMigration(error: unknown): boolean {
  const { name, code, message } = (error ?? {}) as {
    name?: string;
    code?: string;
    message?: string;
  };
  if (name === 'MigrationLocked') return true;
  if (!/knex_migrations/.test(message ?? '')) return false;
  return (
    code === '23505' ||
    code === '42P07' ||
    /already exists|duplicate key/i.test(message ?? '')
  );
}

// Both stores open the same database; its schema is brought up to date once
// per client however many of them ask (a failed run may be retried).
const migrated = new WeakMap<Knex, Promise<void>>();

/**
 * The plugin's database client, with the schema brought up to date once
 * (unless `database.migrations.skip` is set).
 * @internal
 */
export async function openPluginDatabase(
  database: Pick<DatabaseService, 'getClient' | 'migrations'>,
): Promise<Knex> {
  const client = await database.getClient();
  if (database.migrations?.skip) return client;
  let done = migrated.get(client);
  if (!done) {
    done = applyMigrations(client);
    migrated.set(client, done);
    done.catch(() => migrated.delete(client));
  }
  await done;
  return client;
}
