import { mockServices } from '@backstage/backend-test-utils';
import type { TelemetrySource } from '../collectSource';
import {
  advanceEdgeRateRing,
  edgeRateFromRing,
  ringCoversWindow,
} from '../edgeDetail/edgeRateRing';
import { backfillEdgeRates } from './backfillEdgeRates';

const SAMPLING = { windowSeconds: 60, stepSeconds: 15, rangeSeconds: 30 };
const NOW = new Date('2026-03-01T12:00:00.000Z');
const PAIR = {
  source_cluster: 'east',
  source_workload_namespace: 'web',
  source_workload: 'frontend',
  destination_cluster: 'east',
  destination_workload_namespace: 'api',
  destination_workload: 'public-api',
};
const ENDS = {
  source: { clusters: ['east'], namespace: 'web', workload: 'frontend' },
  destination: { clusters: ['east'], namespace: 'api', workload: 'public-api' },
};

/** A source whose `edge_rate` answer is the evaluation time's minute second / 15, or a failure. */
function source(failAt: number[] = []): TelemetrySource & { asked: Date[] } {
  const asked: Date[] = [];
  return {
    name: 'east',
    scope: () => undefined,
    asked,
    client: {
      async query(promql: string, time?: Date) {
        asked.push(time!);
        expect(promql).toContain('"unit", "requests"');
        const back = (NOW.getTime() - time!.getTime()) / 15_000;
        if (failAt.includes(back)) throw new Error('503 upstream');
        return {
          samples: [
            {
              metric: { ...PAIR, reporter: 'destination', unit: 'requests' },
              value: 10 - back,
            },
          ],
          warnings: [],
          durationMs: 1,
        };
      },
    },
  };
}

const startRing = () =>
  advanceEdgeRateRing(
    undefined,
    [
      {
        results: {
          edge_rate: {
            labels: [...Object.keys(PAIR), 'reporter', 'unit'].sort(),
            rows: [],
          },
        },
      },
    ],
    NOW.getTime(),
    SAMPLING,
  );

/** Backfills a ring holding only the current point, over a one-minute window. */
const backfill = (
  options: Partial<Parameters<typeof backfillEdgeRates>[0]> = {},
) =>
  backfillEdgeRates({
    ring: startRing(),
    sources: [source()],
    window: '1m',
    now: NOW,
    sampling: SAMPLING,
    logger: mockServices.logger.mock(),
    ...options,
  });

describe('backfilling the edge rate ring', () => {
  it('reads each missing point at its own evaluation time, oldest point first in the ring, and says so in the log', async () => {
    const prometheus = source();
    const logger = mockServices.logger.mock();
    const ring = await backfill({ sources: [prometheus], logger });
    expect(
      prometheus.asked.map(t => (NOW.getTime() - t.getTime()) / 1000),
    ).toEqual([15, 30, 45]);
    expect(ringCoversWindow(ring, 60)).toBe(true);
    expect(
      edgeRateFromRing(ring, ENDS.source, ENDS.destination, 'requests').map(
        p => p.value,
      ),
    ).toEqual([7, 8, 9, undefined]);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('backfilling 3 rate points'),
    );
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(/backfilled 3 of 3 rate points in \d+ ms$/),
    );
  });

  it('stops at a point no Prometheus answered instead of waiting out every point', async () => {
    const prometheus = source([1, 2, 3]);
    const ring = await backfill({ sources: [prometheus] });
    expect(prometheus.asked).toHaveLength(1);
    expect(ringCoversWindow(ring, 60)).toBe(false);
  });

  it('keeps a point one Prometheus answered while the other failed, and says how many queries failed', async () => {
    const logger = mockServices.logger.mock();
    const ring = await backfill({ sources: [source([2]), source()], logger });
    expect(ring.points.map(p => (NOW.getTime() - p.time) / 1000)).toEqual([
      45, 30, 15, 0,
    ]);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('1 queries failed'),
    );
  });

  it('stops between points when the task is aborted, keeping what it read', async () => {
    const controller = new AbortController();
    const prometheus = source();
    const query = prometheus.client.query.bind(prometheus.client);
    prometheus.client.query = async (promql: string, time?: Date) => {
      const answer = await query(promql, time!);
      controller.abort();
      return answer;
    };
    const ring = await backfill({
      sources: [prometheus],
      signal: controller.signal,
    });
    expect(prometheus.asked).toHaveLength(1);
    expect(ring.points).toHaveLength(2);
  });
});
