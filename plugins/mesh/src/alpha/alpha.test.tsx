import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { meshApiRef } from '../api';
import {
  createMockMeshApi,
  PLATFORM_WEB_ID,
  unannotatedEntity,
  webFrontendEntity,
} from '../__fixtures__';
import { meshEntityCard, meshEntityContent } from './extensions';
import { meshPlugin } from './plugin';

describe('mesh plugin for the new frontend system', () => {
  it('declares the api, the card and the tab under the plugin id mesh', () => {
    expect(meshPlugin.pluginId).toBe('mesh');
    expect(meshPlugin.getExtension('api:mesh')).toBeDefined();
    expect(meshPlugin.getExtension('entity-card:mesh/overview')).toBeDefined();
    expect(meshPlugin.getExtension('entity-content:mesh/mesh')).toBeDefined();
  });

  it('mounts the Mesh tab at mesh, only for annotated entities', async () => {
    const tester = createExtensionTester(meshEntityContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('mesh');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Mesh');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(filter?.(webFrontendEntity)).toBe(true);
    expect(filter?.(unannotatedEntity)).toBe(false);

    await renderInTestApp(
      <EntityProvider entity={webFrontendEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[meshApiRef, createMockMeshApi()]] },
    );
    expect(
      await screen.findByTestId(`mesh-placement-${PLATFORM_WEB_ID}`),
    ).toBeInTheDocument();
  });

  it('mounts the overview card, only for annotated entities', async () => {
    const tester = createExtensionTester(meshEntityCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    expect(filter?.(webFrontendEntity)).toBe(true);
    expect(filter?.(unannotatedEntity)).toBe(false);

    await renderInTestApp(
      <EntityProvider entity={webFrontendEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[meshApiRef, createMockMeshApi()]] },
    );
    expect(await screen.findByText('Service mesh')).toBeInTheDocument();
    expect(
      await screen.findByTestId(`mesh-card-workload-${PLATFORM_WEB_ID}`),
    ).toBeInTheDocument();
  });
});
