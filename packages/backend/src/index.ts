/*
 * The demo portal's backend: catalog, guest auth, a real permission policy,
 * search, the Kubernetes plugin, the mesh plugin (with the demo's synthetic
 * coverage history), Tech Insights and notifications.
 */

import { createBackend } from '@backstage/backend-defaults';
import { meshModulePostureNotifications } from '@mesh-portal/plugin-mesh-backend-module-tech-insights';
import { meshDemoHistoryModule } from './meshDemoHistory/module';
import { meshDemoPermissionPolicyModule } from './permissions/module';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// Auth: the guest provider signs in as the catalog user `user:default/guest`
// (see app-config.yaml), so group membership and ownership resolve.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(meshDemoPermissionPolicyModule);

backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@backstage/plugin-user-settings-backend'));

backend.add(import('@mesh-portal/plugin-mesh-backend'));
// Demo only: synthetic coverage history, so the audit's trend is not empty.
backend.add(meshDemoHistoryModule);

// Tech Insights with mesh's facts and the JSON rules engine for its checks
// (app-config.yaml `techInsights`); a mesh module notifies entity owners
// when a new mesh snapshot shows their posture regressed.
backend.add(import('@backstage-community/plugin-tech-insights-backend'));
backend.add(
  import('@backstage-community/plugin-tech-insights-backend-module-jsonfc'),
);
backend.add(import('@mesh-portal/plugin-mesh-backend-module-tech-insights'));
backend.add(meshModulePostureNotifications);
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();
