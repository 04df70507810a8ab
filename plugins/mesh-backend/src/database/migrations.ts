import { resolvePackagePath } from '@backstage/backend-plugin-api';
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
