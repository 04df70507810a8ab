import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type {
  CoverageCounts,
  CoverageHistoryPoint,
  CoverageHistoryResponse,
} from '@mesh-portal/plugin-mesh-common';
import type { Knex } from 'knex';
import { DAY_MS, assertPeriodMs, periodStart } from './period';
import {
  ALL_KEY,
  HISTORY_GROUP_BYS,
  type CoverageSummaryEntry,
  type HistoryGroupBy,
  type HistoryQuery,
  type HistorySeeder,
  type HistoryStore,
} from './types';

/** The table created by `migrations/20261126070000_coverage_history.js`. */
const TABLE = 'mesh_coverage_history';

/** Rows per INSERT: 11 bindings each stays far below SQLite's variable limit. */
const INSERT_CHUNK = 100;

/** Longest group key the column holds. */
const MAX_KEY_LENGTH = 512;

/** Most keys one query may ask for. */
export const MAX_QUERY_KEYS = 200;

/** Default retention of history rows: 400 days. */
export const DEFAULT_RETENTION_MS = 400 * DAY_MS;

type RowSource = 'recorded' | 'seeded';

interface HistoryRow {
  period_start: Date | number | string;
  group_by: string;
  group_key: string;
  strict: number;
  meshed_not_strict: number;
  outside: number;
  infrastructure: number;
  total: number;
  source: RowSource;
  recorded_at: Date | number | string;
}

/**
 * Options of {@link DatabaseHistoryStore}.
 * @public
 */
export interface DatabaseHistoryStoreOptions {
  /** A knex client whose schema has been migrated. */
  client: Knex;
  logger: LoggerService;
  /** Length of one recording period in milliseconds (default one day). */
  periodMs?: number;
  /** How long rows are kept, in milliseconds (default 400 days). */
  retentionMs?: number;
}

const COUNT_FIELDS: Array<keyof CoverageCounts> = [
  'strict',
  'meshedNotStrict',
  'outside',
  'infrastructure',
  'total',
];

function validateEntry(entry: CoverageSummaryEntry, index: number): void {
  const where = `coverage summary entry ${index}`;
  if (!entry || !HISTORY_GROUP_BYS.includes(entry.groupBy)) {
    throw new InputError(
      `${where}: groupBy must be one of ${HISTORY_GROUP_BYS.join(', ')}`,
    );
  }
  if (
    entry.groupBy !== 'all' &&
    (typeof entry.key !== 'string' ||
      entry.key.length === 0 ||
      entry.key.length > MAX_KEY_LENGTH)
  ) {
    throw new InputError(
      `${where}: key must be a non-empty string of at most ${MAX_KEY_LENGTH} characters`,
    );
  }
  for (const field of COUNT_FIELDS) {
    const value = entry.counts?.[field];
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new InputError(
        `${where}: counts.${field} must be a non-negative integer`,
      );
    }
  }
}

function storedKey(entry: CoverageSummaryEntry): string {
  return entry.groupBy === 'all' ? ALL_KEY : entry.key;
}

function seriesKey(groupBy: string, key: string): string {
  return groupBy === 'all' ? ALL_KEY : `${groupBy}:${key}`;
}

/**
 * {@link HistoryStore} on the plugin's database (SQLite or PostgreSQL).
 * @public
 */
export class DatabaseHistoryStore implements HistoryStore {
  readonly #client: Knex;
  readonly #logger: LoggerService;
  readonly #periodMs: number;
  readonly #retentionMs: number;

