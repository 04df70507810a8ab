import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  component,
  refreshedSnapshot,
  testConfig,
} from '../__testUtils__/fixtures';
import { createWorkloadDirectory } from './createWorkloadDirectory';
import { EntityIndex } from './EntityIndex';

describe('createWorkloadDirectory', () => {
  async function setup() {
    const snapshot = await refreshedSnapshot(testConfig());
    const frontend = component('web-frontend', 'team-web');
    frontend.spec = { ...frontend.spec, system: 'shop' };
    frontend.relations = [
      { type: 'dependsOn', targetRef: 'component:default/public-api' },
      { type: 'consumesApi', targetRef: 'api:default/public-api' },
    ];
    const entities = new EntityIndex({
      catalog: catalogServiceMock({
        entities: [
          frontend,
          // Claims nothing: no workload carries this id.
          component('ghost', 'team-ghost'),
          // No annotation: not indexed at all.
          { ...component('plain', 'team-web'), metadata: { name: 'plain' } },
        ],
      }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      snapshot,
    });
    await entities.reload();
    return {
      directory: createWorkloadDirectory({ snapshot, entities }),
      entities,
    };
  }

  it('joins a telemetry workload name to its workload and entity', async () => {
    const { directory } = await setup();
    expect(directory.findWorkload('platform', 'web', 'web-frontend')).toEqual({
      workloadId: 'platform/web/Deployment/web-frontend',
      cluster: 'platform',
      namespace: 'web',
      name: 'web-frontend',
      kind: 'Deployment',
      membership: 'sidecar',
      // M4: an injected proxy is a native or a classic sidecar.
      nativeSidecar: false,
      service: 'web-frontend',
      entity: {
        ref: 'component:default/web-frontend',
        title: undefined,
        owner: 'group:default/team-web',
        system: 'system:default/shop',
        dependsOn: ['component:default/public-api'],
        consumesApis: ['api:default/public-api'],
        providesApis: [],
      },
    });
  });

  it('lists every workload once, as findWorkload resolves it (idle workloads, issue 18)', async () => {
    const { directory } = await setup();
    const all = directory.listWorkloads!();
    const ids = all.map(e => e.workloadId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(all).toContainEqual(
      directory.findWorkload('platform', 'web', 'web-frontend'),
    );
    for (const entry of all) {
      expect(
        directory.findWorkload(entry.cluster, entry.namespace, entry.name),
      ).toEqual(entry);
    }
  });

  it('knows unowned and unknown workloads', async () => {
    const { directory } = await setup();
    expect(
      directory.findWorkload('platform', 'api', 'debug-toolbox')?.entity,
    ).toBeUndefined();
    expect(directory.findWorkload('platform', 'api', 'nope')).toBeUndefined();
    expect(
      directory.findWorkload('compute', 'web', 'web-frontend'),
    ).toBeUndefined();
  });

  it('lists the workloads of an entity', async () => {
    const { directory, entities } = await setup();
    expect(
      directory.workloadsOfEntity('component:default/web-frontend'),
    ).toEqual(['platform/web/Deployment/web-frontend']);
    expect(directory.workloadsOfEntity('component:default/ghost')).toEqual([]);
    expect(entities.refs().sort()).toEqual([
      'component:default/ghost',
      'component:default/web-frontend',
    ]);
  });
});
