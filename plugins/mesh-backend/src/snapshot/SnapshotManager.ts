import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ClusterStatus, MeshModel } from '@mesh-portal/plugin-mesh-common';
import {
  ClusterReadError,
  collectCluster,
  type ClusterCollection,
  type CollectOptions,
} from '../collector';
import type { MeshClusterConfig, MeshConfig } from '../config';
import type { ClusterObjects } from '../engine/types';
import type { SnapshotStore, StoredClusterState } from './SnapshotStore';
import { emptyWorkloadIndex, WorkloadIndex } from './WorkloadIndex';

/** Longest time a model is served without recomputation. */
const MAX_MODEL_AGE_MS = 60 * 60 * 1000;

/**
 * Computes the mesh model from every cluster's objects (the engine's
 * `computeMeshModel`).
 * @public
 */
export type ComputeModel = (clusters: ClusterObjects[]) => MeshModel;

/**
 * Reads one cluster (defaults to {@link collectCluster}).
 * @public
 */
export type CollectCluster = (
  cluster: MeshClusterConfig,
  options: CollectOptions,
) => Promise<ClusterCollection>;

/**
 * Options of {@link SnapshotManager}.
 * @public
 */
export interface SnapshotManagerOptions {
  config: MeshConfig;
  store: SnapshotStore;
  logger: LoggerService;
  computeModel: ComputeModel;
  collect?: CollectCluster;
  /**
   * The clusters to read (default: the configured ones); found again by
   * each refresh and sync, when due.
   */
  clusters?: ClusterList;
  /** A cluster's credential from its auth provider (default: its `serviceAccountToken`). */
  getCredential?: CollectOptions['getCredential'];
  now?: () => number;
}

/**
 * What the watching collector has for one cluster: its current objects, the
 * error that keeps them from being current, or that nothing changed.
 * @public
 */
export type WatchedClusterUpdate = { cluster: string } & (
  | { collection: ClusterCollection }
  | { error: string }
  | { unchanged: true }
);

/**
 * The clusters to read, e.g. a `ClusterDirectory` (catalog, GKE, kubectl proxy).
 * @public
 */
export interface ClusterList {
  /** Finds the clusters again, when due. Never throws. */
  refresh(): Promise<void>;
  /** The clusters as last found. */
  current(): MeshClusterConfig[];
}

/**
 * The mesh as this replica knows it: the model computed from every cluster's
 * last good objects, with its indexes. Replaced as a whole, never mutated.
 * @public
 */
export interface MeshView {
  /** Changes whenever the model is recomputed. */
  version: number;
  computedAt?: number;
  index: WorkloadIndex;
}

/**
 * Called after a refresh produced a new model on this replica: `previous` is
 * the model it replaced (undefined when nothing was stored before), `current`
 * the new one.
 * @public
 */
export type RefreshListener = (refreshed: {
  previous?: MeshView;
  current: MeshView;
}) => void | Promise<void>;

/**
 * Keeps this replica's copy of the mesh.
 *
 * `refresh()` is the scheduled task (one replica at a time): it reads every
 * cluster, stores each result in the shared {@link SnapshotStore} (a failed
 * cluster keeps its last good objects, with the error), and recomputes the
 * model. `sync()` runs on every replica: it reads the cheap per-cluster
 * states from the store and loads only the clusters whose objects changed.
 * Requests read {@link SnapshotManager.view} and never reach a cluster.
 * @public
 */
export class SnapshotManager {
  private readonly objects = new Map<string, ClusterObjects>();
  private readonly states = new Map<string, StoredClusterState>();
  private currentView: MeshView = { version: 0, index: emptyWorkloadIndex() };
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(view: MeshView) => void>();
  private readonly refreshListeners = new Set<RefreshListener>();
  private readonly now: () => number;
  private readonly collect: CollectCluster;
  private readonly clusterList: ClusterList;

  constructor(private readonly options: SnapshotManagerOptions) {
    this.now = options.now ?? Date.now;
    this.collect = options.collect ?? collectCluster;
    this.clusterList = options.clusters ?? {
      refresh: async () => {},
      current: () => options.config.clusters,
    };
  }

  /** The current model and indexes. */
  view(): MeshView {
    return this.currentView;
  }

  /**
   * The objects the current model was computed from for one cluster (e.g.
   * its PeerAuthentications, for STRICT proposals), or undefined.
   */
  clusterObjects(cluster: string): ClusterObjects | undefined {
    return this.objects.get(cluster);
  }

