/**
 * Benchmark of the detail drawer's rate points kept by the background
 * collection (`edgeRateRing.ts` in the backend): a mesh of 10,000 edges,
 * both proxies reporting each, collected 20 times (a full 5-minute window at
 * one point per 15 s). Prints what each collection costs the collecting
 * replica (adding a point), the size of the ring stored with every
 * collection (JSON and gzipped, as the database row holds it), and the
 * time to read one edge's sparkline from it. Asserts only correctness.
 * Run with `yarn bench src/edgeRing.bench`.
 */
import {
  advanceEdgeRateRing,
  edgeRateFromRing,
  ringSampling,
  type EdgeRateRing,
  type RatePointSources,
} from '@mesh-portal/plugin-mesh-backend/testUtils';
import { gzipSync } from 'node:zlib';

const EDGES = 10_000;
const COLLECTIONS = 20;
const LABELS = [
  'destination_cluster',
  'destination_workload',
  'destination_workload_namespace',
  'reporter',
  'source_cluster',
  'source_workload',
  'source_workload_namespace',
  'unit',
];

const endsOf = (i: number) => ({
  source: {
    clusters: [i % 2 ? 'platform' : 'compute'],
    namespace: `ns-${i % 50}`,
    workload: `client-${i}`,
  },
  destination: {
    clusters: ['platform'],
    namespace: `ns-${(i * 7) % 50}`,
    workload: `server-${(i * 13) % 1000}`,
  },
});

/** One collection's `edge_rate` answer: every edge, both reporters, a varying rate. */
function collection(round: number): RatePointSources {
  const rows: Array<Array<string | number>> = [];
  for (let i = 0; i < EDGES; i++) {
    const { source, destination } = endsOf(i);
    const unit = i % 10 === 0 ? 'bytes' : 'requests';
    const rate = ((i % 97) + round) * (unit === 'bytes' ? 1000 : 0.37);
    for (const reporter of ['destination', 'source']) {
      rows.push([
        destination.clusters[0],
        destination.workload,
        destination.namespace,
        reporter,
        source.clusters[0],
        source.workload,
        source.namespace,
        unit,
        rate,
      ]);
    }
  }
  return [{ results: { edge_rate: { labels: LABELS, rows } } }];
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

describe('edge rate ring at 10,000 edges', () => {
  it('adds a point per collection, stores compactly, reads one edge fast', () => {
    const sampling = ringSampling(300, 15, 15_000);
    const start = Date.parse('2026-03-01T12:00:00.000Z');
    let ring: EdgeRateRing | undefined;
    const advance: number[] = [];
    for (let round = 0; round < COLLECTIONS; round++) {
      const sources = collection(round);
      const started = performance.now();
      ring = advanceEdgeRateRing(
        ring,
        sources,
        start + round * 15_000,
        sampling,
      );
      advance.push(performance.now() - started);
    }
    expect(ring!.points).toHaveLength(COLLECTIONS);
    expect(ring!.keys).toHaveLength(2 * EDGES);

    const json = JSON.stringify(ring);
    let started = performance.now();
    const gzipped = gzipSync(json);
    const gzipMs = performance.now() - started;

    started = performance.now();
    const firstEnds = endsOf(1);
    const first = edgeRateFromRing(
      ring!,
      firstEnds.source,
      firstEnds.destination,
      'requests',
    );
    const firstMs = performance.now() - started;
    first.forEach((point, round) =>
      expect(point.value).toBeCloseTo((1 + round) * 0.37, 4),
    );
    const reads: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const ends = endsOf(i);
      const t = performance.now();
      edgeRateFromRing(
        ring!,
        ends.source,
        ends.destination,
        i % 10 === 0 ? 'bytes' : 'requests',
      );
      reads.push(performance.now() - t);
    }
    // eslint-disable-next-line no-console
    console.log(
      [
        `edge rate ring: ${EDGES} edges × 2 reporters, ${COLLECTIONS} points (5m window, 15 s step)`,
        `  adding a collection's point: median ${median(advance).toFixed(
          1,
        )} ms, max ${Math.max(...advance).toFixed(1)} ms`,
        `  stored with each collection: ${(json.length / 1e6).toFixed(
          2,
        )} MB JSON, ${(gzipped.length / 1e6).toFixed(
          2,
        )} MB gzipped (gzip ${gzipMs.toFixed(0)} ms)`,
        `  one edge's sparkline: first read ${firstMs.toFixed(
          1,
        )} ms (builds the pair index), then median ${(
          median(reads) * 1000
        ).toFixed(0)} µs over 1,000 edges`,
      ].join('\n'),
    );
  });
});
