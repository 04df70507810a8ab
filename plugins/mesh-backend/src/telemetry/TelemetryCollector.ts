import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';
import type { RawSourceData } from './graph/rawData';
import type { TelemetrySource } from './collectSource';
import { collectSource } from './collectSource';

/**
 * Runs every source's query set, through the cache: within the TTL all
 * requests share one query set per source and window (and concurrent
 * requests share the one in flight). Failures are cached as well, so a
 * source that is down or slow costs one timeout per TTL, not one per request.
 */
export class TelemetryCollector {
  readonly #sources: TelemetrySource[];
  readonly #cache: CacheService;
  readonly #ttlMs: number;
  readonly #logger: LoggerService;
  readonly #now: () => Date;
  readonly #inFlight = new Map<string, Promise<RawSourceData>>();

  constructor(options: {
    sources: TelemetrySource[];
    cache: CacheService;
    ttlMs: number;
    logger: LoggerService;
    now: () => Date;
  }) {
    this.#sources = options.sources;
    this.#cache = options.cache;
    this.#ttlMs = options.ttlMs;
    this.#logger = options.logger;
    this.#now = options.now;
  }

  /** Names of the configured sources. */
  get sourceNames(): string[] {
    return this.#sources.map(s => s.name);
  }

  /** Every source's data for `window` (validated by the caller). */
  async collect(window: string): Promise<RawSourceData[]> {
    return Promise.all(this.#sources.map(s => this.#collectOne(s, window)));
  }

  async #collectOne(
    source: TelemetrySource,
    window: string,
  ): Promise<RawSourceData> {
    const key = `telemetry:v1:${encodeURIComponent(source.name)}:${window}`;
    const pending = this.#inFlight.get(key);
    if (pending) return pending;
    const promise = (async () => {
      const cached = await this.#readCache(key);
      if (cached) return { data: cached, fresh: false };
      const data = await collectSource(source, window, this.#now());
      if (data.error) {
        this.#logger.warn(`Telemetry source ${source.name}: ${data.error}`);
      }
      return { data, fresh: true };
    })();
    const shared = promise.then(r => r.data);
    this.#inFlight.set(key, shared);
    try {
      const { data, fresh } = await promise;
      if (fresh) {
        // Serialising for the cache costs time the caller need not wait for:
        // it runs after the answer is built, and the in-flight entry stays
        // until the cache holds the data, so no request queries twice.
        setImmediate(() => {
          this.#store(key, source.name, data).finally(() =>
            this.#inFlight.delete(key),
          );
        });
      } else {
        this.#inFlight.delete(key);
      }
      return data;
    } catch (e) {
      this.#inFlight.delete(key);
      throw e;
    }
  }

  async #store(key: string, name: string, data: RawSourceData): Promise<void> {
    try {
      await this.#cache.set(key, data as unknown as JsonValue, {
        ttl: this.#ttlMs,
      });
    } catch (e) {
      this.#logger.warn(
        `Could not cache telemetry of ${name}: ${(e as Error).message}`,
      );
    }
  }

  async #readCache(key: string): Promise<RawSourceData | undefined> {
    try {
      return (await this.#cache.get(key)) as unknown as
        | RawSourceData
        | undefined;
    } catch (e) {
      this.#logger.warn(
        `Could not read cached telemetry: ${(e as Error).message}`,
      );
      return undefined;
    }
  }
}
