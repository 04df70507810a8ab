import { UNOWNED_KEY, countCoverage } from '@mesh-portal/plugin-mesh-common';
import type { CoverageClass, Workload } from '@mesh-portal/plugin-mesh-common';

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

// Counted in mesh-common, so the audit, the history and the frontend's test
// doubles share one counter.
export { countCoverage };
export type { CoverageTally } from '@mesh-portal/plugin-mesh-common';
