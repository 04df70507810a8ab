import type {
  AuditRow,
  CoverageClass,
  CoverageCounts,
} from '@internal/plugin-mesh-common';

/**
 * Counts with every class at zero.
 * @public
 */
export function emptyCoverageCounts(): CoverageCounts {
  return {
    strict: 0,
    meshedNotStrict: 0,
    outside: 0,
    infrastructure: 0,
    total: 0,
  };
}

const COUNT_FIELD: Record<
  CoverageClass,
  Exclude<keyof CoverageCounts, 'total'>
> = {
  strict: 'strict',
  'meshed-not-strict': 'meshedNotStrict',
  outside: 'outside',
  infrastructure: 'infrastructure',
};

/**
 * Adds one workload of the given class to `counts` (in place). `total` counts
 * every workload, infrastructure included; ratios that must exclude
 * infrastructure subtract it.
 * @public
 */
export function addToCoverageCounts(
  counts: CoverageCounts,
  coverage: CoverageClass,
): void {
  const field = COUNT_FIELD[coverage];
  if (!field) {
    // An unknown class (newer engine, corrupt row) is counted in the total
    // only, so the totals stay right and nothing is misfiled.
    counts.total += 1;
    return;
  }
  counts[field] += 1;
  counts.total += 1;
}

/**
 * Counts audit rows by their `coverage` class.
 * @public
 */
export function countCoverage(
  rows: Iterable<Pick<AuditRow, 'coverage'>>,
): CoverageCounts {
  const counts = emptyCoverageCounts();
  for (const row of rows) {
    addToCoverageCounts(counts, row.coverage);
  }
  return counts;
}
