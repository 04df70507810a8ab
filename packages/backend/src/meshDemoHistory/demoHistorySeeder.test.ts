import type { CoverageCounts } from '@mesh-portal/plugin-mesh-common';
import type { CoverageSummaryEntry } from '@mesh-portal/plugin-mesh-backend';
import { demoHistoryPoints, demoHistorySeeder } from './demoHistorySeeder';

const DAY_MS = 86_400_000;

function counts(
  strict: number,
  meshedNotStrict: number,
  outside: number,
  infrastructure = 0,
): CoverageCounts {
  return {
    strict,
    meshedNotStrict,
    outside,
    infrastructure,
    total: strict + meshedNotStrict + outside + infrastructure,
  };
}

const current: CoverageSummaryEntry[] = [
  { groupBy: 'all', key: 'all', counts: counts(40, 12, 8, 4) },
  { groupBy: 'owner', key: 'group:default/platform', counts: counts(20, 2, 0) },
  { groupBy: 'cluster', key: 'compute', counts: counts(10, 6, 8, 2) },
];

const periodStarts = Array.from(
  { length: 30 },
  (_, i) => new Date(Date.UTC(2026, 9, 21) + i * DAY_MS),
);

describe('demoHistoryPoints', () => {
  it('gives one point per group and period, each adding up to the current total', () => {
    const points = demoHistoryPoints(current, periodStarts);
    expect(points).toHaveLength(30 * current.length);
    for (const { entry } of points) {
      const c = entry.counts;
      const now = current.find(e => e.key === entry.key)!.counts;
      expect(c.strict + c.meshedNotStrict + c.outside + c.infrastructure).toBe(
        c.total,
      );
      expect(c.total).toBe(now.total);
      expect(c.infrastructure).toBe(now.infrastructure);
      expect(
        Math.min(c.strict, c.meshedNotStrict, c.outside),
      ).toBeGreaterThanOrEqual(0);
    }
  });

  it('trends towards the current figures: the oldest point is well below today, the newest close to it', () => {
    const all = demoHistoryPoints(current, periodStarts).filter(
      point => point.entry.groupBy === 'all',
    );
    expect(all[0].periodStart).toEqual(periodStarts[0]);
    expect(all[0].entry.counts.strict).toBeLessThan(28);
    expect(all[0].entry.counts.outside).toBeGreaterThan(8);
    expect(all[29].entry.counts.strict).toBeGreaterThanOrEqual(36);
    expect(all[29].entry.counts.strict).toBeLessThanOrEqual(40);
  });

  it('is deterministic, so demo screenshots are stable', () => {
    expect(demoHistoryPoints(current, periodStarts)).toEqual(
      demoHistoryPoints(current, periodStarts),
    );
  });

  it('is offered through a seeder that answers exactly the periods the store asks for', () => {
    const seeder = demoHistorySeeder(7);
    expect(seeder.days).toBe(7);
    const asked = periodStarts.slice(-7);
    const points = seeder.pointsFor({ current, periodStarts: asked });
    expect(new Set(points.map(p => p.periodStart.getTime()))).toEqual(
      new Set(asked.map(d => d.getTime())),
    );
  });
});
