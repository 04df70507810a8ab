import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';
import type { TelemetrySourceStatus } from '@mesh-portal/plugin-mesh-common';
import type { TelemetrySource } from '../collectSource';
import { packSamples } from '../graph/rawData';
import type { ReadinessRawData } from './inbound';
import { buildReadinessQueries } from './queries';

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
  readonly #cache: CacheService;
  readonly #ttlMs: number;
  readonly #logger: LoggerService;
  readonly #now: () => Date;
  readonly #inFlight = new Map<string, Promise<ReadinessSourceData>>();

  constructor(options: {
    sources: TelemetrySource[];
    cache: CacheService;
    ttlMs: number;
    logger: LoggerService;
    now: () => Date;
  }) {
    this.#sources = options.sources;
    this.#cache = options.cache;
    this.#ttlMs = Math.max(options.ttlMs, MIN_TTL_MS);
    this.#logger = options.logger;
    this.#now = options.now;
  }

  /** Every source's answers for `window` (validated by the caller). */
  collect(window: string): Promise<ReadinessSourceData[]> {
    return Promise.all(this.#sources.map(s => this.#one(s, window)));
  }

  #one(source: TelemetrySource, window: string): Promise<ReadinessSourceData> {
    const key = `readiness:v1:${encodeURIComponent(source.name)}:${window}`;
    const pending = this.#inFlight.get(key);
    if (pending) return pending;
    const promise = (async () => {
      const cached = await this.#cache.get(key).catch(() => undefined);
      if (cached) return cached as unknown as ReadinessSourceData;
      const data = await this.#query(source, window);
      if (!data.status.ok) {
        this.#logger.warn(
          `Readiness queries of ${source.name}: ${data.status.error}`,
        );
      }
      await this.#cache
        .set(key, data as unknown as JsonValue, { ttl: this.#ttlMs })
        .catch(e =>
          this.#logger.warn(
            `Could not cache readiness of ${source.name}: ${
              (e as Error).message
            }`,
          ),
        );
      return data;
    })().finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, promise);
    return promise;
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