  constructor(options: DatabaseHistoryStoreOptions) {
    this.#client = options.client;
    this.#logger = options.logger;
    this.#periodMs = options.periodMs ?? DAY_MS;
    this.#retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    assertPeriodMs(this.#periodMs, 'The coverage history period');
    assertPeriodMs(this.#retentionMs, 'The coverage history retention');
    if (this.#retentionMs < this.#periodMs) {
      throw new InputError(
        'The coverage history retention must be at least one period',
      );
    }
  }

  /** Length of one recording period in milliseconds. */
  get periodMs(): number {
    return this.#periodMs;
  }

  async record(at: Date, summary: CoverageSummaryEntry[]): Promise<void> {
    const start = periodStart(at, this.#periodMs);
    // One key order for every writer, so concurrent upserts of the same
    // period take their row locks in the same order and cannot deadlock.
    const rows = this.#toRows(start, summary, 'recorded', new Date()).sort(
      compareRows,
    );
    // Delete and insert in one transaction so readers never see a half
    // period. The upsert (rather than a plain insert) lets two replicas
    // recording the same period at once both succeed instead of one failing
    // on the primary key.
    await this.#client.transaction(async tx => {
      await tx(TABLE).where('period_start', start).delete();
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        await tx(TABLE)
          .insert(rows.slice(i, i + INSERT_CHUNK))
          .onConflict(['period_start', 'group_by', 'group_key'])
          .merge();
      }
    });
    this.#logger.debug(
      `Recorded coverage history for ${start.toISOString()}: ${
        rows.length
      } groups`,
    );
    try {
      await this.prune(at);
    } catch (error) {
      // The period is recorded; a failed clean-up is retried next time.
      this.#logger.warn(`Pruning the coverage history failed: ${error}`);
    }
  }

  async query(query: HistoryQuery): Promise<CoverageHistoryResponse> {
    const { groupBy, keys, since } = query;
    if (!HISTORY_GROUP_BYS.includes(groupBy)) {
      throw new InputError(
        `groupBy must be one of ${HISTORY_GROUP_BYS.join(', ')}`,
      );
    }
    if (keys && keys.length > MAX_QUERY_KEYS) {
      throw new InputError(`At most ${MAX_QUERY_KEYS} keys may be queried`);
    }
    const from = periodStart(since, this.#periodMs);
    let builder = this.#client<HistoryRow>(TABLE)
      .where('group_by', groupBy)
      .andWhere('period_start', '>=', from);
    if (groupBy !== 'all' && keys) {
      builder = builder.whereIn('group_key', keys);
    }
    const rows = await builder.orderBy([
      { column: 'group_key', order: 'asc' },
      { column: 'period_start', order: 'asc' },
    ]);
    const series: Record<string, CoverageHistoryPoint[]> = {};
    for (const row of rows) {
      const key = seriesKey(row.group_by, row.group_key);
      const point: CoverageHistoryPoint = {
        time: new Date(row.period_start).toISOString(),
        counts: {
          strict: Number(row.strict),
          meshedNotStrict: Number(row.meshed_not_strict),
          outside: Number(row.outside),
          infrastructure: Number(row.infrastructure),
          total: Number(row.total),
        },
      };
      // Said on every point, so no chart can pass seeded data off as measured.
      if (row.source === 'seeded') point.seeded = true;
      (series[key] ??= []).push(point);
    }
    return { series };
  }

  async seed(
    seeder: HistorySeeder,
    current: CoverageSummaryEntry[],
    now: Date = new Date(),
  ): Promise<number> {
    const days = seeder.days;
    if (!Number.isSafeInteger(days) || days < 0) {
      throw new InputError(
        'The number of days to seed must be a non-negative integer',
      );
    }
    // Whole periods back to `days` days ago, never beyond the retention
    // (such rows would be pruned straight away) and never the current period,
    // which is left for the real recorder.
    const periods = Math.max(
      0,
      Math.min(
        Math.floor((days * DAY_MS) / this.#periodMs),
        Math.floor(this.#retentionMs / this.#periodMs) - 1,
      ),
    );
    if (periods === 0) return 0;
    // Validates the entries (and rejects duplicates) before anything is written.
    this.#toRows(new Date(0), current, 'seeded', new Date(0));
    const currentStart = periodStart(now, this.#periodMs).getTime();
    const periodStarts = Array.from(
      { length: periods },
      (_, i) => new Date(currentStart - (periods - i) * this.#periodMs),
    );
    const allowed = new Set(periodStarts.map(start => start.getTime()));
    const points = seeder.pointsFor({ current, periodStarts });
    const recordedAt = new Date();
    const rows = points.flatMap(point => {
      if (!allowed.has(point.periodStart.getTime())) {
        throw new InputError(
          `A seeded point for ${point.periodStart.toISOString()} is outside the ${periods} periods offered`,
        );
      }
      return this.#toRows(
        point.periodStart,
        [point.entry],
        'seeded',
        recordedAt,
      );
    });
    const written = await this.#client.transaction(async tx => {
      // Drivers disagree on what an ignored insert returns, so count instead.
      const before = await countRows(tx);
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        // Never overwrite a period that exists, recorded or seeded.
        await tx(TABLE)
          .insert(rows.slice(i, i + INSERT_CHUNK))
          .onConflict(['period_start', 'group_by', 'group_key'])
          .ignore();
      }
      return (await countRows(tx)) - before;
    });
    this.#logger.info(
      `Seeded ${written} coverage history rows over ${periods} periods`,
    );
    return written;
  }

  async prune(now: Date = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.#retentionMs);
    const deleted = await this.#client(TABLE)
      .where('period_start', '<', cutoff)
      .delete();
    if (deleted > 0) {
      this.#logger.info(
        `Pruned ${deleted} coverage history rows older than ${cutoff.toISOString()}`,
      );
    }
    return deleted;
  }

  #toRows(
    start: Date,
    summary: CoverageSummaryEntry[],
    source: RowSource,
    recordedAt: Date,
  ): HistoryRow[] {
    if (!Array.isArray(summary)) {
      throw new InputError('The coverage summary must be an array');
    }
    summary.forEach(validateEntry);
    const seen = new Set<string>();
    return summary.map(entry => {
      const key = storedKey(entry);
      const id = seriesKey(entry.groupBy, key);
      if (seen.has(id)) {
        throw new InputError(`Duplicate coverage summary entry for ${id}`);
      }
      seen.add(id);
      return {
        period_start: start,
        group_by: entry.groupBy satisfies HistoryGroupBy,
        group_key: key,
        strict: entry.counts.strict,
        meshed_not_strict: entry.counts.meshedNotStrict,
        outside: entry.counts.outside,
        infrastructure: entry.counts.infrastructure,
        total: entry.counts.total,
        source,
        recorded_at: recordedAt,
      };
    });
  }
}

function compareRows(a: HistoryRow, b: HistoryRow): number {
  if (a.group_by !== b.group_by) {
    return a.group_by < b.group_by ? -1 : 1;
  }
  if (a.group_key === b.group_key) {
    return 0;
  }
  return a.group_key < b.group_key ? -1 : 1;
}

async function countRows(client: Knex): Promise<number> {
  const [row] = await client(TABLE).count({ count: '*' });
  // PostgreSQL returns bigint counts as strings.
  return Number(row?.count ?? 0);
}
