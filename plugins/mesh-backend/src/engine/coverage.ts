import { UNOWNED_KEY } from '@mesh-portal/plugin-mesh-common';
import type {
  CoverageClass,
  CoverageCounts,
  Workload,
} from '@mesh-portal/plugin-mesh-common';

/**
 * The audit class of a workload (rule book §1.4). Only a workload whose every
 * pod is meshed (sidecar or ambient) and whose every port is STRICT is
 * `strict`. A `partial` workload with at least one meshed pod has proxies in
 * the mesh, so it is `meshed-not-strict` (never STRICT); `outside` means no
 * pod is meshed (none, `unknown` with no pods, pending ambient).
 */
export function coverageOf(
  workload: Pick<Workload, 'membership' | 'mtls'>,
): CoverageClass {
  const { state, pods } = workload.membership;
  if (state === 'infrastructure') return 'infrastructure';
  if (state === 'partial') {
    return (pods.sidecar ?? 0) + (pods.ambient ?? 0) > 0
      ? 'meshed-not-strict'
      : 'outside';
  }
  if (state !== 'sidecar' && state !== 'ambient') return 'outside';
  const strict =
    workload.mtls.workload.mode === 'STRICT' &&
    workload.mtls.ports.every(p => p.decision.mode === 'STRICT');
  return strict ? 'strict' : 'meshed-not-strict';
}

// The group key of workloads without an owner (or system) is part of the
// wire contract (entity refs always contain a colon, so it cannot collide).
export { UNOWNED_KEY };

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

/** What {@link countCoverage} returns: the totals and the counts per group. */
export interface CoverageTally<Dimension extends string> {
  totals: CoverageCounts;
  /** Per dimension, the counts of each group key, in first-seen order. */
  by: Record<Dimension, Map<string, CoverageCounts>>;
}

/**
 * The one place coverage is counted: the audit's totals and breakdowns and the
 * recorded history all call it. Each row counts under its own `coverage`
 * class (the class the audit shows, from {@link coverageOf}), in the totals
 * and, for every dimension, under the key `dimensions[d](row)`.
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
