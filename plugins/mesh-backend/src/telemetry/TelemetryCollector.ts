import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { RawSourceData } from './graph/rawData';
import type { TelemetrySource } from './collectSource';
import { collectSource } from './collectSource';
import { SharedSourceCache } from './SharedSourceCache';

/**
 * Runs every source's query set, through the cache: within the TTL all
 * requests share one query set per source and window (and concurrent
 * requests share the one in flight). Failures are cached as well, so a
 * source that is down or slow costs one timeout per TTL, not one per request.
 */
export class TelemetryCollector {
  readonly #sources: TelemetrySource[];
  readonly #shared: SharedSourceCache<RawSourceData>;
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
      ttlMs: options.ttlMs,
      logger: options.logger,
      kind: 'telemetry',
    });
    this.#logger = options.logger;
    this.#now = options.now;
  }

  /** Names of the configured sources. */
  get sourceNames(): string[] {
    return this.#sources.map(s => s.name);
  }

  /** Every source's data for `window` (validated by the caller). */
  async collect(window: string): Promise<RawSourceData[]> {
    return Promise.all(
      this.#sources.map(source =>
        this.#shared.get(source.name, window, async () => {
          const data = await collectSource(source, window, this.#now());
          if (data.error) {
            this.#logger.warn(`Telemetry source ${source.name}: ${data.error}`);
          }
          return data;
        }),
      ),
    );
  }
}
