import '@testing-library/jest-dom';
import { act, screen, waitFor } from '@testing-library/react';
import { identityApiRef } from '@backstage/core-plugin-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { signalApiRef, type SignalApi } from '@backstage/plugin-signals-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type { EntityMeshResponse } from '@mesh-portal/plugin-mesh-common';
import { meshApiRef, type MeshApi } from './api';
import {
  createMockMeshApi,
  webFrontendEntity,
  webFrontendMesh,
} from './__fixtures__';
import { EntityMeshCard } from './components/EntityMeshCard';
import { MeshAuditPage } from './components/MeshAuditPage';
import { createFakeAuditApi } from './components/MeshAuditPage/__fixtures__/fakeAuditApi';
import { MeshExplorerPage } from './components/MeshExplorerPage';
import { graphResponse } from './components/MeshExplorerPage/__fixtures__/graphFixtures';
import {
  LIVE_SAFETY_INTERVAL_MS,
  liveRefreshInterval,
} from './hooks/useMeshLiveUpdates';
import { meshEntityContentRouteRef } from './routes';

/** A first render of a page on a busy machine: never the 1 s default. */
const FIRST_RENDER = { timeout: 30_000 };
const WEB_CHANNEL = 'mesh:entity:component:default/web-frontend';
const COMPUTE_WORKLOAD = 'compute/web/Deployment/web-frontend';

/** A signal's message, as the signals API types it. */
type JsonObject = Parameters<Parameters<SignalApi['subscribe']>[1]>[0];

/** The signals API of `@backstage/plugin-signals`, delivering by hand. */
class FakeSignalApi implements SignalApi {
  private readonly subscribers = new Map<
    string,
    Set<(message: JsonObject) => void>
  >();

  subscribe<T extends JsonObject>(
    channel: string,
    onMessage: (message: T) => void,
  ) {
    const set = this.subscribers.get(channel) ?? new Set();
    const listener = onMessage as (message: JsonObject) => void;
    set.add(listener);
    this.subscribers.set(channel, set);
    return { unsubscribe: () => set.delete(listener) };
  }

  channels(): string[] {
    return [...this.subscribers]
      .filter(([, set]) => set.size > 0)
      .map(([channel]) => channel);
  }

  emit(channel: string) {
    const message = { computedAt: new Date().toISOString() };
    act(() => {
      for (const listener of this.subscribers.get(channel) ?? []) {
        listener(message);
      }
    });
  }
}

/** web-frontend's view with the compute workload's mode replaced. */
function withComputeMode(mode: 'STRICT' | 'PERMISSIVE'): EntityMeshResponse {
  return {
    ...webFrontendMesh,
    workloads: webFrontendMesh.workloads.map(workload =>
      workload.id === COMPUTE_WORKLOAD
        ? {
            ...workload,
            mtls: {
              ...workload.mtls,
              workload: { ...workload.mtls.workload, mode },
              ports: workload.mtls.ports.map(port => ({
                ...port,
                decision: { ...port.decision, mode },
              })),
            },
          }
        : workload,
    ),
  };
}

