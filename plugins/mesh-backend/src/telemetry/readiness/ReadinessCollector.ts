import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { TelemetrySourceStatus } from '@mesh-portal/plugin-mesh-common';
import type { TelemetrySource } from '../collectSource';
import { packSamples } from '../graph/rawData';
import type { ReadinessRawData } from './inbound';
import { buildReadinessQueries } from './queries';
import { SharedSourceCache } from '../SharedSourceCache';

/** One source's readiness answers and how the queries went. */
export interface ReadinessSourceData extends ReadinessRawData {
  status: TelemetrySourceStatus;
  /** Evaluation time (ISO 8601). */
  dataTime: string;
}

/** Readiness answers change slowly (a long window): cache them this long at least. */
const MIN_TTL_MS = 5 * 60_000;

/**
 * Runs the readiness query set (three queries) of every source, cached per
 * source and window, concurrent requests sharing the one in flight. A
 * source that fails is reported in its status; the others still answer.
 */
export class ReadinessCollector {
  readonly #sources: TelemetrySource[];
  readonly #shared: SharedSourceCache<ReadinessSourceData>;
  readonly #logger: LoggerService;
  readonly #now: () => Date;

  constructor(options: {
    sources: TelemetrySource[];
    cache: CacheService;
    ttlMs: number;
    logger: LoggerService;
    now: () => Date;
  }) {
    this.#sources = options.sources;
    this.#shared = new SharedSourceCache({
      cache: options.cache,
      ttlMs: Math.max(options.ttlMs, MIN_TTL_MS),
      logger: options.logger,
      kind: 'readiness',
    });
    this.#logger = options.logger;
    this.#now = options.now;
  }

  /** Every source's answers for `window` (validated by the caller). */
  collect(window: string): Promise<ReadinessSourceData[]> {
    return Promise.all(
      this.#sources.map(source =>
        this.#shared.get(source.name, window, async () => {
          const data = await this.#query(source, window);
          if (!data.status.ok) {
            this.#logger.warn(
              `Readiness queries of ${source.name}: ${data.status.error}`,
            );
          }
          return data;
        }),
      ),
    );
  }

  async #query(
    source: TelemetrySource,
    window: string,
  ): Promise<ReadinessSourceData> {
    const time = this.#now();
    const started = performance.now();
    const queries = buildReadinessQueries({ window, scope: source.scope() });
    const settled = await Promise.allSettled(
      queries.map(q => source.client.query(q.promql, time)),
    );
    const data: ReadinessSourceData = {
      results: {},
      dataTime: time.toISOString(),
      status: { name: source.name, ok: true, queries: queries.length },
    };
    if (source.cluster) data.cluster = source.cluster;
    const errors: string[] = [];
    settled.forEach((outcome, i) => {
      if (outcome.status === 'fulfilled') {
        data.results[queries[i].name] = packSamples(outcome.value.samples);
      } else {
        errors.push(
          `${queries[i].name}: ${
            (outcome.reason as Error)?.message ?? String(outcome.reason)
          }`,
        );
      }
    });
    data.status.durationMs = Math.round(performance.now() - started);
    if (errors.length > 0) {
      data.status.ok = false;
      data.status.error = `${errors.length} of ${
        queries.length
      } readiness queries failed; ${errors.join('; ')}`;
    }
    return data;
  }
}
