import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';

/**
 * Answers per source and window through the `CacheService`: within the TTL
 * every request shares one answer, and concurrent requests share the one in
 * flight. Failed answers are cached too (the caller puts the error into the
 * answer), so a source that is down or slow costs one timeout per TTL, not
 * one per request. The telemetry and the readiness query sets both use it.
 */
export class SharedSourceCache<T> {
  readonly #cache: CacheService;
  readonly #ttlMs: number;
  readonly #logger: LoggerService;
  /** What is cached, for log lines (`telemetry`, `readiness`); also the key prefix. */
  readonly #kind: string;
  readonly #inFlight = new Map<string, Promise<T>>();

  constructor(options: {
    cache: CacheService;
    ttlMs: number;
    logger: LoggerService;
    kind: string;
  }) {
    this.#cache = options.cache;
    this.#ttlMs = options.ttlMs;
    this.#logger = options.logger;
    this.#kind = options.kind;
  }

  /**
   * The answer of `source` for `window`: cached, shared with a request in
   * flight, or made by `produce`. `source` and `window` are validated names
   * (configured sources, allow-listed windows), so the key is bounded.
   */
  async get(
    source: string,
    window: string,
    produce: () => Promise<T>,
  ): Promise<T> {
    const key = `${this.#kind}:v1:${encodeURIComponent(source)}:${window}`;
    const pending = this.#inFlight.get(key);
    if (pending) return pending;
    const promise = (async () => {
      const cached = await this.#read(key);
      if (cached !== undefined) return { data: cached, fresh: false };
      return { data: await produce(), fresh: true };
    })();
    const shared = promise.then(r => r.data);
    // Concurrent callers await `shared`; when there are none, its rejection
    // (the same error this caller gets) must not count as unhandled.
    shared.catch(() => undefined);
    this.#inFlight.set(key, shared);
    try {
      const { data, fresh } = await promise;
      if (fresh) {
        // Serialising for the cache costs time the caller need not wait for:
        // it runs after the answer is returned, and the in-flight entry stays
        // until the cache holds the data, so no request queries twice.
        setImmediate(() => {
          this.#store(key, source, data).finally(() =>
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

  async #store(key: string, source: string, data: T): Promise<void> {
    try {
      await this.#cache.set(key, data as unknown as JsonValue, {
        ttl: this.#ttlMs,
      });
    } catch (e) {
      this.#logger.warn(
        `Could not cache ${this.#kind} of ${source}: ${(e as Error).message}`,
      );
    }
  }

  async #read(key: string): Promise<T | undefined> {
    try {
      const cached = await this.#cache.get(key);
      return cached === undefined ? undefined : (cached as unknown as T);
    } catch (e) {
      this.#logger.warn(
        `Could not read cached ${this.#kind}: ${(e as Error).message}`,
      );
      return undefined;
    }
  }
}
