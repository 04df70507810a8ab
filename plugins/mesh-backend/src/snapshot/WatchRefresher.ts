import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterWatcher,
  type ClusterWatchOptions,
  type WatchRequestCounts,
} from '../collector';
import type { MeshClusterConfig, MeshConfig } from '../config';
import type { Lease } from './DatabaseLease';
import type {
  ClusterList,
  SnapshotManager,
  WatchedClusterUpdate,
} from './SnapshotManager';

/**
 * Options of {@link WatchRefresher}.
 * @public
 */
export interface WatchRefresherOptions {
  config: MeshConfig;
  snapshot: SnapshotManager;
  /** The clusters to watch, found again at every tick. */
  clusters: ClusterList;
  /** Held by the one replica that watches. */
  lease: Lease;
  logger: LoggerService;
  getCredential?: ClusterWatchOptions['getCredential'];
  /** Tests: list-watch tuning (back-off, watch timeout, page size). */
  watchOptions?: Pick<
    ClusterWatchOptions,
    'backoff' | 'watchTimeoutSeconds' | 'pageSize'
  >;
  now?: () => number;
}

interface WatchedCluster {
  watcher: ClusterWatcher;
  /** Bumped by every change of the cluster's objects. */
  generation: number;
  /** The generation last stored, and whether it was stored as a success. */
  stored?: { generation: number; ok: boolean };
  resyncAt: number;
  /** When the cluster is next probed (`refresh.frequency` apart). */
  probeAt: number;
}

/**
 * The watch mode's refresh: on the replica holding the collection lease, one
 * {@link ClusterWatcher} per cluster keeps the objects current, and a change
 * is stored in the shared snapshot (and the model recomputed) once the
 * changes have been quiet for `mesh.collection.debounce`, and never later
 * than `maxDelay` after the first one. {@link WatchRefresher.tick} runs on
 * every replica every few seconds: it takes or renews the lease (a replica
 * that loses it stops watching), finds the clusters again, re-lists what is
 * due for its periodic resync, and records that quiet clusters are still
 * current. Other replicas read the shared snapshot through `sync()`.
 * @public
 */
export class WatchRefresher {
  private readonly watched = new Map<string, WatchedCluster>();
  private holding = false;
  private timer?: NodeJS.Timeout;
  private firstChangeAt?: number;
  private flushing: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly options: WatchRefresherOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Whether this replica holds the lease (and so watches). */
  isHolder(): boolean {
    return this.holding;
  }

  /** Requests made to each watched cluster so far. */
  requestCounts(): Map<string, WatchRequestCounts> {
    return new Map(
      [...this.watched].map(([name, entry]) => [
        name,
        { ...entry.watcher.counts },
      ]),
    );
  }

  /** Takes or renews the lease and keeps the watches in line with it. */
  async tick(): Promise<void> {
    if (this.stopped) return;
    const { lease, logger, clusters } = this.options;
    let held = false;
    try {
      held = await lease.acquire();
    } catch (error) {
      logger.warn('Could not take or renew the mesh collection lease', {
        errorName: (error as Error)?.name,
      });
    }
    if (!held) {
      if (this.holding) {
        logger.info('Lost the mesh collection lease: stopping the watches');
        this.holding = false;
        this.stopWatches();
      }
      return;
    }
    if (!this.holding) {
      logger.info('Took the mesh collection lease: watching the clusters');
      this.holding = true;
    }
    await clusters.refresh();
    this.reconcile(clusters.current());
    const now = this.now();
    const probes: Array<Promise<void>> = [];
    for (const entry of this.watched.values()) {
      if (now >= entry.resyncAt) {
        entry.resyncAt = now + this.options.config.collection.resyncMs;
        void entry.watcher.resync();
      }
      if (now >= entry.probeAt) {
        entry.probeAt = now + this.options.config.refresh.frequencyMs;
        probes.push(entry.watcher.probe());
      }
    }
    // The heartbeat below records what the probes found (a probe ends
    // within the request timeout, well inside the tick's own timeout).
    await Promise.all(probes);
    await this.flush(true);
  }

