import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { meshAuditRouteRef, meshExplorerRouteRef } from '../routes';

/**
 * The mesh-wide mTLS audit page, at `/mesh/audit`.
 * @alpha
 */
export const meshAuditPage = PageBlueprint.make({
  name: 'audit',
  params: {
    path: '/mesh/audit',
    title: 'Mesh audit',
    routeRef: convertLegacyRouteRef(meshAuditRouteRef),
    // The page draws its own header.
    noHeader: true,
    loader: () =>
      import('../components/MeshAuditPage').then(m => <m.MeshAuditPage />),
  },
});

/**
 * The mesh explorer page, at `/mesh/explorer`.
 * @alpha
 */
export const meshExplorerPage = PageBlueprint.make({
  name: 'explorer',
  params: {
    path: '/mesh/explorer',
    title: 'Mesh explorer',
    routeRef: convertLegacyRouteRef(meshExplorerRouteRef),
    noHeader: true,
    loader: () =>
      import('../components/MeshExplorerPage').then(m => (
        <m.MeshExplorerPage />
      )),
  },
});
