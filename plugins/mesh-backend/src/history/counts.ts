import type { AuditRow, CoverageCounts } from '@mesh-portal/plugin-mesh-common';
import { addToCoverageCounts, emptyCoverageCounts } from '../engine/coverage';

/**
 * Counts audit rows by their own `coverage` class (the class the audit shows),
 * with the engine's counting.
 * @public
 */
export function countAuditRows(
  rows: Iterable<Pick<AuditRow, 'coverage'>>,
): CoverageCounts {
  const counts = emptyCoverageCounts();
  for (const row of rows) addToCoverageCounts(counts, row.coverage);
  return counts;
}
