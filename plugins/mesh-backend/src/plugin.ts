import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { meshPermissions } from '@mesh-portal/plugin-mesh-common';
import {
  meshHistoryExtensionPoint,
  meshSnapshotExtensionPoint,
  type MeshSnapshotListener,
} from './extensions';
import type { HistorySeeder } from './history';
import { publishMeshSignals } from './signals';
import { scheduleMeshTasks } from './tasks';
import { createMeshBackend, publishSnapshots } from './wiring';

/**
 * The mesh backend plugin: reads every cluster's Kubernetes and Istio objects
 * into a shared snapshot and serves the mesh REST API under `/api/mesh`.
 * @public
 */
export const meshPlugin = createBackendPlugin({
  pluginId: 'mesh',
  register(env) {
    let historySeeder: HistorySeeder | undefined;
    env.registerExtensionPoint(meshHistoryExtensionPoint, {
      setSeeder(seeder) {
        historySeeder = seeder;
      },
    });
    const snapshotListeners: MeshSnapshotListener[] = [];
    env.registerExtensionPoint(meshSnapshotExtensionPoint, {
      addSnapshotListener(listener) {
        snapshotListeners.push(listener);
      },
    });
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
        lifecycle: coreServices.lifecycle,
        // Has a default implementation (over the events service): without
        // the signals backend, signals reach nobody and pages keep polling.
        signals: signalsServiceRef,
      },
      async init(deps) {
        const mesh = await createMeshBackend(deps);
        // Open pages reload when their entity's mesh view changes. First of
        // the refresh listeners, so a slower module's listener never delays it.
        mesh.snapshot.onRefresh(
          publishMeshSignals({
            signals: deps.signals,
            entities: mesh.entities,
            logger: deps.logger,
          }),
        );
        if (snapshotListeners.length > 0) {
          mesh.snapshot.onRefresh(
            publishSnapshots({
              listeners: snapshotListeners,
              entities: mesh.entities,
              logger: deps.logger,
            }),
          );
        }
        await scheduleMeshTasks({
          ...deps,
          config: mesh.meshConfig,
          snapshot: mesh.snapshot,
          watchRefresher: mesh.watchRefresher,
          entities: mesh.entities,
          history: mesh.history,
          historySeeder,
          telemetryBackground: mesh.telemetryBackground,
        });
        // Watch mode: stop watching and hand the lease over at once.
        deps.lifecycle.addShutdownHook(() => mesh.watchRefresher?.stop());
        deps.httpRouter.use(mesh.router);
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
        deps.permissionsRegistry.addPermissions(meshPermissions);
      },
    });
  },
});
