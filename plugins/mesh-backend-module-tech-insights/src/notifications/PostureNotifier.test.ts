import { mockServices } from '@backstage/backend-test-utils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
// mesh's extension point lives in its backend package (no -node package yet).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import type {
  MeshSnapshot,
  MeshSnapshotEntity,
} from '@mesh-portal/plugin-mesh-backend';
import type { Finding, Workload } from '@mesh-portal/plugin-mesh-common';
import { PostureNotifier } from './PostureNotifier';

const API = 'component:default/public-api';
const WEB = 'component:default/web';
const EMPTY = 'component:default/no-workloads';

function workload(name: string, coverage: 'strict' | 'meshed' | 'outside') {
  return {
    id: `platform/api/Deployment/${name}`,
    cluster: 'platform',
    namespace: 'api',
    kind: 'Deployment',
    name,
    membership: { state: coverage === 'outside' ? 'none' : 'sidecar' },
    coverage: coverage === 'meshed' ? 'meshed-not-strict' : coverage,
  } as unknown as Workload;
}

const errorFinding: Finding = {
  code: 'MESH-DR-DISABLES-STRICT',
  severity: 'error',
  cluster: 'platform',
  message: '',
  fix: '',
  objects: [
    {
      cluster: 'platform',
      namespace: 'api',
      kind: 'DestinationRule',
      name: 'x',
    },
  ],
  workloads: ['platform/api/Deployment/public-api'],
};

function snapshot(
  entities: Record<string, Partial<MeshSnapshotEntity>>,
): MeshSnapshot {
  return {
    computedAt: '2026-12-06T00:00:00.000Z',
    model: { clusters: [], workloads: [], services: [], findings: [] },
    entityMesh: ref =>
      entities[ref] && {
        workloads: [],
        findings: [],
        contestedWorkloads: [],
        ...entities[ref],
      },
  };
}

function setup(
  settings: {
    improvements?: boolean;
    send?: (options: NotificationSendOptions) => Promise<void>;
  } = {},
) {
  const sent: NotificationSendOptions[] = [];
  const logger = mockServices.logger.mock();
  const notifier = new PostureNotifier({
    notifications: {
      send:
        settings.send ??
        (async options => {
          sent.push(options);
        }),
    },
    logger,
    settings: {
      regressions: true,
      improvements: settings.improvements ?? false,
      appBaseUrl: 'http://portal.test',
      meshTabPath: 'mesh',
    },
  });
  return { sent, logger, notifier };
}

const strictApi = { [API]: { workloads: [workload('public-api', 'strict')] } };
const permissiveApi = {
  [API]: { workloads: [workload('public-api', 'meshed')] },
};
const entityRefs = [API, WEB, EMPTY];

describe('PostureNotifier', () => {
  it('sends nothing for the first snapshot (the baseline) or an unchanged one', async () => {
    const { sent, notifier } = setup();
    await notifier.onSnapshot({ current: snapshot(strictApi), entityRefs });
    await notifier.onSnapshot({
      previous: snapshot(strictApi),
      current: snapshot(strictApi),
      entityRefs,
    });
    expect(sent).toEqual([]);
  });

  it('sends nothing for an entity without workloads, before or after', async () => {
    const { sent, notifier } = setup();
    await notifier.onSnapshot({
      previous: snapshot({ [EMPTY]: {} }),
      current: snapshot({ [EMPTY]: {} }),
      entityRefs,
    });
    expect(sent).toEqual([]);
  });

  it('notifies the entity (its owner) once when a workload leaves STRICT (E1 namespace PERMISSIVE)', async () => {
    const { sent, notifier } = setup();
    await notifier.onSnapshot({
      previous: snapshot(strictApi),
      current: snapshot(permissiveApi),
      entityRefs,
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toEqual({
      recipients: { type: 'entity', entityRef: API },
      payload: expect.objectContaining({
        title: 'Mesh posture of public-api regressed',
        description:
          'No longer STRICT mTLS on every port: platform/api/Deployment/public-api.',
        link: 'http://portal.test/catalog/default/component/public-api/mesh',
        severity: 'high',
        topic: 'mesh-posture',
        scope: expect.stringMatching(
          /^mesh-posture:component:default\/public-api:[0-9a-f]{16}$/,
        ),
      }),
    });
  });

  it('names a new error finding by its code only', async () => {
    const { sent, notifier } = setup();
    await notifier.onSnapshot({
      previous: snapshot(strictApi),
      current: snapshot({
        [API]: { ...strictApi[API], findings: [errorFinding] },
      }),
      entityRefs,
    });
    expect(sent[0].payload.description).toBe(
      'New error findings: MESH-DR-DISABLES-STRICT.',
    );
  });

  it('leaves out a workload another entity claims too, with its findings: mesh shows it only to readers of every claimant', async () => {
    const { sent, notifier } = setup();
    const contested = {
      contestedWorkloads: ['platform/api/Deployment/public-api'],
    };
    await notifier.onSnapshot({
      previous: snapshot({ [API]: { ...strictApi[API], ...contested } }),
      current: snapshot({
        [API]: {
          ...permissiveApi[API],
          findings: [errorFinding],
          ...contested,
        },
      }),
      entityRefs,
    });
    expect(sent).toEqual([]);
  });

  it('tells of an entity becoming STRICT everywhere only when improvements are on', async () => {
    for (const improvements of [false, true]) {
      const { sent, notifier } = setup({ improvements });
      await notifier.onSnapshot({
        previous: snapshot(permissiveApi),
        current: snapshot(strictApi),
        entityRefs,
      });
      expect(sent.map(s => s.payload.title)).toEqual(
        improvements ? ['public-api is STRICT everywhere'] : [],
      );
    }
  });

  it('logs a failed send and goes on with the other entities', async () => {
    const delivered: string[] = [];
    const { logger, notifier } = setup({
      send: async options => {
        const ref = (options.recipients as { entityRef: string }).entityRef;
        if (ref === API) throw new Error('notifications backend down');
        delivered.push(ref);
      },
    });
    const both = (coverage: 'strict' | 'meshed') => ({
      [API]: { workloads: [workload('public-api', coverage)] },
      [WEB]: { workloads: [workload('web', coverage)] },
    });
    await notifier.onSnapshot({
      previous: snapshot(both('strict')),
      current: snapshot(both('meshed')),
      entityRefs,
    });
    expect(delivered).toEqual([WEB]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(`Could not notify the owner of ${API}`),
    );
  });
});
