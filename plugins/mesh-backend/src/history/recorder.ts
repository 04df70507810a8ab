import type { AuditRow } from '@mesh-portal/plugin-mesh-common';
import { countCoverage, UNOWNED_KEY } from '../engine/coverage';
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
  const { totals, by } = countCoverage(rows, keyOf);
  const summary: CoverageSummaryEntry[] = [
    { groupBy: 'all', key: ALL_KEY, counts: totals },
  ];
  for (const dimension of Object.keys(by) as Dimension[]) {
    for (const [key, counts] of by[dimension]) {
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
