import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createMeshFactRetriever, MESH_FACT_RETRIEVER_ID } from './facts';

/**
 * Adds the mesh fact retriever to the Tech Insights backend. Like every
 * retriever it only runs when `techInsights.factRetrievers.meshFactRetriever`
 * gives it a cadence in app-config. Posture notifications are a module of the
 * mesh plugin instead ({@link meshModulePostureNotifications}).
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
      },
      async init({ providers, catalog, logger, config }) {
        if (
          !config.has(`techInsights.factRetrievers.${MESH_FACT_RETRIEVER_ID}`)
        ) {
          logger.warn(
            `Mesh facts are off: techInsights.factRetrievers.${MESH_FACT_RETRIEVER_ID}.cadence is not set`,
          );
        }
        providers.addFactRetrievers({
          [MESH_FACT_RETRIEVER_ID]: createMeshFactRetriever({ catalog }),
        });
      },
    });
  },
});
