import type {
  CoverageCounts,
  CoverageHistoryResponse,
} from '@mesh-portal/plugin-mesh-common';

/**
 * The dimension a coverage summary is grouped by; `all` is the mesh-wide total.
 * @public
 */
export type HistoryGroupBy = 'all' | 'owner' | 'cluster' | 'namespace';

/**
 * Every {@link HistoryGroupBy}, in display order.
 * @public
 */
export const HISTORY_GROUP_BYS: readonly HistoryGroupBy[] = [
  'all',
  'owner',
  'cluster',
  'namespace',
];

/**
 * The key under which the mesh-wide total is stored and served.
 * @public
 */
export const ALL_KEY = 'all';

/**
 * One group's counts at one moment, as the history store records them.
 * @public
 */
export interface CoverageSummaryEntry {
  groupBy: HistoryGroupBy;
  /** Owner ref, cluster name or namespace; ignored (stored as `all`) for `all`. */
  key: string;
  counts: CoverageCounts;
}

/**
 * What {@link HistoryStore.query} returns points for.
 * @public
 */
export interface HistoryQuery {
  groupBy: HistoryGroupBy;
  /** Restrict to these group keys; all keys of the dimension when absent. */
  keys?: string[];
  /** Earliest moment of interest; the period containing it is included. */
  since: Date;
}

/**
 * Stores one coverage summary per period and group, for the audit trend chart.
 * @public
 */
export interface HistoryStore {
  /**
   * Records the summaries of the period containing `at`. Re-recording a
   * period replaces it, so restarts and several replicas never double-count.
   */
  record(at: Date, summary: CoverageSummaryEntry[]): Promise<void>;
  /**
   * Returns the series of one dimension, keyed `all` or `<groupBy>:<key>`,
   * each ordered oldest first.
   */
  query(query: HistoryQuery): Promise<CoverageHistoryResponse>;
  /**
   * Writes the past periods a {@link HistorySeeder} proposes for the
   * `seeder.days` days before the period containing `now` (never that period,
   * never beyond the retention), given the `current` summaries. Existing
   * periods, recorded or seeded, are kept, so calling it on every run is
   * harmless.
   * @returns the number of rows written
   */
  seed(
    seeder: HistorySeeder,
    current: CoverageSummaryEntry[],
    now?: Date,
  ): Promise<number>;
  /**
   * Deletes periods older than the retention.
   * @returns the number of rows deleted
   */
  prune(now?: Date): Promise<number>;
}

/**
 * One proposed past point: the summary of one group at one period start.
 * @public
 */
export interface SeededCoveragePoint {
  periodStart: Date;
  entry: CoverageSummaryEntry;
}

/**
 * Proposes past coverage for periods nothing recorded, for example a demo's
 * plausible trend (the demo backend's `mesh` module registers one through
 * {@link meshHistoryExtensionPoint}). The plugin itself never invents data.
 * @public
 */
export interface HistorySeeder {
  /** How many days before today to fill; 0 writes nothing. */
  days: number;
  /**
   * The points of the given periods (oldest first), trending to `current`.
   * Points for any other period are rejected by the store.
   */
  pointsFor(request: {
    current: CoverageSummaryEntry[];
    periodStarts: Date[];
  }): SeededCoveragePoint[];
}
