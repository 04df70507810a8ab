/**
 * `yarn start` in this package: the mesh card, the Mesh tab and the audit
 * and explorer pages in a Backstage dev app, on fixture data (no backend
 * needed). Open http://localhost:3000 and pick a page in the sidebar.
 */
import Grid from '@material-ui/core/Grid';
import { createDevApp, EntityGridItem } from '@backstage/dev-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  EntityMeshCard,
  EntityMeshContent,
  MeshAuditPage,
  MeshExplorerPage,
  meshApiRef,
  meshPlugin,
} from '../src';
import { webFrontendEntity } from '../src/__fixtures__';
import { createDevMeshApi } from './devMeshApi';

createDevApp()
  .registerPlugin(meshPlugin)
  .registerApi({
    api: meshApiRef,
    deps: {},
    factory: () => createDevMeshApi(),
  })
  .addPage({
    title: 'Mesh card',
    path: '/mesh-card',
    element: (
      <Grid container spacing={3}>
        <EntityGridItem entity={webFrontendEntity} md={6} xs={12}>
          <EntityMeshCard refreshIntervalMs={0} />
        </EntityGridItem>
      </Grid>
    ),
  })
  .addPage({
    title: 'Mesh tab',
    path: '/mesh-tab',
    element: (
      <EntityProvider entity={webFrontendEntity}>
        <EntityMeshContent refreshIntervalMs={0} />
      </EntityProvider>
    ),
  })
  .addPage({
    title: 'Mesh audit',
    path: '/mesh/audit',
    element: <MeshAuditPage />,
  })
  .addPage({
    title: 'Mesh explorer',
    path: '/mesh/explorer',
    element: <MeshExplorerPage />,
  })
  .render();
