import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { meshPermissions } from '@mesh-portal/plugin-mesh-common';
import { readMeshConfig } from './config';
import { computeMeshModel } from './engine';
import { createWorkloadDirectory, EntityIndex } from './entities';
import { createHistoryStore } from './history';
import { createRouter } from './router';
import { createMeshService } from './service';
import { DatabaseSnapshotStore, SnapshotManager } from './snapshot';
import { scheduleMeshTasks } from './tasks';
import { createTelemetryService, telemetryConfigFromMesh } from './telemetry';

/**
 * The mesh backend plugin: reads every cluster's Kubernetes and Istio objects
 * into a shared snapshot and serves the mesh REST API under `/api/mesh`.
 * @public
 */
export const meshPlugin = createBackendPlugin({
  pluginId: 'mesh',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        cache: coreServices.cache,
        database: coreServices.database,
      },
      async init(deps) {
        const { config, logger, httpRouter, database } = deps;
        // Throws naming every bad key, so a misconfiguration stops startup.
        const meshConfig = readMeshConfig(config);

        const store = await DatabaseSnapshotStore.fromDatabase(database);
        const snapshot = new SnapshotManager({
          config: meshConfig,
          store,
          logger,
          computeModel: clusters => computeMeshModel(clusters),
        });
        const entities = new EntityIndex({ ...deps, snapshot });
        const telemetry = createTelemetryService({
          config: telemetryConfigFromMesh(meshConfig),
          directory: {
            ...createWorkloadDirectory({ snapshot, entities }),
            // Claims change with every new snapshot and entity reload; the
            // telemetry service reuses its built graph until they do.
            version: () => entities.claimsVersion(),
          },
          clusterIds: () =>
            new Map(
              snapshot
                .view()
                .index.model.clusters.map(c => [c.istioClusterId, c.cluster]),
            ),
          cache: deps.cache,
          logger,
        });
        const history = await createHistoryStore({ database, logger });
        const meshService = createMeshService({
          ...deps,
          config: meshConfig,
          snapshot,
          entities,
          telemetry,
        });

        await scheduleMeshTasks({
          ...deps,
          config: meshConfig,
          snapshot,
          entities,
          history,
        });
        httpRouter.use(
          await createRouter({ ...deps, meshService, telemetry, history }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        deps.permissionsRegistry.addPermissions(meshPermissions);
      },
    });
  },
});
