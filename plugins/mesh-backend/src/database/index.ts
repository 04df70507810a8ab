/**
 * The plugin's one database: its migrations (`migrations/` at the package
 * root) and the client every store opens through {@link openPluginDatabase}.
 */
export {
  applyMigrations,
  migrationsDirectory,
  openPluginDatabase,
} from './migrations';
