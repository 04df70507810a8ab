import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import VerifiedUserIcon from '@material-ui/icons/VerifiedUser';
import DeviceHubIcon from '@material-ui/icons/DeviceHub';
import { meshAuditRouteRef, meshExplorerRouteRef } from '../routes';

/**
 * The mesh-wide mTLS audit page, at `/mesh/audit`. Its title and icon make
 * the app list it in the sidebar (the new frontend system discovers nav
 * items from pages; `NavItemBlueprint` is gone).
 * @alpha
 */
export const meshAuditPage = PageBlueprint.make({
  name: 'audit',
  params: {
    path: '/mesh/audit',
    title: 'Mesh audit',
    icon: <VerifiedUserIcon fontSize="inherit" />,
    routeRef: convertLegacyRouteRef(meshAuditRouteRef),
    // The page draws its own header.
    noHeader: true,
    loader: () =>
      import('../components/MeshAuditPage').then(m => <m.MeshAuditPage />),
  },
});

/**
 * The mesh explorer page, at `/mesh/explorer`, listed in the sidebar too.
 * @alpha
 */
export const meshExplorerPage = PageBlueprint.make({
  name: 'explorer',
  params: {
    path: '/mesh/explorer',
    title: 'Mesh explorer',
    icon: <DeviceHubIcon fontSize="inherit" />,
    routeRef: convertLegacyRouteRef(meshExplorerRouteRef),
    noHeader: true,
    loader: () =>
      import('../components/MeshExplorerPage').then(m => (
        <m.MeshExplorerPage />
      )),
  },
});
