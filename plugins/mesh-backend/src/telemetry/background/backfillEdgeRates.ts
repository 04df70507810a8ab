import type { LoggerService } from '@backstage/backend-plugin-api';
import type { TelemetrySource } from '../collectSource';
import { packSamples } from '../graph/rawData';
import { buildCollectedEdgeQueries } from '../edgeDetail/collectedEdgeQueries';
import {
  backfillEdgeRateRing,
  missingPointTimes,
  type EdgeRateRing,
  type RatePointSources,
  type RingSampling,
} from '../edgeDetail/edgeRateRing';

/**
 * Fills the points a window's rate ring lacks (collection just started, or
 * restarted after a gap) by evaluating the collection's own `edge_rate`
 * query at each missing point's time, one point after the other so
 * Prometheus gets one query per source at a time. Runs only when the ring
 * does not reach back over the window, so once per start, not per
 * collection. A point no source answered stays a gap and ends the backfill
 * (the next collection tries again); `signal` (the task's timeout) stops
 * between points, keeping what was read.
 */
export async function backfillEdgeRates(options: {
  ring: EdgeRateRing;
  sources: TelemetrySource[];
  window: string;
  now: Date;
  sampling: RingSampling;
  logger: LoggerService;
  signal?: AbortSignal;
}): Promise<EdgeRateRing> {
  const { ring, sources, window, now, sampling, logger, signal } = options;
  const times = missingPointTimes(ring, now.getTime(), sampling);
  if (times.length === 0) return ring;
  const started = performance.now();
  logger.info(
    `Telemetry ${window}: backfilling ${times.length} rate points of every edge (one query per Prometheus per point)`,
  );
  // The same query at every point: built once per source.
  const queries = sources.map(source => {
    try {
      return buildCollectedEdgeQueries({
        window,
        scope: source.scope(),
        rangeSeconds: sampling.rangeSeconds,
      }).find(q => q.name === 'edge_rate')?.promql;
    } catch {
      return undefined;
    }
  });
  const readPoint = async (time: number) => {
    let failures = 0;
    const answers = await Promise.all(
      sources.map(async (source, i) => {
        const promql = queries[i];
        try {
          if (!promql) throw new Error('no query');
          const answer = await source.client.query(promql, new Date(time));
          return { results: { edge_rate: packSamples(answer.samples) } };
        } catch {
          failures++;
          return { results: {} };
        }
      }),
    );
    return { answers, failures };
  };
  const points: Array<{ time: number; sources: RatePointSources }> = [];
  let failed = 0;
  for (const time of times) {
    if (signal?.aborted) break;
    const { answers, failures } = await readPoint(time);
    failed += failures;
    points.push({ time, sources: answers });
    // No Prometheus answered: stop rather than wait out a timeout per point.
    if (failures === sources.length) break;
  }
  const filled = backfillEdgeRateRing(ring, points, now.getTime(), sampling);
  logger.info(
    `Telemetry ${window}: backfilled ${points.length} of ${
      times.length
    } rate points in ${Math.round(performance.now() - started)} ms${
      failed > 0
        ? `; ${failed} queries failed (a point no Prometheus answered stays a gap)`
        : ''
    }`,
  );
  return filled;
}
