import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRefs } from '@backstage/core-compat-api';
import {
  meshAuditRouteRef,
  meshEntityContentRouteRef,
  meshExplorerRouteRef,
} from '../routes';
import { meshApi, meshEntityCard, meshEntityContent } from './extensions';
import { meshAuditPage, meshExplorerPage } from './pages';

/**
 * The mesh plugin for the new frontend system: the mesh API, the overview
 * card and the Mesh tab.
 * @alpha
 */
export const meshPlugin = createFrontendPlugin({
  pluginId: 'mesh',
  title: 'Mesh',
  routes: convertLegacyRouteRefs({
    entityContent: meshEntityContentRouteRef,
    audit: meshAuditRouteRef,
    explorer: meshExplorerRouteRef,
  }),
  extensions: [
    meshApi,
    meshEntityCard,
    meshEntityContent,
    meshAuditPage,
    meshExplorerPage,
  ],
});
