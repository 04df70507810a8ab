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
 * database: knex's migration lock lets one migrate; the others wait for it
 * (at most a minute) and then find nothing left to do.
 * @internal
 */
export async function applyMigrations(
  client: Knex,
  options: { waitMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (options.waitMs ?? MIGRATION_WAIT_MS);
  for (let attempt = 1; ; attempt++) {
    try {
      await client.migrate.latest({ directory: migrationsDirectory() });
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