async function renderCard(
  api: MeshApi,
  signals: SignalApi | undefined,
  refreshIntervalMs: number,
) {
  const apis: Parameters<typeof TestApiProvider>[0]['apis'] = signals
    ? [
        [meshApiRef, api],
        [signalApiRef, signals],
      ]
    : [[meshApiRef, api]];
  await renderInTestApp(
    <TestApiProvider apis={apis}>
      <EntityProvider entity={webFrontendEntity}>
        <EntityMeshCard refreshIntervalMs={refreshIntervalMs} />
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
  return screen.findByTestId(
    `mesh-card-workload-${COMPUTE_WORKLOAD}`,
    {},
    FIRST_RENDER,
  );
}

describe('live updates through Backstage signals', () => {
  it("reloads the card as soon as its entity's channel signals, with polling off", async () => {
    const signals = new FakeSignalApi();
    let mode: 'STRICT' | 'PERMISSIVE' = 'PERMISSIVE';
    const getEntityMesh = jest.fn(async () => withComputeMode(mode));
    const line = await renderCard(
      createMockMeshApi({ getEntityMesh }),
      signals,
      0,
    );
    expect(line).toHaveTextContent('PERMISSIVE');
    expect(signals.channels()).toContain(WEB_CHANNEL);

    mode = 'STRICT';
    signals.emit(WEB_CHANNEL);
    await waitFor(
      () =>
        expect(
          screen.getByTestId(`mesh-card-workload-${COMPUTE_WORKLOAD}`),
        ).toHaveTextContent('STRICT'),
      { timeout: 10_000 },
    );
    expect(getEntityMesh).toHaveBeenCalledTimes(2);
  });

  it("does not reload for another entity's channel or the snapshot channel", async () => {
    const signals = new FakeSignalApi();
    const getEntityMesh = jest.fn(async () => webFrontendMesh);
    await renderCard(createMockMeshApi({ getEntityMesh }), signals, 0);
    signals.emit('mesh:entity:component:default/public-api');
    signals.emit('mesh:snapshot');
    // Give a wrongly triggered reload time to start.
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(getEntityMesh).toHaveBeenCalledTimes(1);
  });

  it('keeps polling at the configured interval when the app has no signals', async () => {
    const getEntityMesh = jest.fn(async () => webFrontendMesh);
    await renderCard(createMockMeshApi({ getEntityMesh }), undefined, 20);
    await waitFor(
      () => expect(getEntityMesh.mock.calls.length).toBeGreaterThanOrEqual(3),
      { timeout: 10_000 },
    );
  });

  it('with signals and every cluster healthy, polls only slowly', async () => {
    const signals = new FakeSignalApi();
    const getEntityMesh = jest.fn(async () => webFrontendMesh);
    await renderCard(createMockMeshApi({ getEntityMesh }), signals, 20);
    await new Promise(resolve => setTimeout(resolve, 500));
    expect(getEntityMesh).toHaveBeenCalledTimes(1);
  });

  it('with signals, polls at the interval while a cluster is failing, so its recovery shows as before', async () => {
    const signals = new FakeSignalApi();
    const getEntityMesh = jest.fn(async () => ({
      ...webFrontendMesh,
      clusters: webFrontendMesh.clusters.map(cluster =>
        cluster.name === 'compute'
          ? { ...cluster, ok: false, error: 'connection refused' }
          : cluster,
      ),
    }));
    await renderCard(createMockMeshApi({ getEntityMesh }), signals, 20);
    await waitFor(
      () => expect(getEntityMesh.mock.calls.length).toBeGreaterThanOrEqual(3),
      { timeout: 10_000 },
    );
  });

  it('polls only slowly, as a safety net, when signals are installed', () => {
    expect(liveRefreshInterval(30_000, false)).toBe(30_000);
    expect(liveRefreshInterval(30_000, true)).toBe(LIVE_SAFETY_INTERVAL_MS);
    expect(liveRefreshInterval(600_000, true)).toBe(600_000);
    expect(liveRefreshInterval(0, true)).toBe(0);
  });

  it('reloads the audit when a new snapshot is signalled', async () => {
    const signals = new FakeSignalApi();
    const api = createFakeAuditApi();
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [meshApiRef, api],
          [signalApiRef, signals],
          [
            identityApiRef,
            mockApis.identity({ userEntityRef: 'user:default/ann' }),
          ],
        ]}
      >
        <MeshAuditPage />
      </TestApiProvider>,
      {
        routeEntries: ['/mesh/audit'],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    await screen.findByRole('table', { name: 'Workloads' }, FIRST_RENDER);
    const before = api.getAudit.mock.calls.length;
    signals.emit(WEB_CHANNEL);
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(api.getAudit.mock.calls.length).toBe(before);

    signals.emit('mesh:snapshot');
    // The filtered page and the unfiltered choices both reload.
    await waitFor(
      () => expect(api.getAudit.mock.calls.length).toBe(before + 2),
      { timeout: 10_000 },
    );
    expect(screen.getByRole('table', { name: 'Workloads' })).toBeVisible();
  });

  it('reloads the explorer when a new snapshot is signalled', async () => {
    const signals = new FakeSignalApi();
    const api = {
      getClusters: jest.fn(async () => ({
        clusters: [{ name: 'platform', ok: true, stale: false }],
        findings: [],
      })),
      getMeshGraph: jest.fn(async () => graphResponse()),
      getEntityMesh: jest.fn(async () => webFrontendMesh),
    };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [meshApiRef, api],
          [signalApiRef, signals],
        ]}
      >
        <MeshExplorerPage />
      </TestApiProvider>,
      {
        routeEntries: ['/mesh/explorer'],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    await screen.findByTestId('mesh-graph', {}, FIRST_RENDER);
    expect(api.getMeshGraph).toHaveBeenCalledTimes(1);
    signals.emit('mesh:snapshot');
    await waitFor(
      () => {
        expect(api.getMeshGraph).toHaveBeenCalledTimes(2);
        expect(api.getClusters).toHaveBeenCalledTimes(2);
      },
      { timeout: 10_000 },
    );
    expect(await screen.findByTestId('mesh-graph')).toBeInTheDocument();
  });
});
