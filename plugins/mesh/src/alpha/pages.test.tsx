import '@testing-library/jest-dom';
import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { meshApiRef } from '../api';
import { createFakeAuditApi } from '../components/MeshAuditPage/__fixtures__/fakeAuditApi';
import { graphResponse } from '../components/MeshExplorerPage/__fixtures__/graphFixtures';
import { meshAuditPage, meshExplorerPage } from './pages';
import { meshPlugin } from './plugin';

describe('mesh pages for the new frontend system', () => {
  it('declares both pages under the plugin id mesh', () => {
    expect(meshPlugin.getExtension('page:mesh/audit')).toBeDefined();
    expect(meshPlugin.getExtension('page:mesh/explorer')).toBeDefined();
  });

  it('lists both pages in the sidebar: a title and an icon each', () => {
    const audit = createExtensionTester(meshAuditPage);
    expect(audit.get(coreExtensionData.title)).toBe('Mesh audit');
    expect(audit.get(coreExtensionData.icon)).toBeTruthy();
    const explorer = createExtensionTester(meshExplorerPage);
    expect(explorer.get(coreExtensionData.title)).toBe('Mesh explorer');
    expect(explorer.get(coreExtensionData.icon)).toBeTruthy();
  });

  it('mounts the audit page at /mesh/audit', async () => {
    const tester = createExtensionTester(meshAuditPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/mesh/audit');
    await renderInTestApp(tester.reactElement(), {
      apis: [[meshApiRef, createFakeAuditApi()]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(
      await screen.findByRole('table', { name: 'Workloads' }),
    ).toBeInTheDocument();
  });

  it('mounts the explorer page at /mesh/explorer', async () => {
    const tester = createExtensionTester(meshExplorerPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/mesh/explorer');
    const api = {
      getMeshGraph: jest.fn(async () => graphResponse()),
      getClusters: jest.fn(async () => ({ clusters: [], findings: [] })),
    };
    await renderInTestApp(tester.reactElement(), {
      apis: [[meshApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(await screen.findByTestId('mesh-graph')).toBeInTheDocument();
  });
});
