import type { CoverageClass, CoverageCounts } from '../types/model';

/** Counts with every class at zero. */
function emptyCoverageCounts(): CoverageCounts {
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
 * infrastructure subtract it. An unknown class (a newer engine, a corrupt
 * stored row) is counted in the total only, so nothing is misfiled.
 */
function addToCoverageCounts(
  counts: CoverageCounts,
  coverage: CoverageClass,
): void {
  counts.total += 1;
  const field = Object.prototype.hasOwnProperty.call(COUNT_FIELD, coverage)
    ? COUNT_FIELD[coverage]
    : undefined;
  if (field) counts[field] += 1;
}

/**
 * What {@link countCoverage} returns: the totals and the counts per group.
 * @public
 */
export interface CoverageTally<Dimension extends string> {
  totals: CoverageCounts;
  /** Per dimension, the counts of each group key, in first-seen order. */
  by: Record<Dimension, Map<string, CoverageCounts>>;
}

/**
 * The one place coverage is counted: the audit's totals and breakdowns, the
 * recorded history and the frontend's test doubles all call it. Each row
 * counts under its own `coverage` class (the class the audit shows), in the
 * totals and, for every dimension, under the key `dimensions[d](row)`.
 * @public
 */
export function countCoverage<
  Row extends { coverage: CoverageClass },
  Dimension extends string = never,
>(
  rows: Iterable<Row>,
  dimensions: Record<Dimension, (row: Row) => string> = {} as Record<
    Dimension,
    (row: Row) => string
  >,
): CoverageTally<Dimension> {
  const names = Object.keys(dimensions) as Dimension[];
  const totals = emptyCoverageCounts();
  const by = {} as Record<Dimension, Map<string, CoverageCounts>>;
  for (const name of names) by[name] = new Map();
  for (const row of rows) {
    addToCoverageCounts(totals, row.coverage);
    for (const name of names) {
      const key = dimensions[name](row);
      let counts = by[name].get(key);
      if (!counts) {
        counts = emptyCoverageCounts();
        by[name].set(key, counts);
      }
      addToCoverageCounts(counts, row.coverage);
    }
  }
  return { totals, by };
}
