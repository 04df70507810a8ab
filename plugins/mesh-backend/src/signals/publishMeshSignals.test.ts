import { mockServices } from '@backstage/backend-test-utils';
import type {
  SignalPayload,
  SignalsService,
} from '@backstage/plugin-signals-node';
import type {
  MeshModel,
  ServiceSummary,
  Workload,
} from '@mesh-portal/plugin-mesh-common';
import { component, testModel } from '../__testUtils__/fixtures';
import { selectorOfEntity, type EntityIndex } from '../entities';
import { WorkloadIndex, type MeshView } from '../snapshot';
import { publishMeshSignals } from './publishMeshSignals';

const WEB = 'component:default/web-frontend';
const SECRET = 'component:default/secret-api';
const WEB_ID = 'platform/web/Deployment/web-frontend';

/** A signals service that records what is published. */
class RecordingSignals implements SignalsService {
  readonly published: SignalPayload[] = [];
  failWith?: Error;
  async publish(signal: SignalPayload) {
    if (this.failWith) throw this.failWith;
    this.published.push(signal);
  }
  channels() {
    return this.published.map(p => p.channel).sort();
  }
}

let version = 0;
function view(model: MeshModel, computedAt = 1_700_000_000_000): MeshView {
  version += 1;
  // A fresh copy, as a recomputation makes: equal content, new objects.
  return {
    version,
    computedAt,
    index: new WorkloadIndex(structuredClone(model)),
  };
}

/** The entity index of web-frontend and secret-api (annotated by kubernetes-id). */
function entities(): EntityIndex {
  const selectors = new Map(
    [
      component('web-frontend', 'team-web'),
      component('secret-api', 'team-secret'),
    ].map(e => [`component:default/${e.metadata.name}`, selectorOfEntity(e)!]),
  );
  return {
    isLoaded: () => true,
    reload: async () => {},
    refs: () => [...selectors.keys()],
    selectorOfRef: (ref: string) => selectors.get(ref),
    claimantsOf: (id: string) =>
      id === WEB_ID ? [{ ref: WEB }] : ([] as { ref: string }[]),
  } as unknown as EntityIndex;
}

function withWorkload(
  model: MeshModel,
  name: string,
  change: (w: Workload) => Workload,
): MeshModel {
  return {
    ...model,
    workloads: model.workloads.map(w => (w.name === name ? change(w) : w)),
  };
}

const permissive = (w: Workload): Workload => ({
  ...w,
  coverage: 'meshed-not-strict',
  mtls: {
    ...w.mtls,
    workload: { ...w.mtls.workload, mode: 'PERMISSIVE' },
    enforced: false,
  },
});

function setup() {
  const signals = new RecordingSignals();
  const logger = mockServices.logger.mock();
  const publish = publishMeshSignals({
    signals,
    entities: entities(),
    logger,
  });
  return { signals, logger, publish };
}

