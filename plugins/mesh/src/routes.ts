import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * Route of the Mesh tab on an entity page (`EntityMeshContent`).
 * The overview card links to it.
 * @public
 */
export const meshEntityContentRouteRef = createRouteRef({
  id: 'mesh:entity-content',
});

/**
 * Route of the mesh-wide mTLS audit page (`MeshAuditPage`).
 * @public
 */
export const meshAuditRouteRef = createRouteRef({
  id: 'mesh:audit',
});

/**
 * Route of the mesh explorer page (`MeshExplorerPage`).
 * @public
 */
export const meshExplorerRouteRef = createRouteRef({
  id: 'mesh:explorer',
});
