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

/**
 * Brings the plugin's database schema up to date: every table of the plugin
 * (cluster snapshots, coverage history) comes from `migrations/`.
 * @internal
 */
export async function applyMigrations(client: Knex): Promise<void> {
  await client.migrate.latest({ directory: migrationsDirectory() });
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
