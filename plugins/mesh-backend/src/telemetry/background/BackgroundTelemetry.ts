import type { LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import { collectSource, type TelemetrySource } from '../collectSource';
import { parseWindow } from '../../config/window';
import {
  advanceEdgeRateRing,
  ringCoversWindow,
  ringSampling,
} from '../edgeDetail/edgeRateRing';
import { backfillEdgeRates } from './backfillEdgeRates';
import type {
  TelemetryCollection,
  TelemetryCollectionStore,
} from './TelemetryCollectionStore';

/**
 * Options of {@link BackgroundTelemetry}.
 */
export interface BackgroundTelemetryOptions {
  sources: TelemetrySource[];
  store: TelemetryCollectionStore;
  /** Windows collected, e.g. `['5m']` (validated by the configuration). */
  windows: string[];
  /**
   * Oldest collection still served. Older ones (the collecting replica died,
   * the task is stuck) are ignored, so requests fall back to on-demand
   * queries rather than show old rates as current.
   */
  maxAgeMs: number;
  /** How often `collect()` runs: each run adds one point to every edge's rate. */
  intervalMs: number;
  scrapeIntervalSeconds: number;
  logger: LoggerService;
  now: () => Date;
}

/**
 * Telemetry collected ahead of requests.
 *
 * `collect()` is a global scheduled task (one replica at a time): it runs
 * every source's query set for each configured window, keeps the result and
 * stores it in the shared {@link TelemetryCollectionStore}. `sync()` runs on
 * every replica and loads what another replica collected. Requests read
 * {@link BackgroundTelemetry.latest}: an in-memory answer, never a query.
 * Besides the graph's query set, each collection runs the edge detail set
 * and carries every edge's rate points forward (`edgeRates`, backfilled
 * from Prometheus when collection starts), so the detail drawer is answered
 * from memory too.
 * A source that fails keeps its error in the collection, next to the other
 * sources' data.
 */
export class BackgroundTelemetry {
  readonly #options: BackgroundTelemetryOptions;
  readonly #collections = new Map<string, TelemetryCollection>();
  readonly #listeners = new Set<(collection: TelemetryCollection) => void>();

  constructor(options: BackgroundTelemetryOptions) {
    this.#options = options;
  }

  /** The windows collected in the background. */
  get windows(): readonly string[] {
    return this.#options.windows;
  }

  /**
   * The last collection of `window` if it is recent enough to serve
   * (at most `maxAgeMs` old), else undefined.
   */
  latest(window: string): TelemetryCollection | undefined {
    const collection = this.#collections.get(window);
    if (!collection) return undefined;
    const age = this.#options.now().getTime() - collection.collectedAt;
    return age <= this.#options.maxAgeMs ? collection : undefined;
  }

  /** Calls `listener` with every new collection; returns an unsubscribe function. */
  onCollection(listener: (collection: TelemetryCollection) => void) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Collects every window once (the scheduled task). Windows run one after
   * the other, so Prometheus gets one query set per source at a time;
   * `signal` (the task timeout) stops before the next window.
   */
  async collect(signal?: AbortSignal): Promise<void> {
    const { sources, store, logger, now } = this.#options;
    for (const window of this.#options.windows) {
      if (signal?.aborted) return;
      const sampling = ringSampling(
        parseWindow(window, this.#options.scrapeIntervalSeconds),
        this.#options.scrapeIntervalSeconds,
        this.#options.intervalMs,
      );
      const time = now();
      const collected = await Promise.all(
        sources.map(source =>
          collectSource(source, window, time, {
            edgeSet: { rateRangeSeconds: sampling.rangeSeconds },
          }),
        ),
      );
      // Goes on from the last collection this replica knows, its own or
      // another replica's (synced), so a takeover keeps the points.
      let edgeRates = advanceEdgeRateRing(
        this.#collections.get(window)?.edgeRates,
        collected,
        time.getTime(),
        sampling,
      );
      // Not while Prometheus fails this collection's own rate query: the
      // backfill would only queue more failing queries (and timeouts).
      if (
        !ringCoversWindow(edgeRates, sampling.windowSeconds) &&
        collected.some(data => data.results.edge_rate)
      ) {
        edgeRates = await backfillEdgeRates({
          ring: edgeRates,
          sources,
          window,
          now: time,
          sampling,
          logger,
          signal,
        });
      }
      const collection: TelemetryCollection = {
        window,
        collectionId: randomUUID(),
        collectedAt: time.getTime(),
        sources: collected,
        edgeRates,
      };
      for (const data of collection.sources) {
        if (data.error) {
          logger.warn(`Telemetry source ${data.source}: ${data.error}`);
        }
      }
      this.#accept(collection);
      try {
        await store.write(collection);
      } catch (error) {
        // This replica still serves it; the others keep their last one.
        logger.warn(
          `Could not store the telemetry collection of ${window}: ${
            (error as Error).message
          }`,
        );
      }
    }
  }

  /** Loads what another replica collected since the last sync. */
  async sync(): Promise<void> {
    const { store, windows } = this.#options;
    for (const state of await store.readStates()) {
      if (!windows.includes(state.window)) continue;
      const known = this.#collections.get(state.window);
      if (
        known &&
        (known.collectionId === state.collectionId ||
          known.collectedAt >= state.collectedAt)
      ) {
        continue;
      }
      const collection = await store.read(state.window);
      if (collection) this.#accept(collection);
    }
  }

  #accept(collection: TelemetryCollection) {
    const known = this.#collections.get(collection.window);
    // A sync that read the store before this replica's own newer collection
    // must not replace it.
    if (known && known.collectedAt > collection.collectedAt) return;
    this.#collections.set(collection.window, collection);
    for (const listener of this.#listeners) {
      try {
        listener(collection);
      } catch (error) {
        this.#options.logger.warn(
          `Telemetry collection listener failed: ${(error as Error).message}`,
        );
      }
    }
  }
}
