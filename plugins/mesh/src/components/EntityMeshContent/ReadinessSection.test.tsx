import { screen, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { meshApiRef, MeshApi } from '../../api';
import {
  COMPUTE_WEB_ID,
  createMockMeshApi,
  PLATFORM_WEB_ID,
  webFrontendEntity,
  webFrontendReadiness,
} from '../../__fixtures__';
import { EntityMeshContent } from './EntityMeshContent';

const FIRST_RENDER = { timeout: 15_000 };

async function renderContent(api: MeshApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[meshApiRef, api]]}>
      <EntityProvider entity={webFrontendEntity}>
        <EntityMeshContent refreshIntervalMs={0} />
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('STRICT readiness on the Mesh tab', () => {
  it('shows a blocked workload with each plaintext caller, why and what to do', async () => {
    await renderContent(createMockMeshApi());
    const blocked = await screen.findByTestId(
      `mesh-readiness-${PLATFORM_WEB_ID}`,
      {},
      FIRST_RENDER,
    );
    expect(blocked).toHaveTextContent('Blocked by 2 callers');
    const callers = within(blocked).getByTestId(
      `mesh-readiness-blockers-${PLATFORM_WEB_ID}`,
    );
    expect(callers).toHaveTextContent('platform/legacy/report-generator');
    expect(callers).toHaveTextContent('Out of the mesh');
    expect(callers).toHaveTextContent(
      'Inject a sidecar into legacy/report-generator',
    );
    expect(callers).toHaveTextContent('1,200');
    expect(callers).toHaveTextContent('2026-12-06 10:00');
    // Callers the reader may not see are one anonymous row.
    expect(callers).toHaveTextContent('hidden callers');
    expect(within(blocked).queryByText(/kubectl/)).not.toBeInTheDocument();
  }, 30_000);

  it('E4: a ready workload shows its scraper port exception, the YAML and the kubectl line', async () => {
    await renderContent(createMockMeshApi());
    const ready = await screen.findByTestId(
      `mesh-readiness-${COMPUTE_WEB_ID}`,
      {},
      FIRST_RENDER,
    );
    expect(ready).toHaveTextContent('Ready for STRICT');
    expect(ready).toHaveTextContent(
      'Metrics scrapers on port 9090 keep a PERMISSIVE port exception',
    );
    const proposal = within(ready).getByTestId(
      `mesh-readiness-proposal-${COMPUTE_WEB_ID}`,
    );
    expect(proposal).toHaveTextContent('kind: PeerAuthentication');
    expect(proposal).toHaveTextContent('portLevelMtls');
    expect(proposal).toHaveTextContent(
      'kubectl --context compute apply -f strict-web-web-frontend.yaml',
    );
    // Both the YAML and the command have a copy button.
    expect(within(proposal).getAllByLabelText('Copy text')).toHaveLength(2);
  }, 30_000);

  it('shows the namespace verdicts and the namespace proposal only where one is given', async () => {
    await renderContent(createMockMeshApi());
    const ns = await screen.findByTestId(
      'mesh-readiness-namespace-compute/web',
      {},
      FIRST_RENDER,
    );
    expect(ns).toHaveTextContent('1 ready, 1 already STRICT');
    expect(ns).toHaveTextContent('strict-web.yaml');
    const blocked = screen.getByTestId('mesh-readiness-namespace-platform/web');
    expect(blocked).toHaveTextContent('Blocked');
    expect(blocked).not.toHaveTextContent('kubectl');
  }, 30_000);

  it('unknown, never ready, when no traffic was observed', async () => {
    const silent = {
      ...webFrontendReadiness,
      workloads: [
        {
          ...webFrontendReadiness.workloads[1],
          state: 'unknown' as const,
          scrapers: [],
          portExceptions: [],
          observedRequests: 0,
          proposal: undefined,
        },
      ],
      namespaces: [],
    };
    await renderContent(
      createMockMeshApi({ getEntityReadiness: async () => silent }),
    );
    const row = await screen.findByTestId(
      `mesh-readiness-${COMPUTE_WEB_ID}`,
      {},
      FIRST_RENDER,
    );
    expect(row).toHaveTextContent('Unknown: no traffic');
    expect(row).not.toHaveTextContent('kubectl');
  }, 30_000);
});
