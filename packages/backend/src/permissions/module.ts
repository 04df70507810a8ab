import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { MeshDemoPermissionPolicy } from './MeshDemoPermissionPolicy';

/**
 * Installs {@link MeshDemoPermissionPolicy} as the permission backend's policy.
 */
export const meshDemoPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'mesh-demo-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, userInfo }) {
        policy.setPolicy(new MeshDemoPermissionPolicy(userInfo));
      },
    });
  },
});
