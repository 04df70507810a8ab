import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * Route of the Mesh tab on an entity page (`EntityMeshContent`).
 * The overview card links to it.
 * @public
 */
export const meshEntityContentRouteRef = createRouteRef({
  id: 'mesh:entity-content',
});
