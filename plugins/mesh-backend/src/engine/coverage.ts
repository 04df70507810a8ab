import type {
  CoverageClass,
  CoverageCounts,
  Workload,
} from '@internal/plugin-mesh-common';

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

function emptyCounts(): CoverageCounts {
  return {
    strict: 0,
    meshedNotStrict: 0,
    outside: 0,
    infrastructure: 0,
    total: 0,
  };
}

function add(counts: CoverageCounts, coverage: CoverageClass): void {
  counts.total++;
  if (coverage === 'strict') counts.strict++;
  else if (coverage === 'meshed-not-strict') counts.meshedNotStrict++;
  else if (coverage === 'infrastructure') counts.infrastructure++;
  else counts.outside++;
}

/**
 * Counts workloads by audit class. The class is recomputed from membership
 * and mTLS, so a partial workload is never counted as STRICT whatever its
 * `coverage` field says.
 */
export function countCoverage(workloads: Workload[]): CoverageCounts {
  const counts = emptyCounts();
  for (const w of workloads) add(counts, coverageOf(w));
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
      counts = emptyCounts();
      out.set(key, counts);
    }
    add(counts, coverageOf(w));
  }
  return Object.fromEntries(out);
}
