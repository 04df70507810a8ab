import type { AuditRow, CoverageCounts } from '@mesh-portal/plugin-mesh-common';
import {
  addToCoverageCounts,
  emptyCoverageCounts,
  UNOWNED_KEY,
} from '../engine/coverage';
import {
  ALL_KEY,
  type CoverageSummaryEntry,
  type HistoryGroupBy,
  type HistoryStore,
} from './types';

type Dimension = Exclude<HistoryGroupBy, 'all'>;

const keyOf: Record<Dimension, (row: AuditRow) => string> = {
  owner: row => row.owner || UNOWNED_KEY,
  cluster: row => row.cluster,
  namespace: row => row.namespace,
};

/**
 * Counts audit rows mesh-wide and per owner, cluster and namespace, using each
 * row's own `coverage` class (the same classification the audit shows).
 * Namespaces are keyed by name alone, so a namespace present in several
 * clusters is one group, as in the audit's namespace breakdown.
 * @public
 */
export function summarizeAuditRows(rows: AuditRow[]): CoverageSummaryEntry[] {
  const all = emptyCoverageCounts();
  const groups: Record<Dimension, Map<string, CoverageCounts>> = {
    owner: new Map(),
    cluster: new Map(),
    namespace: new Map(),
  };
  for (const row of rows) {
    addToCoverageCounts(all, row.coverage);
    for (const dimension of Object.keys(groups) as Dimension[]) {
      const key = keyOf[dimension](row);
      let counts = groups[dimension].get(key);
      if (!counts) {
        counts = emptyCoverageCounts();
        groups[dimension].set(key, counts);
      }
      addToCoverageCounts(counts, row.coverage);
    }
  }
  const summary: CoverageSummaryEntry[] = [
    { groupBy: 'all', key: ALL_KEY, counts: all },
  ];
  for (const dimension of Object.keys(groups) as Dimension[]) {
    for (const [key, counts] of groups[dimension]) {
      summary.push({ groupBy: dimension, key, counts });
    }
  }
  return summary;
}

/**
 * Records the coverage of the given audit rows for the period containing
 * `at` (replacing that period if it was recorded before).
 * @returns the summary that was recorded
 * @public
 */
export async function recordCoverage(
  store: HistoryStore,
  rows: AuditRow[],
  at: Date = new Date(),
): Promise<CoverageSummaryEntry[]> {
  const summary = summarizeAuditRows(rows);
  await store.record(at, summary);
  return summary;
}
