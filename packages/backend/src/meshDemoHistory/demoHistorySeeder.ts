import type {
  CoverageSummaryEntry,
  HistorySeeder,
  SeededCoveragePoint,
} from '@mesh-portal/plugin-mesh-backend';
import type { CoverageCounts } from '@mesh-portal/plugin-mesh-common';

/** FNV-1a, 32 bit: a stable hash so the same group always gets the same jitter. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Deterministic value in [-1, 1) derived from `seed`. */
function jitter(seed: string): number {
  // One round of mulberry32 over the hash: cheap and well spread.
  let t = (hash(seed) + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * The counts of a group `age` periods ago (out of `span`), moving back from
 * `current`: fewer workloads were STRICT then, and fewer were in the mesh.
 * Infrastructure and the total stay as they are now, so every point adds up.
 */
function pastCounts(
  current: CoverageCounts,
  age: number,
  span: number,
  seed: string,
): CoverageCounts {
  const distance = age / (span + 1); // 0 = now, towards 1 = the oldest point
  const notYetStrict = clamp(
    0.55 * distance + 0.04 * jitter(`${seed}:s`),
    0,
    1,
  );
  const strict = Math.round(current.strict * (1 - notYetStrict));
  const promoted = current.strict - strict;
  const meshedPool = current.meshedNotStrict + promoted;
  const notYetMeshed = clamp(
    0.45 * distance + 0.04 * jitter(`${seed}:m`),
    0,
    1,
  );
  const enrolled = Math.round(meshedPool * notYetMeshed);
  return {
    strict,
    meshedNotStrict: meshedPool - enrolled,
    outside: current.outside + enrolled,
    infrastructure: current.infrastructure,
    total: current.total,
  };
}

/**
 * Plausible past points for `periodStarts` (oldest first), trending towards
 * `current`. Deterministic: the same input always gives the same points (no
 * unseeded randomness), so demo screenshots are stable.
 */
export function demoHistoryPoints(
  current: CoverageSummaryEntry[],
  periodStarts: Date[],
): SeededCoveragePoint[] {
  const span = periodStarts.length;
  return periodStarts.flatMap((periodStart, index) => {
    const age = span - index; // the oldest period is `span` periods ago
    return current.map(entry => ({
      periodStart,
      entry: {
        groupBy: entry.groupBy,
        key: entry.key,
        counts: pastCounts(
          entry.counts,
          age,
          span,
          `${entry.groupBy}:${entry.key}:${periodStart.getTime()}`,
        ),
      },
    }));
  });
}

/**
 * The demo's {@link HistorySeeder}: `days` days of synthetic coverage that
 * trend to today's, so the audit's trend chart is not empty on a new demo.
 */
export function demoHistorySeeder(days: number): HistorySeeder {
  return {
    days,
    pointsFor: ({ current, periodStarts }) =>
      demoHistoryPoints(current, periodStarts),
  };
}
