import type {
  CoverageClass,
  CoverageCounts,
  Workload,
} from '@mesh-portal/plugin-mesh-common';

/**
 * The audit class of a workload. Only a workload whose every pod is meshed
 * (sidecar or ambient) and whose every port is STRICT is `strict`; `partial`,
 * `unknown` (no pods) and pending ambient pods are never STRICT.
 */
export function coverageOf(
  workload: Pick<Workload, 'membership' | 'mtls'>,
): CoverageClass {
  const state = workload.membership.state;
  if (state === 'infrastructure') return 'infrastructure';
  if (state !== 'sidecar' && state !== 'ambient') return 'outside';
  const strict =
    workload.mtls.workload.mode === 'STRICT' &&
    workload.mtls.ports.every(p => p.decision.mode === 'STRICT');
  return strict ? 'strict' : 'meshed-not-strict';
}

/**
 * The one place coverage is counted: the engine's counts, the audit's
 * breakdowns and the recorded history all add workloads with
 * {@link addToCoverageCounts}.
 */

/**
 * Group key of workloads without an owner (or system). Entity refs always
 * contain a colon, so it cannot collide with a real one.
 */
export const UNOWNED_KEY = 'unowned';

/** Counts with every class at zero. */
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
 * infrastructure subtract it. An unknown class (a newer engine, a corrupt
 * stored row) is counted in the total only, so nothing is misfiled.
 */
export function addToCoverageCounts(
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
 * Counts workloads by audit class. The class is recomputed from membership
 * and mTLS, so a partial workload is never counted as STRICT whatever its
 * `coverage` field says.
 */
export function countCoverage(workloads: Workload[]): CoverageCounts {
  const counts = emptyCoverageCounts();
  for (const w of workloads) addToCoverageCounts(counts, coverageOf(w));
  return counts;
}

/**
 * Counts workloads by audit class per key (cluster, namespace, owner...).
 * Workloads for which `keyOf` returns `undefined` are left out.
 */
export function summarizeCoverage(
  workloads: Workload[],
  keyOf: (w: Workload) => string | undefined,
): Record<string, CoverageCounts> {
  // A Map, then fromEntries: keys such as `__proto__` stay plain keys.
  const out = new Map<string, CoverageCounts>();
  for (const w of workloads) {
    const key = keyOf(w);
    if (key === undefined) continue;
    let counts = out.get(key);
    if (!counts) {
      counts = emptyCoverageCounts();
      out.set(key, counts);
    }
    addToCoverageCounts(counts, coverageOf(w));
  }
  return Object.fromEntries(out);
}
