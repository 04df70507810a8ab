import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { meshHistoryExtensionPoint } from '@mesh-portal/plugin-mesh-backend';
import { demoHistorySeeder } from './demoHistorySeeder';

/** The app-config key that turns the demo's synthetic history on. */
export const SEED_DAYS_KEY = 'meshDemo.history.seedDays';

/** Longer than the plugin's 400-day retention is pointless. */
const MAX_SEED_DAYS = 400;

/**
 * Demo only: fills the mesh plugin's coverage history with
 * `meshDemo.history.seedDays` days of synthetic points trending to today's
 * coverage, so a new demo's trend chart is not empty (stored with the source
 * `seeded`, never over a recorded period). Absent or 0: nothing is seeded.
 */
export const meshDemoHistoryModule = createBackendModule({
  pluginId: 'mesh',
  moduleId: 'demo-history',
  register(reg) {
    reg.registerInit({
      deps: {
        history: meshHistoryExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ history, config, logger }) {
        const days = config.getOptionalNumber(SEED_DAYS_KEY) ?? 0;
        if (!Number.isInteger(days) || days < 0 || days > MAX_SEED_DAYS) {
          throw new Error(
            `Invalid ${SEED_DAYS_KEY}: ${days}; use a whole number of days from 0 to ${MAX_SEED_DAYS}`,
          );
        }
        if (days === 0) return;
        logger.info(`Seeding ${days} days of synthetic demo coverage history`);
        history.setSeeder(demoHistorySeeder(days));
      },
    });
  },
});
