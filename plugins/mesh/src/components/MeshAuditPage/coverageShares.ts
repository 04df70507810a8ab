import { formatPercent } from '../shared/format';
import type { CoverageCounts } from '@mesh-portal/plugin-mesh-common';

/** Coverage classes that count towards the ratios, in display order. */
export const COVERAGE_SEGMENTS = [
  { key: 'strict', label: 'STRICT on every port' },
  { key: 'meshedNotStrict', label: 'Meshed, not STRICT' },
  { key: 'outside', label: 'Outside the mesh' },
] as const;

/** A key of {@link COVERAGE_SEGMENTS}. */
export type CoverageSegmentKey = (typeof COVERAGE_SEGMENTS)[number]['key'];

/**
 * Shares (0-1) of each coverage class among the workloads that count:
 * Istio's own infrastructure pods are left out of the ratios. Undefined when
 * nothing counts, so the page shows "no workloads" instead of 0 %.
 */
export function coverageShares(
  counts: CoverageCounts,
): Record<CoverageSegmentKey, number> | undefined {
  const denominator = counts.strict + counts.meshedNotStrict + counts.outside;
  if (denominator <= 0) return undefined;
  return {
    strict: counts.strict / denominator,
    meshedNotStrict: counts.meshedNotStrict / denominator,
    outside: counts.outside / denominator,
  };
}

/** Formats a 0-1 share like the rest of the plugin, `–` when unknown. */
export function formatShare(share: number | undefined): string {
  if (share === undefined || Number.isNaN(share)) return '–';
  return formatPercent(share);
}
