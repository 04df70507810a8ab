import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { createMeshFactRetriever, MESH_FACT_RETRIEVER_ID } from './facts';
import { PostureNotifier, readNotificationSettings } from './notifications';

/**
 * Adds the mesh fact retriever to the Tech Insights backend. Like every
 * retriever it only runs when `techInsights.factRetrievers.meshFactRetriever`
 * gives it a cadence in app-config. Each run also notifies entity owners of
 * posture regressions (`meshTechInsights.notifications`).
 * @public
 */
export const techInsightsModuleMeshFacts = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'mesh-facts',
  register(env) {
    env.registerInit({
      deps: {
        providers: techInsightsFactRetrieversExtensionPoint,
        catalog: catalogServiceRef,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        cache: coreServices.cache,
        notifications: notificationService,
      },
      async init({ providers, catalog, logger, config, cache, notifications }) {
        if (
          !config.has(`techInsights.factRetrievers.${MESH_FACT_RETRIEVER_ID}`)
        ) {
          logger.warn(
            `Mesh facts are off: techInsights.factRetrievers.${MESH_FACT_RETRIEVER_ID}.cadence is not set`,
          );
        }
        const settings = readNotificationSettings(config);
        const notifier =
          settings.regressions || settings.improvements
            ? new PostureNotifier({
                cache,
                notifications,
                logger,
                settings,
              })
            : undefined;
        providers.addFactRetrievers({
          [MESH_FACT_RETRIEVER_ID]: createMeshFactRetriever({
            catalog,
            notifier,
          }),
        });
      },
    });
  },
});
