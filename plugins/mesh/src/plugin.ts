import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { meshApiRef, MeshClient } from './api';
import { meshEntityContentRouteRef } from './routes';

/**
 * The mesh frontend plugin (legacy frontend system).
 * @public
 */
export const meshPlugin = createPlugin({
  id: 'mesh',
  apis: [
    createApiFactory({
      api: meshApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MeshClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    entityContent: meshEntityContentRouteRef,
  },
});

/**
 * Overview card: per cluster, membership, mTLS, observed mTLS share,
 * findings and data age, with a link to the Mesh tab.
 * @public
 */
export const EntityMeshCard = meshPlugin.provide(
  createComponentExtension({
    name: 'EntityMeshCard',
    component: {
      lazy: () =>
        import('./components/EntityMeshCard').then(m => m.EntityMeshCard),
    },
  }),
);

/**
 * The Mesh tab: placement, mTLS per port with reasons, findings, the
 * traffic graph and declared versus observed dependencies.
 * @public
 */
export const EntityMeshContent = meshPlugin.provide(
  createRoutableExtension({
    name: 'EntityMeshContent',
    component: () =>
      import('./components/EntityMeshContent').then(m => m.EntityMeshContent),
    mountPoint: meshEntityContentRouteRef,
  }),
);
