import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import type { JSX } from 'react';
import { meshApiRef, MeshClient } from './api';
import type { EntityMeshCardProps } from './components/EntityMeshCard';
import type { EntityMeshContentProps } from './components/EntityMeshContent';
import {
  meshAuditRouteRef,
  meshEntityContentRouteRef,
  meshExplorerRouteRef,
} from './routes';

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
    audit: meshAuditRouteRef,
    explorer: meshExplorerRouteRef,
  },
});

/**
 * Overview card: per cluster, membership, mTLS, observed mTLS share,
 * findings and data age, with a link to the Mesh tab.
 * @public
 */
export const EntityMeshCard: (props: EntityMeshCardProps) => JSX.Element =
  meshPlugin.provide(
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
export const EntityMeshContent: (props: EntityMeshContentProps) => JSX.Element =
  meshPlugin.provide(
    createRoutableExtension({
      name: 'EntityMeshContent',
      component: () =>
        import('./components/EntityMeshContent').then(m => m.EntityMeshContent),
      mountPoint: meshEntityContentRouteRef,
    }),
  );

/**
 * The mesh-wide mTLS audit for team leads: coverage figures, breakdowns,
 * the trend over time, and every workload with filters and CSV export.
 * @public
 */
export const MeshAuditPage = meshPlugin.provide(
  createRoutableExtension({
    name: 'MeshAuditPage',
    component: () =>
      import('./components/MeshAuditPage').then(m => m.MeshAuditPage),
    mountPoint: meshAuditRouteRef,
  }),
);

/**
 * The mesh explorer: the whole mesh as a graph of catalog entities, with
 * grouping, search, filters and click-through to entity pages.
 * @public
 */
export const MeshExplorerPage = meshPlugin.provide(
  createRoutableExtension({
    name: 'MeshExplorerPage',
    component: () =>
      import('./components/MeshExplorerPage').then(m => m.MeshExplorerPage),
    mountPoint: meshExplorerRouteRef,
  }),
);