  /** Stops every watch and gives the lease up (on shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopWatches();
    await this.flushing;
    if (this.holding) {
      this.holding = false;
      await this.options.lease.release().catch(() => undefined);
    }
  }

  /** Stores every changed cluster now (tests; the debounce does it otherwise). */
  flushNow(): Promise<void> {
    return this.flush(false);
  }

  private stopWatches() {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.firstChangeAt = undefined;
    for (const entry of this.watched.values()) entry.watcher.stop();
    this.watched.clear();
  }

  /** Watches exactly the clusters found. */
  private reconcile(clusters: MeshClusterConfig[]) {
    const { config, logger } = this.options;
    const names = new Set(clusters.map(cluster => cluster.name));
    for (const [name, entry] of this.watched) {
      if (!names.has(name)) {
        entry.watcher.stop();
        this.watched.delete(name);
      }
    }
    for (const cluster of clusters) {
      if (this.watched.has(cluster.name)) continue;
      if (cluster.unsupportedReason) {
        void this.options.snapshot.storeWatched([
          { cluster: cluster.name, error: cluster.unsupportedReason },
        ]);
        continue;
      }
      const entry: WatchedCluster = {
        generation: 0,
        resyncAt: this.now() + config.collection.resyncMs,
        // The first list tells whether the cluster answers; probe after it.
        probeAt: this.now() + config.refresh.frequencyMs,
        watcher: new ClusterWatcher(cluster, {
          ...this.options.watchOptions,
          getCredential: this.options.getCredential,
          requestTimeoutMs: config.requestTimeoutMs,
          excludeNamespaces: config.excludeNamespaces,
          onChange: () => this.changed(entry),
        }),
      };
      this.watched.set(cluster.name, entry);
      const started = this.now();
      void entry.watcher.start().then(() => {
        logger.debug('Watching mesh cluster', {
          cluster: cluster.name,
          listedInMs: this.now() - started,
        });
        // Stores the first read (or its error) without waiting for a change.
        this.changed(entry);
      });
    }
  }

  /** Debounces: store once changes are quiet, at most `maxDelay` after the first. */
  private changed(entry: WatchedCluster) {
    if (this.stopped || this.watched.get(entry.watcher.cluster.name) !== entry)
      return;
    entry.generation++;
    const { debounceMs, maxDelayMs } = this.options.config.collection;
    const now = this.now();
    this.firstChangeAt ??= now;
    const delay = Math.max(
      0,
      Math.min(debounceMs, this.firstChangeAt + maxDelayMs - now),
    );
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush(false);
    }, delay);
  }

  /**
   * Stores the clusters that changed (or failed, or recovered) since they
   * were last stored; with `heartbeat`, also records that the others are
   * still current. One flush at a time.
   */
  private flush(heartbeat: boolean): Promise<void> {
    const run = this.flushing.then(async () => {
      this.firstChangeAt = undefined;
      const updates: WatchedClusterUpdate[] = [];
      const stored: Array<[WatchedCluster, number, boolean]> = [];
      for (const [name, entry] of this.watched) {
        const generation = entry.generation;
        const quiet =
          entry.stored?.ok && entry.stored.generation === generation;
        if (quiet && !heartbeat) continue;
        // A quiet cluster is only checked for health, not read again.
        const problem = quiet ? entry.watcher.problem() : undefined;
        const read = problem ?? (quiet ? undefined : entry.watcher.read());
        if (!read) {
          updates.push({ cluster: name, unchanged: true });
        } else if ('pending' in read) {
          continue;
        } else if ('error' in read) {
          updates.push({ cluster: name, error: read.error });
          stored.push([entry, generation, false]);
        } else {
          updates.push({ cluster: name, collection: read.collection });
          stored.push([entry, generation, true]);
        }
      }
      if (updates.length === 0) return;
      await this.options.snapshot.storeWatched(updates);
      for (const [entry, generation, ok] of stored) {
        entry.stored = { generation, ok };
      }
    });
    this.flushing = run.catch(error => {
      this.options.logger.error('Storing the watched mesh clusters failed', {
        errorName: (error as Error)?.name,
      });
    });
    return this.flushing;
  }
}
