import type { RawSourceData } from '../graph/rawData';
import { packSamples } from '../graph/rawData';
import {
  advanceEdgeRateRing,
  edgeRateFromRing,
  missingPointTimes,
  ringCoversWindow,
  ringSampling,
  type EdgeRateRing,
} from './edgeRateRing';

const SAMPLING = { windowSeconds: 60, stepSeconds: 15, rangeSeconds: 30 };
const T0 = Date.parse('2026-03-01T12:00:00.000Z');

const PAIR = {
  source_cluster: 'east-1',
  source_workload_namespace: 'web',
  source_workload: 'frontend',
  destination_cluster: 'east-1',
  destination_workload_namespace: 'api',
  destination_workload: 'public-api',
};
const SOURCE = {
  clusters: ['east', 'east-1'],
  namespace: 'web',
  workload: 'frontend',
};
const DESTINATION = {
  clusters: ['east', 'east-1'],
  namespace: 'api',
  workload: 'public-api',
};

function source(
  name: string,
  series: Array<{ reporter: string; unit: string; value: number }>,
  answered = true,
): RawSourceData {
  return {
    source: name,
    dataTime: new Date(T0).toISOString(),
    queries: 9,
    durationMs: 1,
    warnings: [],
    results: answered
      ? {
          edge_rate: packSamples(
            series.map(({ reporter, unit, value }) => ({
              metric: { ...PAIR, reporter, unit },
              value,
            })),
          ),
        }
      : {},
  };
}

const requests = (value: number, reporter = 'destination') =>
  source('east', [{ reporter, unit: 'requests', value }]);

function advance(
  ring: EdgeRateRing | undefined,
  values: Array<[number, RawSourceData[]]>,
) {
  let out = ring;
  for (const [seconds, sources] of values) {
    out = advanceEdgeRateRing(out, sources, T0 + seconds * 1000, SAMPLING);
  }
  return out!;
}

const valuesOf = (
  ring: EdgeRateRing,
  unit: 'requests' | 'bytes' = 'requests',
) => edgeRateFromRing(ring, SOURCE, DESTINATION, unit).map(p => p.value);

describe('edge rate ring', () => {
  it('keeps one point per collection, oldest first, and drops points older than the window', () => {
    const ring = advance(undefined, [
      [0, [requests(1)]],
      [15, [requests(2)]],
      [30, [requests(3)]],
      [45, [requests(4)]],
      [60, [requests(5)]],
    ]);
    // The point of second 0 is a whole window old at second 60.
    expect(valuesOf(ring)).toEqual([2, 3, 4, 5]);
    expect(ring.points.map(p => p.time - T0)).toEqual(
      [15, 30, 45, 60].map(s => s * 1000),
    );
  });

  it('replaces the point of the same slot instead of adding one', () => {
    const ring = advance(undefined, [
      [0, [requests(1)]],
      [16, [requests(2)]],
      [20, [requests(3)]],
    ]);
    expect(valuesOf(ring)).toEqual([1, 3]);
  });

  it('leaves a gap, never zeros, when no source answered the rate query', () => {
    const ring = advance(undefined, [
      [0, [requests(1)]],
      [15, [source('east', [], false)]],
      [30, [requests(3)]],
    ]);
    expect(ring.points).toHaveLength(2);
    expect(valuesOf(ring)).toEqual([1, 3]);
  });

  it('G8: each point is the larger of the two reports; sources are summed', () => {
    const ring = advance(undefined, [
      [
        0,
        [
          requests(4, 'destination'),
          requests(5, 'source'),
          // A second store holding other series of the same edge (e.g.
          // a waypoint's report) adds to the destination's side.
          source('shared', [
            { reporter: 'waypoint', unit: 'requests', value: 2 },
          ]),
        ],
      ],
    ]);
    expect(valuesOf(ring)).toEqual([6]);
  });

  it('keeps requests and bytes apart, and an edge absent from a point has no value there', () => {
    const ring = advance(undefined, [
      [
        0,
        [
          source('east', [
            { reporter: 'destination', unit: 'bytes', value: 900 },
          ]),
        ],
      ],
      [15, [source('east', [])]],
    ]);
    expect(valuesOf(ring, 'bytes')).toEqual([900, undefined]);
    expect(valuesOf(ring, 'requests')).toEqual([undefined, undefined]);
  });

  it('forgets series idle in every point of the window', () => {
    const ring = advance(undefined, [
      [0, [requests(0)]],
      [15, [requests(0)]],
    ]);
    expect(ring.keys).toEqual([]);
  });

  it('starts again when the sampling changes (the configuration changed)', () => {
    const ring = advance(undefined, [
      [0, [requests(1)]],
      [15, [requests(2)]],
    ]);
    const next = advanceEdgeRateRing(ring, [requests(3)], T0 + 30_000, {
      ...SAMPLING,
      rangeSeconds: 60,
    });
    expect(next.points).toHaveLength(1);
  });

  it('survives a JSON round trip (it is stored with each collection)', () => {
    const ring = advance(undefined, [
      [0, [requests(1.23456789)]],
      [15, [requests(2)]],
    ]);
    const copy = JSON.parse(JSON.stringify(ring)) as EdgeRateRing;
    expect(valuesOf(copy)).toEqual([1.23457, 2]);
  });

  it('covers the window only when its points reach back over it', () => {
    const points = (n: number) =>
      advance(
        undefined,
        Array.from(
          { length: n },
          (_, i) => [i * 15, [requests(1)]] as [number, RawSourceData[]],
        ),
      );
    expect(ringCoversWindow(undefined, 60)).toBe(false);
    expect(ringCoversWindow(points(1), 60)).toBe(false);
    // 60 s window, 15 s step: 4 points, one of which may be missing.
    expect(ringCoversWindow(points(2), 60)).toBe(false);
    expect(ringCoversWindow(points(3), 60)).toBe(true);
    expect(ringCoversWindow(points(4), 300)).toBe(false);
  });

  it('samples like the on-demand sparkline, never closer than the collection interval', () => {
    expect(ringSampling(300, 15, 15_000)).toEqual({
      windowSeconds: 300,
      stepSeconds: 15,
      rangeSeconds: 30,
    });
    expect(ringSampling(3600, 15, 15_000)).toEqual({
      windowSeconds: 3600,
      stepSeconds: 150,
      rangeSeconds: 150,
    });
    expect(ringSampling(300, 15, 60_000).stepSeconds).toBe(60);
    // Collected less often than the window: one point, the window's rate.
    expect(ringSampling(300, 15, 1_800_000)).toEqual({
      windowSeconds: 300,
      stepSeconds: 300,
      rangeSeconds: 300,
    });
  });
});

describe('missing point times', () => {
  it('lists, newest first, the steps of the window the ring has no point in', () => {
    const ring = advance(undefined, [
      [-30, [requests(1)]],
      [0, [requests(2)]],
    ]);
    expect(
      missingPointTimes(ring, T0, SAMPLING).map(t => (T0 - t) / 1000),
    ).toEqual([15, 45]);
  });
});
