import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation, useNavigate } from 'react-router-dom';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { meshApiRef, MeshApi } from '../../api';
import {
  COMPUTE_WEB_ID,
  createMockMeshApi,
  healthyClusters,
  PLATFORM_WEB_ID,
  unannotatedEntity,
  webFrontendEntity,
  webFrontendGraph,
  webFrontendMesh,
} from '../../__fixtures__';
import { EntityMeshContent } from './EntityMeshContent';

const LocationProbe = () => {
  const location = useLocation();
  const navigate = useNavigate();
  return (
    <>
      <div data-testid="location">{location.search}</div>
      <button onClick={() => navigate(-1)}>Browser back</button>
    </>
  );
};

async function renderContent(
  api: MeshApi,
  entity: Entity = webFrontendEntity,
  url = '/catalog/default/component/web-frontend/mesh',
) {
  return renderInTestApp(
    <TestApiProvider apis={[[meshApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityMeshContent refreshIntervalMs={0} />
        <LocationProbe />
      </EntityProvider>
    </TestApiProvider>,
    {
      routeEntries: [url],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('EntityMeshContent', () => {
  it('shows the placement in both clusters with mTLS per port', async () => {
    await renderContent(createMockMeshApi());
    const platform = await screen.findByTestId(
      `mesh-placement-${PLATFORM_WEB_ID}`,
    );
    expect(platform).toHaveTextContent('platform');
    expect(platform).toHaveTextContent('Deployment');
    expect(platform).toHaveTextContent('3/3');
    expect(platform).toHaveTextContent('v1, v2');
    expect(platform).toHaveTextContent('Sidecar');
    expect(
      within(platform).getByTestId(`mesh-port-${PLATFORM_WEB_ID}-8080`),
    ).toHaveTextContent('8080 (http)STRICT');
    expect(
      within(platform).getByTestId(`mesh-port-${PLATFORM_WEB_ID}-9090`),
    ).toHaveTextContent('9090 (http-metrics)PERMISSIVE');

    const compute = screen.getByTestId(`mesh-placement-${COMPUTE_WEB_ID}`);
    expect(compute).toHaveTextContent('Ambient');
    expect(compute).toHaveTextContent('1/2 (not all ready)');
  });

  it('E4: the why popover names the deciding policy, its scope and the ignored one', async () => {
    await renderContent(createMockMeshApi());
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Why PERMISSIVE on port 9090?',
      }),
    );
    const popover = await screen.findByRole('presentation');
    expect(popover).toHaveTextContent(
      'Decided by: PeerAuthentication web/web-frontend-metrics (cluster platform)',
    );
    expect(popover).toHaveTextContent(
      'Scope: port-level setting of a workload policy',
    );
    expect(popover).toHaveTextContent(
      'PeerAuthentication web/web-frontend-legacy (cluster platform)',
    );
  });

  it('E6: the why popover explains ambient transport', async () => {
    await renderContent(createMockMeshApi());
    const compute = await screen.findByTestId(
      `mesh-placement-${COMPUTE_WEB_ID}`,
    );
    await userEvent.click(
      within(compute).getByRole('button', { name: 'Why STRICT on port 8080?' }),
    );
    const popover = await screen.findByRole('presentation');
    expect(popover).toHaveTextContent('Scope: mesh-wide (root namespace)');
    expect(popover).toHaveTextContent(/always mTLS/);
  });

  it('lists findings with objects and fix, most severe first', async () => {
    await renderContent(createMockMeshApi());
    const table = await screen.findByRole('table', { name: 'Findings' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('Error');
    expect(rows[0]).toHaveTextContent('MESH-DR-DISABLES-STRICT');
    expect(rows[0]).toHaveTextContent(
      'DestinationRule web/web-frontend-no-tls (cluster platform)',
    );
    expect(rows[0]).toHaveTextContent('set its mode to ISTIO_MUTUAL');
    expect(rows[1]).toHaveTextContent('Warning');
  });

  it('shows the link-outs that are configured', async () => {
    await renderContent(createMockMeshApi());
    const platform = await screen.findByTestId(
      `mesh-placement-${PLATFORM_WEB_ID}`,
    );
    expect(
      within(platform).getByRole('link', { name: /Grafana/ }),
    ).toHaveAttribute('href', expect.stringContaining('grafana'));
    expect(
      within(platform).getByRole('link', { name: /Kiali/ }),
    ).toBeInTheDocument();
    const compute = screen.getByTestId(`mesh-placement-${COMPUTE_WEB_ID}`);
    expect(compute).toHaveTextContent('none configured');
  });

  it('draws the traffic graph and switches to the edge table', async () => {
    await renderContent(createMockMeshApi());
    expect(
      await screen.findByText('3.2 req/s · 8% errors · p95 230 ms'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Table' }));
    const table = await screen.findByRole('table', { name: 'Traffic edges' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(webFrontendGraph.edges.length);
    // Busiest first: public-api → web-frontend at 25 req/s.
    expect(rows[0]).toHaveTextContent('Public API');
    const grpc = rows.find(row =>
      row.textContent?.includes('GRPC (cross-cluster)'),
    );
    expect(grpc).toHaveTextContent('Spark Job Runner');
    expect(grpc).toHaveTextContent('230 ms');
    expect(
      within(grpc!).getByRole('link', { name: 'Spark Job Runner' }),
    ).toHaveAttribute('href', '/catalog/default/component/spark-job-runner');
  });

  it('asks the backend again when depth, window or view change', async () => {
    const getEntityGraph = jest.fn(async () => webFrontendGraph);
    await renderContent(createMockMeshApi({ getEntityGraph }));
    await screen.findByText('3.2 req/s · 8% errors · p95 230 ms');
    expect(getEntityGraph).toHaveBeenLastCalledWith(
      { kind: 'Component', namespace: 'default', name: 'web-frontend' },
      { depth: 1, window: '5m', view: 'workload' },
    );

    await userEvent.click(screen.getByLabelText('Depth'));
    await userEvent.click(
      await screen.findByRole('option', { name: '3 hops' }),
    );
    await userEvent.click(screen.getByLabelText('Window'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Last 1h' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Services' }));

    await waitFor(() =>
      expect(getEntityGraph).toHaveBeenLastCalledWith(expect.anything(), {
        depth: 3,
        window: '1h',
        view: 'service',
      }),
    );
  });

  it('compares declared and observed dependencies', async () => {
    await renderContent(createMockMeshApi());
    const undeclared = await screen.findByRole('list', {
      name: 'Observed, not declared',
    });
    // The page's own entity is left out; the other end is a link.
    expect(undeclared).toHaveTextContent(/^→ spark-job-runner$/);
    expect(
      within(undeclared).getByRole('link', { name: /spark-job-runner/ }),
    ).toHaveAttribute('href', '/catalog/default/component/spark-job-runner');
    expect(
      screen.getByRole('list', { name: 'Declared, not observed' }),
    ).toHaveTextContent('→ metrics-service (dependsOn)');
    expect(
      screen.getByRole('list', { name: 'Declared and observed' }),
    ).toHaveTextContent('auth-service');
  });

  it('shows the error, not a skeleton, in the dependencies card when the graph fails', async () => {
    await renderContent(
      createMockMeshApi({
        getEntityGraph: async () => {
          throw new Error('graph query failed');
        },
      }),
    );
    expect(
      await screen.findAllByText('Error: graph query failed'),
    ).toHaveLength(2);
    expect(
      screen.queryByTestId('mesh-dependencies-loading'),
    ).not.toBeInTheDocument();
  });

  it('does not call declared relations unobserved when telemetry failed', async () => {
    await renderContent(
      createMockMeshApi({
        getEntityGraph: async () => ({
          ...webFrontendGraph,
          nodes: [],
          edges: [],
          sources: [
            { name: 'platform', ok: false, error: 'Prometheus answered 503' },
            { name: 'compute', ok: false, error: 'connection refused' },
          ],
        }),
      }),
    );
    expect(
      await screen.findByText(/Cannot compare: telemetry unavailable$/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /platform: Prometheus answered 503; compute: connection refused/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('list', { name: 'Declared, not observed' }),
    ).not.toBeInTheDocument();
    const declared = screen.getByRole('list', {
      name: 'Declared in the catalog',
    });
    expect(declared).toHaveTextContent('metrics-service (dependsOn)');
    expect(declared).toHaveTextContent('auth-service');
  });

  it('warns that unobserved relations may be in use where telemetry failed', async () => {
    await renderContent(
      createMockMeshApi({
        getEntityGraph: async () => ({
          ...webFrontendGraph,
          sources: [
            { name: 'platform', ok: true },
            { name: 'compute', ok: false, error: 'connection refused' },
          ],
        }),
      }),
    );
    expect(
      await screen.findByText(
        /Telemetry from compute is unavailable, so some of these may be in use there/,
      ),
    ).toBeInTheDocument();
  });

  it("shows the traffic's age as the backend reports it, not from the browser's clock", async () => {
    await renderContent(
      createMockMeshApi({
        getEntityGraph: async () => ({
          ...webFrontendGraph,
          // Collected in the background 42 s before the answer; the fixture's
          // dataTime is long past by the browser's clock.
          ageSeconds: 42,
          collection: 'background' as const,
        }),
      }),
    );
    expect(
      await screen.findByText('Traffic over the last 5m: data read 42 s ago'),
    ).toBeInTheDocument();
  });

  it('drops the old graph and shows progress when the window changes', async () => {
    const getEntityGraph = jest.fn(
      async (_ref: unknown, query?: { window?: string }) =>
        query?.window === '1h'
          ? new Promise<never>(() => {})
          : webFrontendGraph,
    );
    await renderContent(createMockMeshApi({ getEntityGraph }));
    expect(await screen.findByTestId('mesh-traffic-shown')).toHaveTextContent(
      'Showing 1 hop · last 5m · workloads',
    );
    await userEvent.click(screen.getByLabelText('Window'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Last 1h' }),
    );
    expect(
      await screen.findByText('Loading 1 hop · last 1h · workloads…'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Loading traffic')).toBeInTheDocument();
    // The 5m graph is not shown under the 1h selector.
    expect(screen.queryByTestId('mesh-traffic-shown')).not.toBeInTheDocument();
    expect(
      screen.queryByText('12.5 req/s · 0.4% errors · p95 42 ms'),
    ).not.toBeInTheDocument();
  });

  it('shows the error for the new window instead of the old graph', async () => {
    const getEntityGraph = jest.fn(
      async (_ref: unknown, query?: { window?: string }) => {
        if (query?.window === '1h') {
          throw new Error('query timed out');
        }
        return webFrontendGraph;
      },
    );
    await renderContent(createMockMeshApi({ getEntityGraph }));
    await screen.findByTestId('mesh-traffic-shown');
    await userEvent.click(screen.getByLabelText('Window'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Last 1h' }),
    );
    expect(
      await screen.findAllByText('Error: query timed out'),
    ).not.toHaveLength(0);
    expect(screen.queryByTestId('mesh-traffic-shown')).not.toBeInTheDocument();
  });

  it('shows a progress bar while the graph refreshes', async () => {
    jest.useFakeTimers();
    try {
      let calls = 0;
      const getEntityGraph = jest.fn(() => {
        calls += 1;
        return calls === 1
          ? Promise.resolve(webFrontendGraph)
          : new Promise<never>(() => {});
      });
      await renderInTestApp(
        <TestApiProvider
          apis={[[meshApiRef, createMockMeshApi({ getEntityGraph })]]}
        >
          <EntityProvider entity={webFrontendEntity}>
            <EntityMeshContent refreshIntervalMs={30_000} />
          </EntityProvider>
        </TestApiProvider>,
        {
          mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
        },
      );
      expect(
        await screen.findByTestId('mesh-traffic-shown'),
      ).toBeInTheDocument();
      expect(
        screen.queryByLabelText('Loading traffic'),
      ).not.toBeInTheDocument();
      await act(async () => {
        jest.advanceTimersByTime(31_000);
      });
      expect(screen.getByLabelText('Loading traffic')).toBeInTheDocument();
      expect(screen.getByTestId('mesh-traffic-shown')).toHaveTextContent(
        '(refreshing)',
      );
    } finally {
      jest.useRealTimers();
    }
  });

  it('shows skeletons while loading', async () => {
    await renderContent(
      createMockMeshApi({ getEntityMesh: () => new Promise(() => {}) }),
    );
    expect(screen.getByTestId('mesh-content-loading')).toBeInTheDocument();
  });

  it('shows a skeleton for the graph while only the graph loads', async () => {
    await renderContent(
      createMockMeshApi({ getEntityGraph: () => new Promise(() => {}) }),
    );
    expect(
      await screen.findByTestId('mesh-traffic-loading'),
    ).toBeInTheDocument();
  });

  it('asks for the Kubernetes annotation when it is missing', async () => {
    const api = createMockMeshApi({
      getEntityMesh: jest.fn(),
      getEntityGraph: jest.fn(),
    });
    await renderContent(api, unannotatedEntity);
    expect(screen.getByText(/missing annotation/i)).toBeInTheDocument();
    expect(
      screen.getAllByText(/backstage.io\/kubernetes-id/).length,
    ).toBeGreaterThan(0);
    expect(api.getEntityMesh).not.toHaveBeenCalled();
    expect(api.getEntityGraph).not.toHaveBeenCalled();
  });

  it('explains what was looked for when no workload matched', async () => {
    await renderContent(
      createMockMeshApi({
        getEntityMesh: async () => ({
          ...webFrontendMesh,
          workloads: [],
          findings: [],
          links: {},
        }),
      }),
    );
    expect(await screen.findByText('No workloads found')).toBeInTheDocument();
    expect(
      screen.getByText(/backstage.io\/kubernetes-id=web-frontend/),
    ).toBeInTheDocument();
    expect(screen.getByText(/No misconfigurations found/)).toBeInTheDocument();
  });

  it('shows a failing cluster next to the other cluster data', async () => {
    await renderContent(
      createMockMeshApi({
        getEntityMesh: async () => ({
          ...webFrontendMesh,
          clusters: [
            healthyClusters[0],
            {
              ...healthyClusters[1],
              ok: false,
              stale: true,
              ageSeconds: 1200,
              error: 'connect ECONNREFUSED 127.0.0.1:16444',
            },
          ],
          workloads: webFrontendMesh.workloads.filter(
            workload => workload.cluster === 'platform',
          ),
        }),
      }),
    );
    expect(
      await screen.findByText(/Cluster compute: the last refresh failed/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/ECONNREFUSED 127.0.0.1:16444/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Showing the data read 20 min ago/),
    ).toBeInTheDocument();
    // The placement header flags the failed cluster's data as stale.
    expect(screen.getByText('compute: data read 20 min ago')).toContainElement(
      screen.getByText('Stale'),
    );
    expect(
      screen.getByTestId(`mesh-placement-${PLATFORM_WEB_ID}`),
    ).toBeInTheDocument();
  });

  it('flags a failed cluster as stale in the placement header', async () => {
    await renderContent(
      createMockMeshApi({
        getEntityMesh: async () => ({
          ...webFrontendMesh,
          clusters: [
            healthyClusters[0],
            { ...healthyClusters[1], ok: false, stale: false, ageSeconds: 27 },
          ],
        }),
      }),
    );
    expect(
      await screen.findByText(
        /Cluster compute: the last refresh failed, showing data from 27 s ago$/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('compute: data read 27 s ago')).toContainElement(
      screen.getByText('Stale'),
    );
  });

  it('keeps placement headers and short cells whole, scrolling sideways instead', async () => {
    await renderContent(createMockMeshApi());
    const table = await screen.findByRole('table', { name: 'Placement' });
    for (const header of within(table).getAllByRole('columnheader')) {
      expect(getComputedStyle(header).whiteSpace).toBe('nowrap');
    }
    const row = screen.getByTestId(`mesh-placement-${PLATFORM_WEB_ID}`);
    const [cluster, namespace] = within(row).getAllByRole('cell');
    expect(getComputedStyle(cluster).whiteSpace).toBe('nowrap');
    expect(getComputedStyle(namespace).whiteSpace).toBe('nowrap');
    expect(getComputedStyle(table.parentElement!).overflowX).toBe('auto');
    // Kind is a caption under the workload, not a column of its own.
    expect(
      within(table).queryByRole('columnheader', { name: 'Kind' }),
    ).not.toBeInTheDocument();
  });

  it('flags stale data', async () => {
    await renderContent(
      createMockMeshApi({
        getEntityMesh: async () => ({
          ...webFrontendMesh,
          clusters: [
            { ...healthyClusters[0], stale: true, ageSeconds: 600 },
            healthyClusters[1],
          ],
        }),
      }),
    );
    expect(
      await screen.findByText(/Cluster platform: the data is stale/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('platform: data read 10 min ago'),
    ).toBeInTheDocument();
    expect(screen.getByText('Stale')).toBeInTheDocument();
  });

  it('says why telemetry is unavailable and keeps the rest', async () => {
    await renderContent(
      createMockMeshApi({
        getEntityGraph: async () => ({
          ...webFrontendGraph,
          nodes: [],
          edges: [],
          dependencies: undefined,
          sources: [
            {
              name: 'platform',
              ok: false,
              error: 'Prometheus at 127.0.0.1:19090 did not answer within 10 s',
            },
            {
              name: 'compute',
              ok: false,
              error: 'Prometheus answered 503',
            },
          ],
        }),
      }),
    );
    expect(
      await screen.findByText(/Telemetry unavailable from platform/),
    ).toBeInTheDocument();
    expect(screen.getByText(/did not answer within 10 s/)).toBeInTheDocument();
    expect(
      screen.getByText(/Telemetry unavailable from compute/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/No traffic observed/)).not.toBeInTheDocument();
    expect(
      screen.getByTestId(`mesh-placement-${PLATFORM_WEB_ID}`),
    ).toBeInTheDocument();
  });

  it('says when no telemetry source is configured', async () => {
    await renderContent(
      createMockMeshApi({
        getEntityGraph: async () => ({
          ...webFrontendGraph,
          nodes: [],
          edges: [],
          sources: [],
        }),
      }),
    );
    expect(
      await screen.findByText(
        /Telemetry unavailable: no Prometheus source is configured/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Cannot compare: telemetry unavailable$/),
    ).toBeInTheDocument();
  });

  it('says when no traffic was observed', async () => {
    await renderContent(
      createMockMeshApi({
        getEntityGraph: async () => ({
          ...webFrontendGraph,
          nodes: [],
          edges: [],
        }),
      }),
    );
    expect(
      await screen.findByText(
        'No traffic observed to or from this entity in the last 5m.',
      ),
    ).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    await renderContent(
      createMockMeshApi({
        getEntityMesh: async () => {
          throw new Error('mesh backend unreachable');
        },
      }),
    );
    expect(
      await screen.findByText('Error: mesh backend unreachable'),
    ).toBeInTheDocument();
  });

  it('keeps depth, window and view in the URL, one history entry per change, and Back restores them', async () => {
    const getEntityGraph = jest.fn(async () => webFrontendGraph);
    await renderContent(
      createMockMeshApi({ getEntityGraph }),
      webFrontendEntity,
      '/catalog/default/component/web-frontend/mesh?depth=2&view=service',
    );
    await waitFor(
      () =>
        expect(getEntityGraph).toHaveBeenLastCalledWith(expect.anything(), {
          depth: 2,
          window: '5m',
          view: 'service',
        }),
      { timeout: 10_000 },
    );
    await screen.findByTestId('mesh-traffic-shown', {}, { timeout: 10_000 });
    await userEvent.click(screen.getByLabelText('Window'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Last 1h' }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(
        '?depth=2&window=1h&view=service',
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Table' }));
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent('display=table'),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Browser back' }));
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(
        /^\?depth=2&window=1h&view=service$/,
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Browser back' }));
    await waitFor(() =>
      expect(getEntityGraph).toHaveBeenLastCalledWith(expect.anything(), {
        depth: 2,
        window: '5m',
        view: 'service',
      }),
    );
    expect(screen.getByTestId('location')).toHaveTextContent(
      /^\?depth=2&view=service$/,
    );
  });

  it("opens an edge's detail from its label in the graph, without leaving the page", async () => {
    const getEdgeDetail = jest.fn(createMockMeshApi().getEdgeDetail);
    await renderContent(createMockMeshApi({ getEdgeDetail }));
    const label = await screen.findByRole(
      'button',
      {
        name: 'Traffic details, Web Frontend (platform) to Spark Job Runner (compute), GRPC',
      },
      { timeout: 10_000 },
    );
    label.focus();
    await userEvent.keyboard('{Enter}');
    const drawer = await screen.findByRole('dialog', {}, { timeout: 10_000 });
    expect(
      await within(drawer).findByText(/Upstream connection closed/, undefined, {
        timeout: 10_000,
      }),
    ).toBeInTheDocument();
    expect(getEdgeDetail).toHaveBeenCalledWith({
      source: PLATFORM_WEB_ID,
      destination: 'compute/spark/Deployment/spark-job-runner',
      window: '5m',
    });
    expect(screen.getByTestId('location')).toHaveTextContent('edgeSource=');
  });

  it('opens an edge from the table view too', async () => {
    await renderContent(
      createMockMeshApi(),
      webFrontendEntity,
      '/catalog/default/component/web-frontend/mesh?display=table',
    );
    const table = await screen.findByRole(
      'table',
      { name: 'Traffic edges' },
      { timeout: 10_000 },
    );
    await userEvent.click(
      within(table).getAllByRole('button', { name: 'Details' })[0],
    );
    const drawer = await screen.findByRole('dialog', {}, { timeout: 10_000 });
    expect(within(drawer).getByRole('heading', { level: 2 })).toHaveTextContent(
      'Public API → Web Frontend',
    );
  });

  it('M4: tells a native sidecar from a classic one in the placement', async () => {
    await renderContent(
      createMockMeshApi({
        getEntityMesh: async () => ({
          ...webFrontendMesh,
          workloads: webFrontendMesh.workloads.map(w =>
            w.id === PLATFORM_WEB_ID
              ? { ...w, membership: { ...w.membership, nativeSidecar: true } }
              : w,
          ),
        }),
      }),
    );
    const platform = await screen.findByTestId(
      `mesh-placement-${PLATFORM_WEB_ID}`,
      {},
      { timeout: 10_000 },
    );
    expect(platform).toHaveTextContent('native sidecar');
    // Ambient: no sidecar kind to tell.
    expect(
      screen.getByTestId(`mesh-placement-${COMPUTE_WEB_ID}`),
    ).not.toHaveTextContent('sidecar');
  });
});
