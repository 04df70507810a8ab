import type {
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { DatabaseHistoryStore } from './HistoryStore';
import { openPluginDatabase } from '../database';
import type { HistoryStore } from './types';

/**
 * Options of {@link createHistoryStore}.
 * @public
 */
export interface CreateHistoryStoreOptions {
  database: Pick<DatabaseService, 'getClient' | 'migrations'>;
  logger: LoggerService;
  /** Length of one recording period in milliseconds (default one day). */
  periodMs?: number;
  /** How long history is kept, in milliseconds (default 400 days). */
  retentionMs?: number;
}

/**
 * Opens the coverage history on the plugin's database, applying the plugin's
 * migrations first unless `database.migrations.skip` is set.
 * @public
 */
export async function createHistoryStore(
  options: CreateHistoryStoreOptions,
): Promise<HistoryStore> {
  return new DatabaseHistoryStore({
    client: await openPluginDatabase(options.database),
    logger: options.logger,
    periodMs: options.periodMs,
    retentionMs: options.retentionMs,
  });
}

export {
  DatabaseHistoryStore,
  DEFAULT_RETENTION_MS,
  MAX_QUERY_KEYS,
} from './HistoryStore';
export type { DatabaseHistoryStoreOptions } from './HistoryStore';
export { auditRowsToCsv, AUDIT_CSV_COLUMNS } from './csv';
export type { AuditCsvOptions } from './csv';
export { recordCoverage, summarizeAuditRows } from './recorder';
export { sendAuditCsv } from './http';
export { ALL_KEY, HISTORY_GROUP_BYS } from './types';
export type {
  CoverageSummaryEntry,
  HistoryGroupBy,
  HistoryQuery,
  HistorySeeder,
  HistoryStore,
  SeededCoveragePoint,
} from './types';
