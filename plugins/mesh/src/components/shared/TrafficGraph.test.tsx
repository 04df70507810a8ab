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

async function renderGraph(onNodeClick?: jest.Mock) {
  return renderInTestApp(
    <Routes>
      <Route
        path="/"
        element={
          <TrafficGraph
            nodes={webFrontendGraph.nodes}
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
