import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { meshApiRef, MeshClient } from '../api';
import { isMeshAvailable } from '../conditions';
import { meshEntityContentRouteRef } from '../routes';

/**
 * The `MeshClient` as a utility API of the new frontend system.
 * @alpha
 */
export const meshApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: meshApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MeshClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The mesh overview card, shown on entities that pass `isMeshAvailable`.
 * @alpha
 */
export const meshEntityCard = EntityCardBlueprint.make({
  name: 'overview',
  params: {
    filter: isMeshAvailable,
    loader: () =>
      import('../components/EntityMeshCard').then(m => <m.EntityMeshCard />),
  },
});

/**
 * The Mesh tab, at `mesh` under the entity page.
 * @alpha
 */
export const meshEntityContent = EntityContentBlueprint.make({
  name: 'mesh',
  params: {
    path: 'mesh',
    title: 'Mesh',
    routeRef: convertLegacyRouteRef(meshEntityContentRouteRef),
    filter: isMeshAvailable,
    loader: () =>
      import('../components/EntityMeshContent').then(m => (
        <m.EntityMeshContent />
      )),
  },
});
