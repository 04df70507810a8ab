import '@testing-library/jest-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation, useNavigate } from 'react-router-dom';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  ClustersResponse,
  GraphNode,
  GraphResponse,
  MeshGraphQuery,
} from '@mesh-portal/plugin-mesh-common';
import { meshApiRef } from '../../api/MeshApi';
import { MeshExplorerPage } from './MeshExplorerPage';
import { generateMeshGraph } from './__fixtures__/generateMeshGraph';
import { graphResponse } from './__fixtures__/graphFixtures';
import { webFrontendMesh } from '../../__fixtures__';

const LocationProbe = () => {
  const location = useLocation();
  const navigate = useNavigate();
  return (
    <>
      <div data-testid="location">
        {location.pathname}
        {location.search}
      </div>
      <button onClick={() => navigate(-1)}>Browser back</button>
    </>
  );
};

function fakeApi(response: GraphResponse | Error = graphResponse()) {
  return {
    getClusters: jest.fn(
      async (): Promise<ClustersResponse> => ({
        clusters: [
          { name: 'platform', ok: true, stale: false },
          { name: 'compute', ok: true, stale: false },
        ],
        findings: [],
      }),
    ),
    getMeshGraph: jest.fn(async (_query?: MeshGraphQuery) => {
      if (response instanceof Error) throw response;
      return response;
    }),
    getEntityMesh: jest.fn(async () => webFrontendMesh),
  };
}

