/**
 * A standalone page with the card or the tab on fixture data, for looking
 * at the components in a real browser (layout, themes) without a backend.
 * `dev/screenshot.sh` bundles it and takes screenshots with headless
 * Chromium. Query: `?what=card|content&theme=light|dark`.
 */
import { createRoot } from 'react-dom/client';
import { TestApiProvider, wrapInTestApp } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { UnifiedThemeProvider, themes } from '@backstage/theme';
import CssBaseline from '@material-ui/core/CssBaseline';
import { meshApiRef } from '../src/api';
import { EntityMeshCard } from '../src/components/EntityMeshCard';
import { EntityMeshContent } from '../src/components/EntityMeshContent';
import { createMockMeshApi, webFrontendEntity } from '../src/__fixtures__';

const query = new URLSearchParams(window.location.search);
const dark = query.get('theme') === 'dark';
const card = query.get('what') === 'card';

const page = (
  <UnifiedThemeProvider theme={dark ? themes.dark : themes.light}>
    <CssBaseline />
    <TestApiProvider apis={[[meshApiRef, createMockMeshApi()]]}>
      <EntityProvider entity={webFrontendEntity}>
        {card ? (
          <EntityMeshCard refreshIntervalMs={0} variant="fullHeight" />
        ) : (
          <EntityMeshContent refreshIntervalMs={0} />
        )}
      </EntityProvider>
    </TestApiProvider>
  </UnifiedThemeProvider>
);

createRoot(document.getElementById('root')!).render(
  wrapInTestApp(page, {
    routeEntries: ['/catalog/default/component/web-frontend'],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  }),
);
