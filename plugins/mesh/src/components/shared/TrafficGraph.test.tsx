import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { Route, Routes, useParams } from 'react-router-dom';
import {
  AUTH_ID,
  PLATFORM_WEB_ID,
  SPARK_ID,
  webFrontendGraph,
} from '../../__fixtures__';
import { TrafficGraph, trafficNodeLines } from './TrafficGraph';

function EntityPageProbe() {
  const params = useParams();
  return (
    <div data-testid="entity-page">
      {params.namespace}/{params.kind}/{params.name}
    </div>
  );
}

async function renderGraph(
  onNodeClick?: jest.Mock,
  nodes = webFrontendGraph.nodes,
) {
  return renderInTestApp(
    <Routes>
      <Route
        path="/"
        element={
          <TrafficGraph
            nodes={nodes}
            edges={webFrontendGraph.edges}
            focusNodeIds={[PLATFORM_WEB_ID]}
            onNodeClick={onNodeClick}
          />
        }
      />
      <Route
        path="/catalog/:namespace/:kind/:name"
        element={<EntityPageProbe />}
      />
    </Routes>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('TrafficGraph', () => {
  it('M4: a native sidecar gets the badge (a dot) and says so; a classic one says so without badge', async () => {
    await renderGraph(
      undefined,
      webFrontendGraph.nodes.map(n => {
        if (n.id === AUTH_ID) return { ...n, nativeSidecar: true };
        if (n.id === SPARK_ID) return { ...n, nativeSidecar: false };
        return n;
      }),
    );
    const auth = await screen.findByRole('link', { name: /^Auth Service,/ });
    expect(auth).toHaveAccessibleName(/, native sidecar$/);
    expect(within(auth).getByTestId('sidecar-badge')).toBeInTheDocument();
    const spark = screen.getByRole('link', { name: /^Spark Job Runner,/ });
    expect(spark).toHaveAccessibleName(/, classic sidecar$/);
    expect(within(spark).queryByTestId('sidecar-badge')).toBeNull();
    expect(screen.getAllByTestId('sidecar-badge')).toHaveLength(1);
  });

  it('labels nodes with entity title and cluster', async () => {
    await renderGraph();
    const auth = await screen.findByRole('link', { name: /^Auth Service,/ });
    expect(auth).toHaveTextContent('Auth Service');
    expect(auth).toHaveTextContent('auth-service · auth@platform');
    const spark = screen.getByRole('link', { name: /^Spark Job Runner,/ });
    expect(spark).toHaveTextContent('spark-job-runner · spark@compute');
    expect(screen.getByText('Unknown source')).toBeInTheDocument();
  });

  it('labels edges with req/s, error %, p95 and the mTLS share', async () => {
    await renderGraph();
    expect(
      await screen.findByText('12.5 req/s · 0.4% errors · p95 42 ms'),
    ).toBeInTheDocument();
    // The cross-cluster gRPC edge says so.
    expect(
      screen.getByText('3.2 req/s · 8% errors · p95 230 ms'),
    ).toBeInTheDocument();
    expect(screen.getByText('GRPC · cross-cluster')).toBeInTheDocument();
    // Plaintext from the unknown source is not hidden.
    expect(screen.getByText('mTLS 0%')).toBeInTheDocument();
    expect(screen.getAllByText('mTLS 100%')).toHaveLength(4);
  });

  it('opens the entity page of a clicked node', async () => {
    await renderGraph();
    const auth = await screen.findByRole('link', { name: /^Auth Service,/ });
    expect(auth).toHaveAttribute(
      'data-href',
      '/catalog/default/component/auth-service',
    );
    await userEvent.click(within(auth).getByText('Auth Service'));
    expect(await screen.findByTestId('entity-page')).toHaveTextContent(
      'default/component/auth-service',
    );
  });

  it('calls onNodeClick instead when given', async () => {
    const onNodeClick = jest.fn();
    await renderGraph(onNodeClick);
    await userEvent.click(await screen.findByText('Spark Job Runner'));
    expect(onNodeClick).toHaveBeenCalledWith(
      expect.objectContaining({ id: SPARK_ID }),
    );
    expect(screen.queryByTestId('entity-page')).not.toBeInTheDocument();
  });

  it('leaves nodes without an entity unclickable', async () => {
    await renderGraph();
    expect(await screen.findByText('Unknown source')).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: /^Unknown source/ }),
    ).not.toBeInTheDocument();
  });

  it('ignores edges whose nodes are missing', async () => {
    await renderInTestApp(
      <TrafficGraph
        nodes={webFrontendGraph.nodes.filter(node => node.id !== AUTH_ID)}
        edges={webFrontendGraph.edges}
      />,
      {
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(
      await screen.findByText('25 req/s · 0.2% errors · p95 85 ms'),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('12.5 req/s · 0.4% errors · p95 42 ms'),
    ).not.toBeInTheDocument();
  });
});

describe('TrafficGraph mTLS locks and fullscreen', () => {
  const [a, b] = webFrontendGraph.nodes;
  const edgeWith = (mtlsShare: number | undefined) =>
    renderInTestApp(
      <TrafficGraph
        nodes={[a, b]}
        edges={[
          {
            source: a.id,
            target: b.id,
            protocol: 'http',
            requestsPerSecond: 10,
            mtlsShare,
            crossCluster: false,
          },
        ]}
      />,
      {
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
  const lockOf = (container: HTMLElement) =>
    container.querySelector('[data-mtls]')?.getAttribute('data-mtls');

  it('keeps the closed lock for traffic that is entirely mTLS', async () => {
    const { container } = await edgeWith(1);
    expect(await screen.findByText('mTLS 100%')).toBeInTheDocument();
    expect(lockOf(container)).toBe('full');
  });

  it('opens the lock when a rounded >99.9% still hides plaintext', async () => {
    const { container } = await edgeWith(0.9996);
    expect(await screen.findByText('mTLS >99.9%')).toBeInTheDocument();
    expect(lockOf(container)).toBe('partial');
  });

  it('crosses the lock out for entirely plaintext traffic, unlike unknown', async () => {
    const plaintext = await edgeWith(0);
    expect(await screen.findByText('mTLS 0%')).toBeInTheDocument();
    expect(lockOf(plaintext.container)).toBe('none');
    plaintext.unmount();

    const unknown = await edgeWith(undefined);
    expect(await screen.findByText('mTLS unknown')).toBeInTheDocument();
    expect(lockOf(unknown.container)).toBe('unknown');
  });

  it('keeps the fullscreen button inside the graph’s own box', async () => {
    await edgeWith(1);
    const button = await screen.findByRole('button', {
      name: /full ?screen/i,
    });
    // The button is position:absolute: its containing block is the nearest
    // positioned ancestor, which must be the graph's box, not the page.
    // (jsdom reports an unset position as '' rather than 'static'.)
    const isStatic = (element: HTMLElement) =>
      ['', 'static'].includes(getComputedStyle(element).position);
    let parent = button.parentElement;
    while (parent && isStatic(parent)) {
      parent = parent.parentElement;
    }
    expect(parent).toBe(screen.getByTestId('mesh-traffic-graph'));
  });
});

describe('trafficNodeLines', () => {
  it('names the clusters of a service-view node', () => {
    expect(
      trafficNodeLines({
        id: 'entity:component:default/web-frontend',
        type: 'entity',
        name: 'web-frontend',
        title: 'Web Frontend',
        clusters: ['platform', 'compute'],
      }),
    ).toEqual(['Web Frontend', 'web-frontend · platform, compute']);
  });
});
