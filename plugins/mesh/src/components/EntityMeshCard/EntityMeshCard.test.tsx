import { useState } from 'react';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { meshApiRef, MeshApi } from '../../api';
import { meshEntityContentRouteRef } from '../../routes';
import {
  createMockMeshApi,
  healthyClusters,
  unannotatedEntity,
  webFrontendEntity,
  webFrontendInboundMtls,
  webFrontendMesh,
} from '../../__fixtures__';
import { EntityMeshCard } from './EntityMeshCard';

async function renderCard(
  api: MeshApi,
  options: { entity?: Entity; refreshIntervalMs?: number } = {},
) {
  return renderInTestApp(
    <TestApiProvider apis={[[meshApiRef, api]]}>
      <EntityProvider entity={options.entity ?? webFrontendEntity}>
        <EntityMeshCard refreshIntervalMs={options.refreshIntervalMs ?? 0} />
      </EntityProvider>
    </TestApiProvider>,
    {
      routeEntries: ['/catalog/default/component/web-frontend'],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        '/catalog/:namespace/:kind/:name/mesh': meshEntityContentRouteRef,
      },
    },
  );
}

describe('EntityMeshCard', () => {
  it('shows membership and mTLS per cluster as labelled chips', async () => {
    await renderCard(createMockMeshApi());
    expect(await screen.findByText('platform')).toBeInTheDocument();
    expect(screen.getByText('compute')).toBeInTheDocument();

    const platform = screen.getByTestId(
      'mesh-card-workload-platform/web/Deployment/web-frontend',
    );
    expect(platform).toHaveTextContent('Sidecar');
    // The port-level PERMISSIVE exception makes the workload mixed.
    expect(platform).toHaveTextContent('Mixed per port');

    const compute = screen.getByTestId(
      'mesh-card-workload-compute/web/Deployment/web-frontend',
    );
    expect(compute).toHaveTextContent('Ambient');
    expect(compute).toHaveTextContent('STRICT');
  });

  it('shows the observed inbound mTLS share, findings by severity and data age', async () => {
    await renderCard(createMockMeshApi());
    // 25 of 26.5 req/s were mTLS.
    expect(await screen.findByText('mTLS 94.3%')).toBeInTheDocument();
    expect(screen.getByText('1 error')).toBeInTheDocument();
    expect(screen.getByText('1 warning')).toBeInTheDocument();
    expect(screen.getByText('data read 12 s ago')).toBeInTheDocument();
    expect(screen.getByText('data read 20 s ago')).toBeInTheDocument();
  });

  it('links to the Mesh tab', async () => {
    await renderCard(createMockMeshApi());
    const link = await screen.findByRole('link', {
      name: /open the mesh tab/i,
    });
    expect(link).toHaveAttribute(
      'href',
      expect.stringMatching(
        /\/catalog\/default\/component\/web-frontend\/mesh$/i,
      ),
    );
  });

  it('shows a skeleton while loading', async () => {
    await renderCard(
      createMockMeshApi({ getEntityMesh: () => new Promise(() => {}) }),
    );
    expect(screen.getByTestId('mesh-card-loading')).toBeInTheDocument();
  });

  it('asks for the Kubernetes annotation when it is missing', async () => {
    const api = createMockMeshApi({ getEntityMesh: jest.fn() });
    await renderCard(api, { entity: unannotatedEntity });
    expect(screen.getByText(/missing annotation/i)).toBeInTheDocument();
    expect(
      screen.getAllByText(/backstage.io\/kubernetes-id/).length,
    ).toBeGreaterThan(0);
    expect(api.getEntityMesh).not.toHaveBeenCalled();
  });

  it('explains what was looked for when no workload matched', async () => {
    await renderCard(
      createMockMeshApi({
        getEntityMesh: async () => ({
          ...webFrontendMesh,
          workloads: [],
          findings: [],
        }),
      }),
    );
    expect(await screen.findByText('No workloads found')).toBeInTheDocument();
    expect(
      screen.getByText(
        /pods labelled backstage.io\/kubernetes-id=web-frontend in any namespace of clusters platform, compute/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('No findings')).toBeInTheDocument();
  });

  it('shows a failing cluster next to the other cluster data', async () => {
    await renderCard(
      createMockMeshApi({
        getEntityMesh: async () => ({
          ...webFrontendMesh,
          clusters: [
            healthyClusters[0],
            {
              ...healthyClusters[1],
              ok: false,
              stale: true,
              ageSeconds: 900,
              error: 'connect ECONNREFUSED 127.0.0.1:16444',
            },
          ],
        }),
      }),
    );
    expect(
      await screen.findByText(/Cluster compute: the last refresh failed/),
    ).toBeInTheDocument();
    expect(screen.getByText(/ECONNREFUSED/)).toBeInTheDocument();
    expect(screen.getByText('Stale')).toBeInTheDocument();
    // platform's data is still there.
    expect(
      screen.getByTestId(
        'mesh-card-workload-platform/web/Deployment/web-frontend',
      ),
    ).toBeInTheDocument();
  });

  it('flags the data of a cluster whose refresh failed as stale', async () => {
    await renderCard(
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
    expect(screen.getByText('data read 27 s ago')).toContainElement(
      screen.getByText('Stale'),
    );
  });

  it('says why telemetry is unavailable', async () => {
    await renderCard(
      createMockMeshApi({
        getInboundMtls: async () => ({
          ...webFrontendInboundMtls,
          mtlsShare: undefined,
          sources: [
            { name: 'platform', ok: false, error: 'Prometheus answered 503' },
          ],
        }),
      }),
    );
    expect(
      await screen.findByText(
        'Telemetry unavailable from platform: Prometheus answered 503',
      ),
    ).toBeInTheDocument();
    // A failed source is not an absence of traffic.
    expect(screen.getByText('Telemetry unavailable')).toBeInTheDocument();
    expect(screen.queryByText('No traffic observed')).not.toBeInTheDocument();
  });

  it('says telemetry is unavailable when no Prometheus source is configured', async () => {
    await renderCard(
      createMockMeshApi({
        getInboundMtls: async () => ({
          ...webFrontendInboundMtls,
          mtlsShare: undefined,
          sources: [],
        }),
      }),
    );
    const chip = await screen.findByLabelText(
      /^Telemetry unavailable: .*no Prometheus source is configured/,
    );
    expect(chip).toHaveAttribute('data-tone', 'warning');
    expect(screen.queryByText('No traffic observed')).not.toBeInTheDocument();
  });

  it('still says "No traffic observed" when telemetry answered with nothing', async () => {
    await renderCard(
      createMockMeshApi({
        getInboundMtls: async () => ({
          ...webFrontendInboundMtls,
          mtlsShare: undefined,
          sources: [
            { name: 'platform', ok: true },
            { name: 'compute', ok: false, error: 'Prometheus answered 503' },
          ],
        }),
      }),
    );
    expect(await screen.findByText('No traffic observed')).toBeInTheDocument();
    expect(screen.queryByText('Telemetry unavailable')).not.toBeInTheDocument();
  });

  it('shows the error when the backend fails', async () => {
    await renderCard(
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

  it('reloads on its interval', async () => {
    const getEntityMesh = jest.fn(async () => webFrontendMesh);
    await renderCard(createMockMeshApi({ getEntityMesh }), {
      refreshIntervalMs: 20,
    });
    await waitFor(() =>
      expect(getEntityMesh.mock.calls.length).toBeGreaterThanOrEqual(3),
    );
  });

  describe('with fake timers', () => {
    beforeEach(() => {
      jest.useFakeTimers();
    });
    afterEach(() => {
      jest.useRealTimers();
    });

    it('reloads after its 30 s interval', async () => {
      const getEntityMesh = jest.fn(async () => webFrontendMesh);
      await renderCard(createMockMeshApi({ getEntityMesh }), {
        refreshIntervalMs: 30_000,
      });
      expect(await screen.findByText('compute')).toBeInTheDocument();
      await act(async () => {
        jest.advanceTimersByTime(31_000);
      });
      expect(getEntityMesh).toHaveBeenCalledTimes(2);
    });

    it('does not reload when the interval is 0, even after 30 s', async () => {
      const getEntityMesh = jest.fn(async () => webFrontendMesh);
      await renderCard(createMockMeshApi({ getEntityMesh }), {
        refreshIntervalMs: 0,
      });
      expect(await screen.findByText('compute')).toBeInTheDocument();
      await act(async () => {
        jest.advanceTimersByTime(120_000);
      });
      expect(getEntityMesh).toHaveBeenCalledTimes(1);
    });
  });

  describe('when the page switches to another entity', () => {
    const publicApiEntity: Entity = {
      ...webFrontendEntity,
      metadata: {
        name: 'public-api',
        namespace: 'default',
        title: 'Public API',
        annotations: { 'backstage.io/kubernetes-id': 'public-api' },
      },
    };

    function EntitySwitcher() {
      const [entity, setEntity] = useState<Entity>(webFrontendEntity);
      return (
        <>
          <button type="button" onClick={() => setEntity(publicApiEntity)}>
            Go to Public API
          </button>
          <EntityProvider entity={entity}>
            <EntityMeshCard refreshIntervalMs={0} />
          </EntityProvider>
        </>
      );
    }

    async function renderSwitcher(api: MeshApi) {
      await renderInTestApp(
        <TestApiProvider apis={[[meshApiRef, api]]}>
          <EntitySwitcher />
        </TestApiProvider>,
        {
          mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
        },
      );
      expect(
        await screen.findByTestId(
          'mesh-card-workload-platform/web/Deployment/web-frontend',
        ),
      ).toBeInTheDocument();
      await userEvent.click(screen.getByText('Go to Public API'));
    }

    it('drops the previous entity’s data while the new one loads', async () => {
      await renderSwitcher(
        createMockMeshApi({
          getEntityMesh: async ref =>
            ref.name === 'web-frontend'
              ? webFrontendMesh
              : new Promise(() => {}),
        }),
      );
      expect(screen.getByTestId('mesh-card-loading')).toBeInTheDocument();
      expect(screen.queryByText(/web-frontend/)).not.toBeInTheDocument();
      expect(screen.queryByText('mTLS 94.3%')).not.toBeInTheDocument();
    });

    it('shows only the error when the new entity is forbidden', async () => {
      await renderSwitcher(
        createMockMeshApi({
          getEntityMesh: async ref => {
            if (ref.name === 'web-frontend') {
              return webFrontendMesh;
            }
            throw new Error('403 Forbidden: mesh.entity.read');
          },
        }),
      );
      expect(
        await screen.findByText('Error: 403 Forbidden: mesh.entity.read'),
      ).toBeInTheDocument();
      expect(screen.queryByText(/web-frontend/)).not.toBeInTheDocument();
      expect(screen.queryByText('platform')).not.toBeInTheDocument();
    });
  });

  it('keeps the data next to the error when a reload fails', async () => {
    let calls = 0;
    const getEntityMesh = jest.fn(async () => {
      calls += 1;
      if (calls > 1) {
        throw new Error('refresh failed');
      }
      return webFrontendMesh;
    });
    await renderCard(createMockMeshApi({ getEntityMesh }), {
      refreshIntervalMs: 20,
    });
    expect(
      await screen.findByText('Error: refresh failed'),
    ).toBeInTheDocument();
    expect(screen.getByText('compute')).toBeInTheDocument();
    expect(
      screen.getByTestId(
        'mesh-card-workload-platform/web/Deployment/web-frontend',
      ),
    ).toBeInTheDocument();
  });
});
