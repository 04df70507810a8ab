import { randomUUID } from 'node:crypto';
import type { PrometheusClient } from './prometheus/PrometheusClient';
import type { QueryScope, TelemetryQueryName } from './queries';
import { buildQuerySet } from './queries';
import { buildCollectedEdgeQueries } from './edgeDetail/collectedEdgeQueries';
import type { RawSourceData, RawVector } from './graph/rawData';
import { packSamples } from './graph/rawData';

/**
 * A Prometheus source as the collector runs it.
 */
export interface TelemetrySource {
  name: string;
  client: Pick<PrometheusClient, 'query'>;
  /** Backstage cluster a per-cluster source serves. */
  cluster?: string;
  /** Label naming the reporting cluster, for shared stores. */
  clusterLabel?: string;
  /** Computed per refresh: shared stores exclude clusters with their own source. */
  scope: () => QueryScope | undefined;
}

/**
 * Runs the fixed query set of one source, all queries at once, evaluated at
 * `time`. Never throws: failed queries are reported in `error`, the others'
 * results are kept. With `edgeSet`, the background collection's queries for
 * the detail of every edge run too (`edgeDetail/collectedEdgeQueries.ts`).
 */
export async function collectSource(
  source: TelemetrySource,
  window: string,
  time: Date,
  options: { edgeSet?: { rateRangeSeconds: number } } = {},
): Promise<RawSourceData> {
  const started = performance.now();
  const base = {
    source: source.name,
    ...(source.cluster ? { cluster: source.cluster } : {}),
    ...(source.clusterLabel ? { clusterLabel: source.clusterLabel } : {}),
    dataTime: time.toISOString(),
    collectionId: randomUUID(),
  };
  let queries;
  try {
    const scope = source.scope();
    queries = buildQuerySet({ window, scope });
    if (options.edgeSet) {
      queries.push(
        ...buildCollectedEdgeQueries({
          window,
          scope,
          rangeSeconds: options.edgeSet.rateRangeSeconds,
        }),
      );
    }
  } catch (e) {
    return {
      ...base,
      queries: 0,
      durationMs: 0,
      warnings: [],
      error: `could not build queries: ${(e as Error).message}`,
      results: {},
    };
  }
  const settled = await Promise.allSettled(
    queries.map(q => source.client.query(q.promql, time)),
  );
  const results: Partial<Record<TelemetryQueryName, RawVector>> = {};
  const warnings: string[] = [];
  const errors: string[] = [];
  settled.forEach((outcome, i) => {
    const name = queries[i].name;
    if (outcome.status === 'fulfilled') {
      results[name] = packSamples(outcome.value.samples);
      for (const w of outcome.value.warnings) {
        if (!warnings.includes(w)) warnings.push(w);
      }
    } else {
      errors.push(
        `${name}: ${
          (outcome.reason as Error)?.message ?? String(outcome.reason)
        }`,
      );
    }
  });
  const data: RawSourceData = {
    ...base,
    queries: queries.length,
    durationMs: Math.round(performance.now() - started),
    warnings,
    results,
  };
  if (errors.length > 0) {
    // Failures of one source usually share a cause: say it once when they do.
    const distinct = [...new Set(errors.map(e => e.replace(/^[a-z_]+: /, '')))];
    data.error =
      errors.length === queries.length && distinct.length === 1
        ? distinct[0]
        : `${errors.length} of ${queries.length} queries failed; ${errors.join(
            '; ',
          )}`;
  }
  return data;
}
