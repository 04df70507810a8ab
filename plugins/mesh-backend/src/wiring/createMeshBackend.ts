import type {
  AuthService,
  CacheService,
  DatabaseService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type express from 'express';
import {
  ClusterDirectory,
  createClusterCredentials,
  createClusterFinder,
  type ClusterCredentialsOptions,
  type ClusterFinderOptions,
} from '../clusters';
import { readMeshConfig, type MeshConfig } from '../config';
import { computeMeshModel, EngineMemo } from '../engine';
import { createWorkloadDirectory, EntityIndex } from '../entities';
import { createHistoryStore, type HistoryStore } from '../history';
import { createRouter } from '../router';
import { createMeshService, type MeshService } from '../service';
import {
  DatabaseLease,
  DatabaseSnapshotStore,
  SnapshotManager,
  WatchRefresher,
  type Lease,
  type CollectCluster,
  type ComputeModel,
  type SnapshotStore,
} from '../snapshot';
import {
  clientTlsTowardLatest,
  createTelemetry,
  DatabaseTelemetryCollectionStore,
  telemetryConfigFromMesh,
  type BackgroundTelemetry,
  type TelemetryCollectionStore,
} from '../telemetry';
import type { TelemetryService, WorkloadDirectory } from '../telemetry/types';

/**
 * How long the collection lease lasts without renewal; the holder renews it
 * every few seconds (`tasks.ts`), so another replica takes over within this
 * long of the holder's death.
 */
const COLLECTION_LEASE_TTL_MS = 30_000;

/**
 * The services {@link createMeshBackend} needs: the plugin's core services.
 * @public
 */
export interface MeshBackendDependencies {
  config: Config;
  logger: LoggerService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  cache: CacheService;
  database: DatabaseService;
}

/**
 * Replacements for parts of the wiring, for tests and benchmarks: every
 * other part is the production one.
 * @public
 */
export interface MeshBackendOverrides {
  /** Reads one cluster (default: client-node against the configured API server). */
  collect?: CollectCluster;
  /** Computes the model (default: the engine). */
  computeModel?: ComputeModel;
  /** Stores cluster snapshots (default: the plugin database). */
  snapshotStore?: SnapshotStore;
  /** Stores coverage history (default: the plugin database). */
  history?: HistoryStore;
  /** Watch mode: the collection lease (default: in the plugin database). */
  lease?: Lease;
  /** Replaces the telemetry service (default: Prometheus per configured source). */
  telemetry?: TelemetryService;
  /** Stores background telemetry collections (default: the plugin database). */
  telemetryCollections?: TelemetryCollectionStore;
  /** Tests: where the runtime locators and auth strategies reach out to. */
  clusterAccess?: {
    /** Address of `kubectl proxy` (default `http://<localhost>:8001`). */
    kubectlProxyUrl?: string;
    /** Host name resolution of the catalog locator's SSRF check. */
    resolve?: ClusterFinderOptions['resolve'];
    /** Azure credential (default `DefaultAzureCredential`). */
    azureCredential?: ClusterCredentialsOptions['azureCredential'];
  };
}

/**
 * Everything the mesh backend is made of, wired.
 * @public
 */
export interface MeshBackend {
  meshConfig: MeshConfig;
  snapshot: SnapshotManager;
  /** Watch mode (`mesh.collection.mode: watch`): the watches and their lease (scheduled by the plugin). */
  watchRefresher?: WatchRefresher;
  entities: EntityIndex;
  telemetry?: TelemetryService;
  /** Background telemetry collection, when configured (scheduled by the plugin). */
  telemetryBackground?: BackgroundTelemetry;
  history: HistoryStore;
  meshService: MeshService;
  router: express.Router;
}

/**
 * The engine with a memo: a recomputation after a change in one cluster
 * reuses the other clusters' steps (their objects are the same objects), so
 * a watched change is served sooner.
 */
function memoizedEngine(): ComputeModel {
  const memo = new EngineMemo();
  return clusters => computeMeshModel(clusters, { memo });
}

/**
 * Wires the mesh backend from its dependencies: configuration (validated,
 * so a bad key stops startup), snapshot, entity index, telemetry, history,
 * the service layer and the router. The plugin, the router and integration
 * tests and the benchmarks all build the backend with this one function.
 * @public
 */
export async function createMeshBackend(
  deps: MeshBackendDependencies,
  overrides: MeshBackendOverrides = {},
): Promise<MeshBackend> {
  const { logger, database } = deps;
  // Throws naming every bad key, so a misconfiguration stops startup.
  const meshConfig = readMeshConfig(deps.config);

  const access = overrides.clusterAccess ?? {};
  const clusters = new ClusterDirectory({
    config: meshConfig,
    logger,
    find: createClusterFinder({
      rootConfig: deps.config,
      meshConfig,
      catalog: deps.catalog,
      auth: deps.auth,
      kubectlProxyUrl: access.kubectlProxyUrl,
      resolve: access.resolve,
    }),
  });
  const credentials = createClusterCredentials({
    config: deps.config,
    logger,
    azureCredential: access.azureCredential,
  });
  const snapshot = new SnapshotManager({
    config: meshConfig,
    clusters,
    getCredential: cluster => credentials.getCredential(cluster),
    store:
      overrides.snapshotStore ??
      (await DatabaseSnapshotStore.fromDatabase(database)),
    logger,
    computeModel: overrides.computeModel ?? memoizedEngine(),
    collect: overrides.collect,
  });
  const watchRefresher =
    meshConfig.collection.mode === 'watch'
      ? new WatchRefresher({
          config: meshConfig,
          snapshot,
          clusters,
          lease:
            overrides.lease ??
            DatabaseLease.lazy(database, {
              name: 'collection',
              ttlMs: COLLECTION_LEASE_TTL_MS,
            }),
          logger,
          getCredential: cluster => credentials.getCredential(cluster),
        })
      : undefined;
  const entities = new EntityIndex({
    ...deps,
    snapshot,
    serviceLocatorMethod: meshConfig.serviceLocatorMethod,
  });
  const directory: WorkloadDirectory = {
    ...createWorkloadDirectory({ snapshot, entities }),
    // What the configuration says clients send, where the proxies are silent.
    clientTlsToward: clientTlsTowardLatest(() => snapshot.view().index.model),
    // Claims change with every new snapshot and entity reload; the
    // telemetry service reuses its built graph until they do.
    version: () => entities.claimsVersion(),
  };
  const telemetryConfig = telemetryConfigFromMesh(meshConfig);
  const { background: backgroundConfig } = meshConfig.telemetry;
  const collectInBackground =
    !overrides.telemetry &&
    backgroundConfig.windows.length > 0 &&
    (telemetryConfig.sources.clusters.length > 0 ||
      !!telemetryConfig.sources.shared);
  const built = overrides.telemetry
    ? { service: overrides.telemetry, background: undefined }
    : createTelemetry({
        config: telemetryConfig,
        directory,
        clusterIds: () =>
          new Map(
            snapshot
              .view()
              .index.model.clusters.map(c => [c.istioClusterId, c.cluster]),
          ),
        cache: deps.cache,
        logger,
        background: collectInBackground
          ? {
              store:
                overrides.telemetryCollections ??
                DatabaseTelemetryCollectionStore.lazy(database),
              windows: backgroundConfig.windows,
              intervalMs: backgroundConfig.intervalMs,
            }
          : undefined,
      });
  const telemetry = built.service;
  const history =
    overrides.history ?? (await createHistoryStore({ database, logger }));
  const meshService = createMeshService({
    ...deps,
    config: meshConfig,
    snapshot,
    entities,
    telemetry,
    history,
  });
  const router = await createRouter({ httpAuth: deps.httpAuth, meshService });
  return {
    meshConfig,
    snapshot,
    watchRefresher,
    entities,
    telemetry,
    telemetryBackground: built.background,
    history,
    meshService,
    router,
  };
}