  /** Calls `listener` after each recomputation; returns an unsubscribe function. */
  onChange(listener: (view: MeshView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Calls `listener` when this replica's refresh produced a new model, after
   * it is stored and served, with the model it replaced; returns an
   * unsubscribe function. Never called for a model loaded by `sync()`.
   */
  onRefresh(listener: RefreshListener): () => void {
    this.refreshListeners.add(listener);
    return () => this.refreshListeners.delete(listener);
  }

  /** Runs one operation at a time, so refresh and sync never interleave. */
  private exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * Reads every cluster once and stores the results (the scheduled task).
   * `signal` is the scheduler's: when the refresh timeout fires, pending
   * calls stop and those clusters are reported with that error.
   */
  refresh(signal?: AbortSignal): Promise<void> {
    return this.exclusive(async () => {
      const { config, logger } = this.options;
      const started = this.now();
      let changed = false;
      await this.clusterList.refresh();
      // What the last refresh of any replica (or this process before a
      // restart) committed is the baseline the new model is compared with.
      const previous = await this.committedBeforeRefresh();
      const clusters = this.clusterList.current();
      await Promise.all(
        clusters.map(async cluster => {
          const clusterStarted = this.now();
          try {
            const collection = await this.collect(cluster, {
              requestTimeoutMs: config.requestTimeoutMs,
              excludeNamespaces: config.excludeNamespaces,
              signal,
              getCredential: this.options.getCredential,
            });
            if (await this.storeSuccess(cluster.name, collection)) {
              changed = true;
            }
            logger.debug('Read mesh cluster', {
              cluster: cluster.name,
              pods: collection.objects.pods.length,
              durationMs: this.now() - clusterStarted,
            });
          } catch (error) {
            await this.storeFailure(cluster.name, error);
          }
        }),
      );
      if (changed) this.recompute();
      logger.debug('Mesh refresh done', {
        clusters: clusters.length,
        durationMs: this.now() - started,
      });
      return { previous, current: this.currentView };
    }).then(refreshed => this.publishRefresh(refreshed));
  }

  /**
   * Stores what the watching collector has for some clusters (the replica
   * holding the collection lease) and recomputes the model when any
   * cluster's objects changed: the watch mode's counterpart of `refresh`.
   */
  storeWatched(updates: WatchedClusterUpdate[]): Promise<void> {
    return this.exclusive(async () => {
      // The lease holder's view is the last committed snapshot (its own, or
      // loaded by mesh-sync after taking the lease over): listeners compare
      // the recomputed model with it, as after a polled refresh.
      const previous = this.objects.size > 0 ? this.currentView : undefined;
      // This replica's own view first: a change is served as soon as the
      // model is recomputed, before its objects are hashed, compressed and
      // written. The watch reports a cluster only after events, so its
      // objects have most likely changed; when they have not (a resync, a
      // takeover, an event on a field the engine does not read), the
      // recomputation was spent for nothing but no listener hears of it.
      let recomputed = false;
      for (const update of updates) {
        if (!('collection' in update)) continue;
        this.objects.set(update.cluster, update.collection.objects);
        recomputed = true;
      }
      if (recomputed) this.recompute();
      let changed = false;
      for (const update of updates) {
        if ('collection' in update) {
          try {
            if (await this.storeSuccess(update.cluster, update.collection)) {
              changed = true;
            }
          } catch (error) {
            // Not stored, so not compared: tell the listeners of the model
            // this replica serves now.
            changed = true;
            await this.storeFailure(update.cluster, error);
          }
        } else if ('error' in update) {
          await this.storeFailure(
            update.cluster,
            new ClusterReadError(update.error),
          );
        } else {
          const state = await this.options.store.writeUnchanged?.(
            update.cluster,
            this.now(),
          );
          if (state) this.states.set(update.cluster, state);
        }
      }
      return changed ? { previous, current: this.currentView } : undefined;
    }).then(refreshed => refreshed && this.publishRefresh(refreshed));
  }

  /** Stores one cluster's objects; true when they differ from the last ones. */
  private async storeSuccess(
    cluster: string,
    collection: ClusterCollection,
  ): Promise<boolean> {
    const state = await this.options.store.writeSuccess(
      cluster,
      collection.objects,
      collection.missingApis,
      this.now(),
    );
    const changed =
      state.objectsVersion !== this.states.get(cluster)?.objectsVersion;
    // Unchanged objects keep the object the model was computed from, so the
    // engine's memo reuses that cluster's steps at the next recomputation.
    if (changed || !this.objects.has(cluster)) {
      this.objects.set(cluster, collection.objects);
    }
    this.states.set(cluster, state);
    return changed;
  }

  /** Records a failed read of one cluster; its last good objects stay. */
  private async storeFailure(cluster: string, error: unknown) {
    const { store, logger } = this.options;
    const message =
      error instanceof ClusterReadError
        ? error.message
        : 'unexpected error while reading the cluster';
    if (!(error instanceof ClusterReadError)) {
      // Not a cluster error: our own bug or the database. Log its type only.
      logger.error('Mesh refresh failed unexpectedly', {
        cluster,
        errorName: (error as Error)?.name,
      });
    }
    const state = await store.writeFailure(cluster, message, this.now());
    this.states.set(cluster, state);
    logger.warn('Could not read mesh cluster', { cluster, error: message });
  }

  /** Loads what another replica stored since the last sync. */
  sync(): Promise<void> {
    return this.exclusive(() => this.loadStored());
  }

  /**
   * Catches up with the store before a refresh, so that the model it
   * replaces is the last one committed by whichever replica refreshed (or by
   * this one before a restart); undefined when nothing was ever stored.
   */
  private async committedBeforeRefresh(): Promise<MeshView | undefined> {
    try {
      await this.loadStored({ beforeRefresh: true });
    } catch (error) {
      this.options.logger.warn('Could not read the stored mesh snapshot', {
        error: (error as Error)?.message,
      });
    }
    return this.objects.size > 0 ? this.currentView : undefined;
  }

  /** Tells the refresh listeners about a new model; never throws. */
  private async publishRefresh(refreshed: {
    previous?: MeshView;
    current: MeshView;
  }): Promise<void> {
    if (refreshed.current === refreshed.previous) return;
    if (refreshed.current.version === 0) return;
    for (const listener of this.refreshListeners) {
      try {
        await listener(refreshed);
      } catch (error) {
        this.options.logger.error('A mesh refresh listener failed', {
          error: (error as Error)?.message,
        });
      }
    }
  }

  /** Loads the clusters whose stored objects changed since last read. */
  private async loadStored(
    options: { beforeRefresh?: boolean } = {},
  ): Promise<void> {
    const { store } = this.options;
    // A refresh has just found the clusters itself.
    if (!options.beforeRefresh) await this.clusterList.refresh();
    const known = new Set(this.clusterList.current().map(c => c.name));
    let changed = false;
    for (const state of await store.readStates()) {
      if (!known.has(state.cluster)) continue;
      const previous = this.states.get(state.cluster);
      if (
        state.objectsVersion &&
        state.objectsVersion !== previous?.objectsVersion
      ) {
        const objects = await store.readObjects(state.cluster);
        if (objects) {
          this.objects.set(state.cluster, objects);
          changed = true;
        }
      }
      this.states.set(state.cluster, state);
    }
    if (options.beforeRefresh) {
      if (changed) this.recompute();
      return;
    }
    const modelAge = this.now() - (this.currentView.computedAt ?? 0);
    // Recompute now and then even without changes: findings such as
    // certificate expiry depend on the time.
    if (
      changed ||
      this.currentView.version === 0 ||
      modelAge > MAX_MODEL_AGE_MS
    ) {
      this.recompute();
    }
  }

  private recompute() {
    const clusters = this.clusterList
      .current()
      .map(cluster => this.objects.get(cluster.name))
      .filter((objects): objects is ClusterObjects => !!objects);
    const started = this.now();
    let model: MeshModel;
    try {
      model = this.options.computeModel(clusters);
    } catch (error) {
      // The engine turns malformed objects into findings; if it still throws,
      // keep serving the previous model rather than nothing.
      this.options.logger.error('Mesh model computation failed', {
        errorName: (error as Error)?.name,
        error: (error as Error)?.message,
      });
      return;
    }
    this.currentView = {
      version: this.currentView.version + 1,
      computedAt: this.now(),
      index: new WorkloadIndex(model),
    };
    this.options.logger.debug('Mesh model computed', {
      workloads: model.workloads.length,
      durationMs: this.now() - started,
    });
    for (const listener of this.listeners) listener(this.currentView);
  }

  /** Freshness of every configured cluster, as of now. */
  clusterStatuses(): ClusterStatus[] {
    const now = this.now();
    const staleAfter = 2 * this.options.config.refresh.frequencyMs;
    return this.clusterList.current().map(cluster => {
      const state = this.states.get(cluster.name);
      const lastSuccess = state?.lastSuccess;
      return {
        name: cluster.name,
        ok: !!state && lastSuccess !== undefined && !state.error,
        error: state
          ? state.error
          : 'not read yet: the first refresh has not finished',
        lastSuccess:
          lastSuccess !== undefined
            ? new Date(lastSuccess).toISOString()
            : undefined,
        lastAttempt:
          state?.lastAttempt !== undefined
            ? new Date(state.lastAttempt).toISOString()
            : undefined,
        ageSeconds:
          lastSuccess !== undefined
            ? Math.max(0, Math.round((now - lastSuccess) / 1000))
            : undefined,
        stale: lastSuccess === undefined || now - lastSuccess > staleAfter,
        missingApis: state?.missingApis.length ? state.missingApis : undefined,
      };
    });
  }
}
