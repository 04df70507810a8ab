import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { notificationService } from '@backstage/plugin-notifications-node';
// mesh's extension point lives in its backend package (no -node package yet).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { meshSnapshotExtensionPoint } from '@mesh-portal/plugin-mesh-backend';
import { PostureNotifier, readNotificationSettings } from './notifications';

/**
 * Notifies entity owners when their mesh posture regresses between two mesh
 * snapshots (`meshTechInsights.notifications`). A module of the mesh plugin:
 * it listens to `meshSnapshotExtensionPoint`, so it runs in the backend that
 * runs mesh, on the one replica whose refresh produced each snapshot. Needs
 * the notifications backend.
 * @public
 */
export const meshModulePostureNotifications = createBackendModule({
  pluginId: 'mesh',
  moduleId: 'posture-notifications',
  register(env) {
    env.registerInit({
      deps: {
        snapshots: meshSnapshotExtensionPoint,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        notifications: notificationService,
      },
      async init({ snapshots, logger, config, notifications }) {
        const settings = readNotificationSettings(config);
        if (!settings.regressions && !settings.improvements) {
          logger.info('Mesh posture notifications are off');
          return;
        }
        const notifier = new PostureNotifier({
          notifications,
          logger,
          settings,
        });
        snapshots.addSnapshotListener(change => notifier.onSnapshot(change));
      },
    });
  },
});