async function renderExplorer(
  api: ReturnType<typeof fakeApi>,
  url = '/mesh/explorer',
) {
  await renderInTestApp(
    <TestApiProvider apis={[[meshApiRef, api]]}>
      <MeshExplorerPage />
      <LocationProbe />
    </TestApiProvider>,
    {
      routeEntries: [url],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

const node = (name: string) =>
  document.querySelector(`[data-node-id="entity:component:default/${name}"]`)!;
const edges = () => screen.queryAllByTestId('mesh-edge');

describe('MeshExplorerPage', () => {
  it('draws every node and edge, in cluster regions boxed by namespace', async () => {
    const api = fakeApi();
    await renderExplorer(api);
    await screen.findByTestId('mesh-graph');
    expect(api.getMeshGraph).toHaveBeenCalledWith({ view: 'service' });
    expect(screen.getAllByTestId('mesh-node')).toHaveLength(14);
    expect(edges()).toHaveLength(12);
    const groups = screen.getAllByTestId('mesh-group').map(g => g.textContent);
    expect(groups).toContain('pipelines (2)');
    expect(groups).toContain('spark (4)');
    expect(groups.at(-1)).toBe('Outside the mesh (unknown and external) (2)');
    const regions = screen
      .getAllByTestId('mesh-region')
      .map(r => r.textContent);
    expect(regions).toEqual([
      'Cluster compute (5)',
      'Cluster platform (7)',
      'Outside the clusters (2)',
    ]);
    expect(screen.getByRole('region', { name: 'Legend' })).toHaveTextContent(
      'gRPC',
    );
  });

  it('groups by owner when asked', async () => {
    await renderExplorer(fakeApi(), '/mesh/explorer?group=owner');
    await screen.findByTestId('mesh-graph');
    const groups = screen.getAllByTestId('mesh-group').map(g => g.textContent);
    // Titles, not refs; data-team runs in both clusters: one box in each.
    expect(groups.filter(g => g?.startsWith('data-team ('))).toEqual([
      'data-team (5)',
      'data-team (2)',
    ]);
    expect(groups).toContain('web-team (2)');
    expect(groups.some(g => g?.includes('group:'))).toBe(false);
  });

  it('focuses the neighbourhood of a service found by search', async () => {
    await renderExplorer(fakeApi());
    await screen.findByTestId('mesh-graph');
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Find a service' }),
      'pipeline sch',
    );
    await userEvent.click(
      await screen.findByRole('option', { name: /Pipeline Scheduler/ }),
    );

    await waitFor(() =>
      expect(node('pipeline-scheduler')).toHaveAttribute(
        'data-focused',
        'true',
      ),
    );
    for (const neighbour of [
      'public-api',
      'pipeline-ui',
      'spark-job-runner',
      'metrics-collector',
    ]) {
      expect(node(neighbour)).toHaveAttribute('data-dimmed', 'false');
    }
    expect(node('auth-db')).toHaveAttribute('data-dimmed', 'true');
    expect(node('web-frontend')).toHaveAttribute('data-dimmed', 'true');
    expect(
      screen.getByText('Focused on Pipeline Scheduler'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(
      'focus=entity%3Acomponent%3Adefault%2Fpipeline-scheduler',
    );
  });

  it('hides all edges but those with errors', async () => {
    await renderExplorer(fakeApi());
    await screen.findByTestId('mesh-graph');
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Only errors' }),
    );
    await waitFor(() => expect(edges()).toHaveLength(2));
    edges().forEach(edge =>
      expect(edge).toHaveAttribute('data-errors', 'true'),
    );
    // Nodes without a remaining edge stay in place, dimmed.
    expect(node('auth-db')).toHaveAttribute('data-dimmed', 'true');
    expect(node('shuffle-service')).toHaveAttribute('data-dimmed', 'false');
  });

  it('hides mTLS edges with "Only non-mTLS edges"', async () => {
    await renderExplorer(fakeApi());
    await screen.findByTestId('mesh-graph');
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Only non-mTLS edges' }),
    );
    await waitFor(() => expect(edges()).toHaveLength(6));
    edges().forEach(edge =>
      expect(edge).toHaveAttribute('data-security', 'plaintext'),
    );
  });

  it('keeps only the chosen protocols', async () => {
    await renderExplorer(fakeApi(), '/mesh/explorer?protocol=tcp');
    await screen.findByTestId('mesh-graph');
    expect(edges()).toHaveLength(3);
    edges().forEach(edge =>
      expect(edge).toHaveAttribute('data-protocol', 'tcp'),
    );
  });

  it('asks the backend for the cluster, owner and view chosen', async () => {
    const api = fakeApi();
    await renderExplorer(
      api,
      '/mesh/explorer?cluster=compute&owner=group%3Adefault%2Fdata-team',
    );
    await screen.findByTestId('mesh-graph');
    expect(api.getMeshGraph).toHaveBeenLastCalledWith({
      view: 'service',
      cluster: ['compute'],
      owner: ['group:default/data-team'],
    });
    await userEvent.click(screen.getByRole('button', { name: 'Workloads' }));
    await waitFor(() =>
      expect(api.getMeshGraph).toHaveBeenLastCalledWith(
        expect.objectContaining({ view: 'workload' }),
      ),
    );
  });

  it('shows idle workloads on request, hollow and named so; the toggle is in the URL with a history entry (issue 18)', async () => {
    const base = graphResponse();
    const idleNode: GraphNode = {
      id: 'entity:component:default/partner-webhooks',
      type: 'entity',
      name: 'Partner Webhooks',
      title: 'Partner Webhooks',
      entityRef: 'component:default/partner-webhooks',
      cluster: 'platform',
      namespace: 'partners',
      membership: 'sidecar',
      nativeSidecar: true,
      idle: true,
    };
    const api = fakeApi();
    api.getMeshGraph.mockImplementation(async (query?: MeshGraphQuery) =>
      query?.includeIdle ? { ...base, nodes: [...base.nodes, idleNode] } : base,
    );
    await renderExplorer(api);
    await screen.findByTestId('mesh-graph');
    expect(node('partner-webhooks')).toBeNull();
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Show idle workloads' }),
    );
    await waitFor(
      () =>
        expect(api.getMeshGraph).toHaveBeenLastCalledWith({
          view: 'service',
          includeIdle: true,
        }),
      { timeout: 10_000 },
    );
    expect(screen.getByTestId('location')).toHaveTextContent('idle=true');
    const idle = await waitFor(() => {
      const found = node('partner-webhooks');
      expect(found).not.toBeNull();
      return found;
    });
    expect(idle).toHaveAttribute('data-idle', 'true');
    expect(idle.querySelector('[data-hollow]')).not.toBeNull();
    expect(idle).toHaveAccessibleName(
      'Partner Webhooks, native sidecar, no traffic in the window: show details',
    );
    // Nodes with traffic are drawn as before.
    expect(node('web-frontend')).not.toHaveAttribute('data-idle');
    expect(node('web-frontend').querySelector('[data-hollow]')).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Browser back' }));
    await waitFor(() => expect(node('partner-webhooks')).toBeNull(), {
      timeout: 10_000,
    });
    expect(
      screen.getByRole('checkbox', { name: 'Show idle workloads' }),
    ).not.toBeChecked();
  });

  it('M4: marks native sidecars with a badge and names the kind in the tooltip and the drawer', async () => {
    const base = graphResponse();
    const api = fakeApi({
      ...base,
      nodes: base.nodes.map(n => {
        if (n.entityRef === 'component:default/web-frontend') {
          return { ...n, nativeSidecar: true };
        }
        if (n.entityRef === 'component:default/public-api') {
          return { ...n, nativeSidecar: false };
        }
        return n;
      }),
    });
    await renderExplorer(api);
    await screen.findByTestId('mesh-graph');
    const native = node('web-frontend');
    const classic = node('public-api');
    expect(
      within(native as HTMLElement).getByTestId('sidecar-badge'),
    ).toBeTruthy();
    expect(classic.querySelector('[data-testid="sidecar-badge"]')).toBeNull();
    expect(native).toHaveAttribute('data-sidecar', 'native sidecar');
    expect(classic).toHaveAttribute('data-sidecar', 'classic sidecar');
    expect(native.querySelector('title')?.textContent).toContain(
      'native sidecar',
    );
    expect(classic.querySelector('title')?.textContent).toContain(
      'classic sidecar',
    );
    expect(
      within(screen.getByRole('region', { name: 'Legend' })).getByText(
        /Native sidecar/,
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Web Frontend, native sidecar: show details',
      }),
    );
    const drawer = await screen.findByRole('dialog', {}, { timeout: 10_000 });
    expect(within(drawer).getByTestId('mesh-node-kind')).toHaveTextContent(
      'native sidecar',
    );
  });

  it('opens a clicked node in the drawer, on this page, with a link to its Mesh tab', async () => {
    await renderExplorer(fakeApi());
    await screen.findByTestId('mesh-graph');
    await userEvent.click(
      screen.getByRole('button', { name: 'Web Frontend: show details' }),
    );
    const drawer = await screen.findByRole('dialog', {}, { timeout: 10_000 });
    expect(
      within(drawer).getByRole('heading', { name: 'Web Frontend' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(
      '/mesh/explorer?node=',
    );
    expect(
      within(drawer).getByRole('link', {
        name: 'Open the Mesh tab of Web Frontend',
      }),
    ).toHaveAttribute('href', '/catalog/default/component/web-frontend/mesh');
    // The entity's findings, read from the backend.
    expect(
      await within(drawer).findByText(/Findings \(\d+\)/, undefined, {
        timeout: 10_000,
      }),
    ).toBeInTheDocument();
  });

  it('Back closes the drawer and Back again restores the previous selection', async () => {
    await renderExplorer(fakeApi());
    await screen.findByTestId('mesh-graph');
    await userEvent.click(
      screen.getByRole('button', { name: 'unknown: show details' }),
    );
    await screen.findByRole('dialog', {}, { timeout: 10_000 });
    await userEvent.click(
      screen.getByRole('button', { name: 'Close details' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByTestId('location')).toHaveTextContent(
      /^\/mesh\/explorer$/,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Browser back' }));
    expect(
      await screen.findByRole('dialog', {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('node=unknown');
  });

  it('focuses the graph on a node from its details', async () => {
    await renderExplorer(fakeApi());
    await screen.findByTestId('mesh-graph');
    await userEvent.click(
      screen.getByRole('button', { name: 'unknown: show details' }),
    );
    await userEvent.click(
      await screen.findByRole(
        'button',
        { name: 'Focus the graph on this node' },
        { timeout: 10_000 },
      ),
    );
    await waitFor(() =>
      expect(
        document.querySelector('[data-node-id="unknown"]'),
      ).toHaveAttribute('data-focused', 'true'),
    );
    expect(node('web-frontend')).toHaveAttribute('data-dimmed', 'false');
    expect(node('auth-db')).toHaveAttribute('data-dimmed', 'true');
  });

  it('opens a clicked edge in the drawer', async () => {
    await renderExplorer(fakeApi());
    await screen.findByTestId('mesh-graph');
    await userEvent.click(screen.getAllByTestId('mesh-edge-hit')[0]);
    const drawer = await screen.findByRole('dialog', {}, { timeout: 10_000 });
    expect(within(drawer).getByRole('heading').textContent).toContain('→');
    expect(screen.getByTestId('location')).toHaveTextContent('edgeSource=');
    expect(within(drawer).getAllByTestId('mesh-edge-summary').length).toBe(1);
  });

  it('says when the graph was cut at the node limit', async () => {
    await renderExplorer(
      fakeApi(graphResponse({ truncated: true, totalNodes: 812 })),
    );
    expect(
      await screen.findByText(/Showing 14 of 812 nodes/),
    ).toBeInTheDocument();
  });

  it('says which telemetry source is unavailable', async () => {
    await renderExplorer(
      fakeApi(
        graphResponse({
          sources: [
            { name: 'platform', ok: true },
            { name: 'compute', ok: false, error: 'Prometheus did not answer' },
          ],
        }),
      ),
    );
    expect(
      await screen.findByText(/Telemetry unavailable from compute/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('mesh-graph')).toBeInTheDocument();
  });

  it('says so when no traffic was observed', async () => {
    await renderExplorer(
      fakeApi(graphResponse({ nodes: [], edges: [], totalNodes: 0 })),
    );
    expect(await screen.findByText('No traffic observed')).toBeInTheDocument();
    expect(screen.queryByTestId('mesh-graph')).not.toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    await renderExplorer(fakeApi(new Error('graph query failed')));
    expect(
      (await screen.findAllByText(/graph query failed/))[0],
    ).toBeInTheDocument();
  });

  it('shows the clusters that failed or are stale next to the graph (issue 8 §3)', async () => {
    const api = fakeApi();
    api.getClusters.mockResolvedValue({
      clusters: [
        { name: 'platform', ok: true, stale: false },
        {
          name: 'compute',
          ok: false,
          stale: true,
          error: 'connect ECONNREFUSED',
          ageSeconds: 95,
        },
      ],
      findings: [],
    });
    await renderExplorer(api);
    expect(
      await screen.findByText(/Cluster compute: the last refresh failed/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('mesh-graph')).toBeInTheDocument();
  });

  it('says when the cluster status cannot be read', async () => {
    const api = fakeApi();
    api.getClusters.mockRejectedValue(new Error('clusters endpoint is down'));
    await renderExplorer(api);
    expect(
      await screen.findByText(/Could not read the clusters' status/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('mesh-graph')).toBeInTheDocument();
  });

  it('does not blame scrapes for an empty graph when every telemetry source failed', async () => {
    await renderExplorer(
      fakeApi(
        graphResponse({
          nodes: [],
          edges: [],
          totalNodes: 0,
          sources: [
            { name: 'platform', ok: false, error: 'timeout' },
            { name: 'compute', ok: false, error: 'timeout' },
          ],
        }),
      ),
    );
    expect(
      await screen.findByText('Telemetry unavailable'),
    ).toBeInTheDocument();
    expect(screen.queryByText('No traffic observed')).not.toBeInTheDocument();
  });

  it('offers to clear the filters when they exclude everything', async () => {
    const api = fakeApi(graphResponse({ nodes: [], edges: [], totalNodes: 0 }));
    await renderExplorer(api, '/mesh/explorer?owner=group%3Adefault%2Fnobody');
    expect(
      await screen.findByText('Nothing matches these filters'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('location')).not.toHaveTextContent('owner='),
    );
    expect(api.getMeshGraph).toHaveBeenLastCalledWith({ view: 'service' });
  });

  it('keeps the previous drawing, dimmed, while a new graph loads', async () => {
    const api = fakeApi();
    await renderExplorer(api);
    await screen.findByTestId('mesh-graph');
    api.getMeshGraph.mockImplementation(() => new Promise(() => {}));
    await userEvent.click(screen.getByRole('button', { name: 'Workloads' }));
    expect(
      await screen.findByRole('progressbar', { name: 'Loading the graph' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('mesh-graph')).toBeInTheDocument();
    expect(screen.getByTestId('mesh-explorer-body')).toHaveAttribute(
      'aria-busy',
      'true',
    );
  });

  it('draws a 500-node, 2,000-edge mesh completely', async () => {
    await renderExplorer(fakeApi(generateMeshGraph(500, 2000)));
    const graph = await screen.findByTestId('mesh-graph');
    expect(within(graph).getAllByTestId('mesh-node')).toHaveLength(500);
    expect(within(graph).getAllByTestId('mesh-edge')).toHaveLength(2000);
  });
});