describe('publishMeshSignals', () => {
  it('signals every known entity and the snapshot channel for the first snapshot ever stored', async () => {
    const { signals, publish } = setup();
    await publish({ current: view(testModel) });
    expect(signals.channels()).toEqual([
      'mesh:entity:component:default/secret-api',
      'mesh:entity:component:default/web-frontend',
      'mesh:snapshot',
    ]);
  });

  it("signals only the entity whose workload's mTLS changed (a PeerAuthentication switched), plus the snapshot channel", async () => {
    const { signals, publish } = setup();
    const before = view(testModel);
    const after = view(withWorkload(testModel, 'web-frontend', permissive));
    await publish({ previous: before, current: after });
    expect(signals.channels()).toEqual([`mesh:entity:${WEB}`, 'mesh:snapshot']);
  });

  it('sends a payload of the snapshot time only, broadcast, one signal per channel', async () => {
    const { signals, publish } = setup();
    await publish({
      previous: view(testModel),
      current: view(
        withWorkload(testModel, 'web-frontend', permissive),
        Date.UTC(2026, 11, 6, 21, 0, 0),
      ),
    });
    for (const signal of signals.published) {
      expect(signal.recipients).toEqual({ type: 'broadcast' });
      expect(signal.message).toEqual({
        computedAt: '2026-12-06T21:00:00.000Z',
      });
    }
    expect(new Set(signals.channels()).size).toBe(signals.published.length);
  });

  it('signals nothing when a recomputation gives an equal model', async () => {
    const { signals, publish } = setup();
    await publish({ previous: view(testModel), current: view(testModel) });
    expect(signals.published).toEqual([]);
  });

  it('signals only the snapshot channel when a workload no entity claims changed', async () => {
    const { signals, publish } = setup();
    await publish({
      previous: view(testModel),
      current: view(withWorkload(testModel, 'debug-toolbox', permissive)),
    });
    expect(signals.channels()).toEqual(['mesh:snapshot']);
  });

  it('signals an entity when a finding on a Service selecting its workload appears (its Mesh tab lists it)', async () => {
    const service = {
      id: 'platform/web/web',
      cluster: 'platform',
      namespace: 'web',
      name: 'web',
      workloads: [WEB_ID],
    } as ServiceSummary;
    const base: MeshModel = { ...testModel, services: [service] };
    const withFinding: MeshModel = {
      ...base,
      findings: [
        ...base.findings,
        {
          code: 'MESH-SERVICE-FINDING',
          severity: 'error',
          cluster: 'platform',
          message: 'port name',
          fix: '',
          objects: [
            {
              cluster: 'platform',
              namespace: 'web',
              kind: 'Service',
              name: 'web',
            },
          ],
        },
      ],
    };
    const { signals, publish } = setup();
    await publish({ previous: view(base), current: view(withFinding) });
    expect(signals.channels()).toEqual([`mesh:entity:${WEB}`, 'mesh:snapshot']);
  });

  it('signals an entity whose workload disappeared', async () => {
    const { signals, publish } = setup();
    await publish({
      previous: view(testModel),
      current: view({
        ...testModel,
        workloads: testModel.workloads.filter(w => w.name !== 'secret-api'),
      }),
    });
    expect(signals.channels()).toEqual([
      `mesh:entity:${SECRET}`,
      'mesh:snapshot',
    ]);
  });

  it('compares with the digests it kept for the view it saw last, and with the given previous view otherwise (another replica committed it)', async () => {
    const { signals, publish } = setup();
    const first = view(testModel);
    await publish({ current: first });
    signals.published.length = 0;
    const second = view(withWorkload(testModel, 'web-frontend', permissive));
    await publish({ previous: first, current: second });
    expect(signals.channels()).toEqual([`mesh:entity:${WEB}`, 'mesh:snapshot']);
    signals.published.length = 0;
    // Another replica's snapshot (secret-api changed there) is the baseline now.
    const committedElsewhere = view(
      withWorkload(testModel, 'secret-api', permissive),
    );
    await publish({ previous: committedElsewhere, current: view(testModel) });
    expect(signals.channels()).toEqual([
      `mesh:entity:${SECRET}`,
      'mesh:snapshot',
    ]);
  });

  it('logs a failed publish once per snapshot and never throws (pages fall back to their safety poll)', async () => {
    const { signals, logger, publish } = setup();
    signals.failWith = new Error('events backend down');
    await expect(
      publish({
        previous: view(testModel),
        current: view(withWorkload(testModel, 'web-frontend', permissive)),
      }),
    ).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith('Could not publish mesh signals', {
      failed: 2,
      of: 2,
      error: 'events backend down',
    });
  });

  it('names entity channels in lower case, as the page does', async () => {
    const signals = new RecordingSignals();
    const upper: EntityIndex = {
      ...entities(),
      refs: () => ['Component:default/Web-Frontend'],
      selectorOfRef: () =>
        selectorOfEntity(component('web-frontend', 'team-web')),
    } as unknown as EntityIndex;
    await publishMeshSignals({
      signals,
      entities: upper,
      logger: mockServices.logger.mock(),
    })({ current: view(testModel) });
    expect(signals.channels()).toContain(
      'mesh:entity:component:default/web-frontend',
    );
  });
});
