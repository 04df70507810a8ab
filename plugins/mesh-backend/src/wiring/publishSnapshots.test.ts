import { mockServices } from '@backstage/backend-test-utils';
import type {
  MeshModel,
  ServiceSummary,
} from '@mesh-portal/plugin-mesh-common';
import { component, testModel, workload } from '../__testUtils__/fixtures';
import { selectorOfEntity, type EntityIndex } from '../entities';
import type { MeshSnapshotChange } from '../extensions';
import { WorkloadIndex, type MeshView } from '../snapshot';
import { publishSnapshots } from './publishSnapshots';

const WEB = 'component:default/web-frontend';
const SHARED = 'component:default/web-shared';
const WEB_ID = 'platform/web/Deployment/web-frontend';

const service: ServiceSummary = {
  id: 'platform/web/web',
  cluster: 'platform',
  namespace: 'web',
  name: 'web',
  workloads: [WEB_ID],
} as ServiceSummary;

const model: MeshModel = {
  ...testModel,
  services: [service],
  findings: [
    ...testModel.findings,
    {
      code: 'MESH-SERVICE-FINDING',
      severity: 'error',
      cluster: 'platform',
      message: '',
      fix: '',
      objects: [
        { cluster: 'platform', namespace: 'web', kind: 'Service', name: 'web' },
      ],
    },
  ],
};

const view = (m: MeshModel, version: number): MeshView => ({
  version,
  computedAt: 0,
  index: new WorkloadIndex(m),
});

/** An entity index of web-frontend, and optionally a second claimant of its workload. */
function entities(contested: boolean): EntityIndex {
  const selectors = new Map(
    [component('web-frontend', 'team-web')].map(e => [
      WEB,
      selectorOfEntity(e)!,
    ]),
  );
  return {
    isLoaded: () => true,
    reload: async () => {},
    refs: () => [...selectors.keys()],
    selectorOfRef: (ref: string) => selectors.get(ref),
    claimantsOf: (id: string) =>
      id === WEB_ID
        ? [{ ref: WEB }, ...(contested ? [{ ref: SHARED }] : [])]
        : [],
  } as unknown as EntityIndex;
}

describe('publishSnapshots', () => {
  it("gives listeners both snapshots, each entity's workloads with the findings on them or their Services", async () => {
    const seen: MeshSnapshotChange[] = [];
    const publish = publishSnapshots({
      listeners: [change => void seen.push(change)],
      entities: entities(false),
      logger: mockServices.logger.mock(),
    });
    const before: MeshModel = {
      ...model,
      workloads: [],
      services: [],
      findings: [],
    };
    await publish({ previous: view(before, 1), current: view(model, 2) });

    const [change] = seen;
    expect(change.entityRefs).toEqual([WEB]);
    expect(change.previous!.entityMesh(WEB)).toEqual({
      workloads: [],
      findings: [],
      contestedWorkloads: [],
    });
    const now = change.current.entityMesh(WEB)!;
    expect(now.workloads.map(w => w.id)).toEqual([WEB_ID]);
    expect(now.findings.map(f => f.code).sort()).toEqual([
      'MESH-SERVICE-FINDING',
      'MESH-TEST',
    ]);
    expect(now.contestedWorkloads).toEqual([]);
    // An entity mesh does not know has no part.
    expect(change.current.entityMesh('component:default/nope')).toBeUndefined();
  });

  it('marks a workload another entity claims too as contested', async () => {
    const seen: MeshSnapshotChange[] = [];
    await publishSnapshots({
      listeners: [change => void seen.push(change)],
      entities: entities(true),
      logger: mockServices.logger.mock(),
    })({ current: view(model, 1) });
    expect(seen[0].previous).toBeUndefined();
    expect(seen[0].current.entityMesh(WEB)!.contestedWorkloads).toEqual([
      WEB_ID,
    ]);
  });

  it('logs a listener that throws and still calls the next one', async () => {
    const logger = mockServices.logger.mock();
    const second = jest.fn();
    await publishSnapshots({
      listeners: [
        () => {
          throw new Error('listener bug');
        },
        second,
      ],
      entities: entities(false),
      logger,
    })({
      current: view({ ...model, workloads: [workload('web', 'x', {})] }, 1),
    });
    expect(second).toHaveBeenCalledTimes(1);
    expect(logger.error).toHaveBeenCalledWith(
      'A mesh snapshot listener failed',
      { error: 'listener bug' },
    );
  });
});
