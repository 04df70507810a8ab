import '@testing-library/jest-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { GraphEdge } from '@mesh-portal/plugin-mesh-common';
import { meshApiRef, type MeshApi } from '../../api';
import {
  createMockMeshApi,
  PLATFORM_WEB_ID,
  SPARK_ID,
  webFrontendGraph,
} from '../../__fixtures__';
import { GraphDetailDrawer } from './GraphDetailDrawer';
import { useGraphSelection } from './useGraphSelection';
import { parseGraphSelection, withGraphSelection } from './selection';

const LocationProbe = () => {
  const location = useLocation();
  return <div data-testid="location">{location.search}</div>;
};

function Harness(props: { edges?: GraphEdge[] }) {
  const [selection, select] = useGraphSelection();
  return (
    <>
      <GraphDetailDrawer
        selection={selection}
        nodes={webFrontendGraph.nodes}
        edges={props.edges ?? webFrontendGraph.edges}
        window="5m"
        onSelect={select}
      />
      <LocationProbe />
    </>
  );
}

async function renderDrawer(api: MeshApi, search: string, edges?: GraphEdge[]) {
  await renderInTestApp(
    <TestApiProvider apis={[[meshApiRef, api]]}>
      <Harness edges={edges} />
    </TestApiProvider>,
    {
      routeEntries: [`/page${search}`],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

const edgeSearch = (source: string, target: string) =>
  `?${withGraphSelection(new URLSearchParams(), {
    kind: 'edge',
    source,
    target,
  })}`;

describe('GraphDetailDrawer', () => {
  it("shows an edge's codes, Envoy flags with their meaning, gRPC statuses, quantiles, mTLS and rate", async () => {
    const getEdgeDetail = jest.fn(createMockMeshApi().getEdgeDetail);
    await renderDrawer(
      createMockMeshApi({ getEdgeDetail }),
      edgeSearch(PLATFORM_WEB_ID, SPARK_ID),
    );
    const drawer = await screen.findByRole('dialog', {}, { timeout: 10_000 });
    expect(within(drawer).getByRole('heading', { level: 2 })).toHaveTextContent(
      'Web Frontend → Spark Job Runner',
    );
    const flag = await within(drawer).findByTestId(
      'mesh-edge-flag',
      {},
      { timeout: 10_000 },
    );
    expect(flag).toHaveTextContent('UC Upstream connection closed');
    expect(flag).toHaveTextContent('STRICT server refusing plaintext');
    const rows = within(drawer).getAllByTestId('mesh-edge-response');
    expect(rows.map(r => r.textContent)).toEqual([
      expect.stringContaining('2000 OK'),
      expect.stringContaining('503'),
      expect.stringContaining('2005 NOT_FOUND'),
    ]);
    expect(rows[1]).toHaveTextContent('seen by the client only');
    expect(within(drawer).getByTestId('mesh-edge-latency')).toHaveTextContent(
      'p50 120 ms · p95 230 ms · p99 480 ms',
    );
    expect(within(drawer).getByTestId('mesh-edge-mtls')).toHaveTextContent(
      '75% mutual TLS · 25% plaintext from Web Frontend',
    );
    expect(within(drawer).getByTestId('mesh-edge-rate')).toHaveTextContent(
      '3.2 req/s',
    );
    expect(within(drawer).getByTestId('mesh-edge-sparkline')).toHaveAttribute(
      'aria-label',
      'Requests per second over the last 5m, one point every 15 s',
    );
    // The backend's age of the collected data, not the browser's clock.
    expect(drawer).toHaveTextContent('data read 12 s ago');
    expect(getEdgeDetail).toHaveBeenCalledWith({
      source: PLATFORM_WEB_ID,
      destination: SPARK_ID,
      window: '5m',
    });
  });

  it('E10: takes the mTLS share from the configuration when the server reported none (source-only failures)', async () => {
    const base = createMockMeshApi();
    const getEdgeDetail: MeshApi['getEdgeDetail'] = async query => ({
      ...(await base.getEdgeDetail(query)),
      mtlsShare: undefined,
    });
    await renderDrawer(
      createMockMeshApi({ getEdgeDetail }),
      edgeSearch(PLATFORM_WEB_ID, SPARK_ID),
      [
        {
          source: PLATFORM_WEB_ID,
          target: SPARK_ID,
          protocol: 'http',
          requestsPerSecond: 2,
          mtlsShare: 0,
          mtlsFromConfiguration: true,
          crossCluster: true,
        },
      ],
    );
    const drawer = await screen.findByRole('dialog', {}, { timeout: 10_000 });
    expect(
      await within(drawer).findByTestId(
        'mesh-edge-mtls',
        {},
        { timeout: 10_000 },
      ),
    ).toHaveTextContent('0% mutual TLS · 100% plaintext from Web Frontend');
    expect(drawer).toHaveTextContent('From the configuration');
  });

  it('reads no detail for an edge from the unknown source, and says why', async () => {
    const getEdgeDetail = jest.fn();
    await renderDrawer(
      createMockMeshApi({ getEdgeDetail }),
      edgeSearch('unknown', PLATFORM_WEB_ID),
    );
    const drawer = await screen.findByRole('dialog', {}, { timeout: 10_000 });
    expect(drawer).toHaveTextContent('read per pair of workloads');
    expect(within(drawer).getByTestId('mesh-edge-summary')).toHaveTextContent(
      '1.5 req/s',
    );
    expect(getEdgeDetail).not.toHaveBeenCalled();
  });

  it("shows a node's membership per pod, mTLS per port, findings and Mesh tab, and moves to an edge by keyboard", async () => {
    await renderDrawer(
      createMockMeshApi(),
      `?node=${encodeURIComponent(PLATFORM_WEB_ID)}`,
    );
    const drawer = await screen.findByRole('dialog', {}, { timeout: 10_000 });
    const workload = await within(drawer).findByTestId(
      'mesh-node-workload',
      {},
      { timeout: 10_000 },
    );
    expect(workload).toHaveTextContent('Pods: 3 Sidecar');
    expect(workload).toHaveTextContent('8080 (http)STRICT');
    expect(within(drawer).getByText(/^Findings \(\d+\)$/)).toBeInTheDocument();
    expect(
      within(drawer).getByRole('link', {
        name: 'Open the Mesh tab of Web Frontend',
      }),
    ).toHaveAttribute('href', '/catalog/default/component/web-frontend/mesh');
    const toSpark = within(drawer).getByRole('button', {
      name: 'Spark Job Runner',
    });
    toSpark.focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(
        `edgeSource=${encodeURIComponent(PLATFORM_WEB_ID)}`,
      ),
    );
  });

  it('closes on Escape, removing the selection from the URL', async () => {
    await renderDrawer(createMockMeshApi(), '?node=unknown&view=workload');
    await screen.findByRole('dialog', {}, { timeout: 10_000 });
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByTestId('location')).toHaveTextContent(
      /^\?view=workload$/,
    );
  });
});

describe('graph selection in the URL', () => {
  it('round-trips nodes and edges and ignores malformed values', () => {
    const edge = { kind: 'edge' as const, source: 'a/b/c/d', target: 'x' };
    expect(
      parseGraphSelection(withGraphSelection(new URLSearchParams(), edge)),
    ).toEqual(edge);
    const node = withGraphSelection(
      new URLSearchParams('view=workload&edgeSource=a&edgeTarget=b'),
      { kind: 'node', id: 'entity:component:default/x' },
    );
    expect(node.toString()).toBe(
      'view=workload&node=entity%3Acomponent%3Adefault%2Fx',
    );
    expect(parseGraphSelection(new URLSearchParams('edgeSource=a'))).toBe(
      undefined,
    );
    expect(
      parseGraphSelection(new URLSearchParams(`node=${'a'.repeat(2000)}`)),
    ).toBe(undefined);
  });
});
