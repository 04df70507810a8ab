import type {
  CoverageHistoryPoint,
  CoverageHistoryResponse,
} from '@mesh-portal/plugin-mesh-common';

/** Which history the chart asks the backend for, derived from the filters. */
export interface HistorySelection {
  groupBy: 'owner' | 'cluster' | 'namespace' | 'all';
  key?: string[];
  /** Human description, e.g. `owner group:default/web`. */
  label: string;
}

/**
 * The backend records history per owner, cluster and namespace only, so the
 * chart follows the first of those the view is filtered on (owners first,
 * since "is my team getting better" is the question it answers).
 */
export function historySelection(query: {
  owner?: string[];
  cluster?: string[];
  namespace?: string[];
}): HistorySelection {
  for (const groupBy of ['owner', 'cluster', 'namespace'] as const) {
    const key = query[groupBy];
    if (key?.length) {
      return { groupBy, key, label: `${groupBy} ${key.join(', ')}` };
    }
  }
  return { groupBy: 'all', label: 'the whole mesh' };
}

/**
 * Sums the returned series point by point (one per selected key) into one
 * series, ordered by time. A point is seeded when any of its parts is.
 */
export function combineSeries(
  response: CoverageHistoryResponse,
): CoverageHistoryPoint[] {
  const byTime = new Map<string, CoverageHistoryPoint>();
  for (const points of Object.values(response.series)) {
    for (const point of points) {
      const sum = byTime.get(point.time);
      if (!sum) {
        byTime.set(point.time, {
          time: point.time,
          counts: { ...point.counts },
          ...(point.seeded ? { seeded: true } : {}),
        });
        continue;
      }
      // A sum with any seeded part is not a measurement.
      if (point.seeded) sum.seeded = true;
      sum.counts.strict += point.counts.strict;
      sum.counts.meshedNotStrict += point.counts.meshedNotStrict;
      sum.counts.outside += point.counts.outside;
      sum.counts.infrastructure += point.counts.infrastructure;
      sum.counts.total += point.counts.total;
    }
  }
  return [...byTime.values()].sort(
    (a, b) => Date.parse(a.time) - Date.parse(b.time),
  );
}
