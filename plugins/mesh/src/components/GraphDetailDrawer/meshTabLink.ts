import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { useOptionalRouteRef } from '../shared/useOptionalRouteRef';

/**
 * Path of the Mesh tab under an entity page. The app mounts
 * `EntityMeshContent` at this path (`<EntityLayout.Route path="/mesh">`).
 * @public
 */
export const MESH_TAB_PATH = 'mesh';

/**
 * A function giving the Mesh tab of an entity, or undefined when the
 * catalog's entity route is not mounted.
 */
export function useMeshTabLink(): ((entityRef: string) => string) | undefined {
  const entityRoute = useOptionalRouteRef(entityRouteRef);
  if (!entityRoute) return undefined;
  return (entityRef: string) =>
    `${entityRoute(entityRouteParams(entityRef)).replace(
      /\/$/,
      '',
    )}/${MESH_TAB_PATH}`;
}
