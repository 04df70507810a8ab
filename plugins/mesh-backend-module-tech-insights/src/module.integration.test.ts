import {
  createServiceFactory,
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  notificationService,
  type NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import techInsightsPlugin from '@backstage-community/plugin-tech-insights-backend';
import jsonRulesModule from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import { startSimulator, type Simulator } from '@internal/k8s-sim';
// The mesh backend is the facts' source: a test-only import of another plugin.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import meshPlugin from '@mesh-portal/plugin-mesh-backend';
import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { meshDefaultChecks } from './checks';
import { MESH_FACT_RETRIEVER_ID, meshFactNames } from './facts';
import { techInsightsModuleMeshFacts } from './module';
import { meshModulePostureNotifications } from './notificationsModule';

const DEMO = path.resolve(__dirname, '../../../packages/mesh-demo');
const TOKEN = 'facts-test-token';

function demoEntities(): Entity[] {
  const text = fs.readFileSync(
    path.join(DEMO, 'catalog/components.yaml'),
    'utf8',
  );
  const entities = parseAllDocuments(text)
    .map(doc => doc.toJS() as Entity)
    .filter(entity => entity?.kind);
  // An annotated entity whose selector matches no workload: no facts.
  entities.push({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'no-workloads',
      annotations: { 'backstage.io/kubernetes-id': 'no-such-workload' },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-web' },
  });
  return entities;
}

interface LatestFacts {
  [retrieverId: string]: { facts: Record<string, unknown> } | undefined;
}

interface CheckResult {
  check: { id: string };
  result: boolean;
}

describe('mesh facts and checks against a real snapshot of the simulated clusters', () => {
  let simulator: Simulator;
  let server: Server;
  // What the module asked the notifications backend to send.
  const sent: NotificationSendOptions[] = [];
  const scheduler = mockServices.scheduler() as SchedulerService & {
    factory(): ServiceFactory;
  };

  const latestFacts = async (name: string) => {
    const response = await request(server)
      .get('/api/tech-insights/facts/latest')
      .query({
        entity: `component:default/${name}`,
        'ids[]': MESH_FACT_RETRIEVER_ID,
      });
    expect(response.status).toBe(200);
    return (response.body as LatestFacts)[MESH_FACT_RETRIEVER_ID]?.facts;
  };
  const runChecks = async (name: string) => {
    const response = await request(server)
      .post(`/api/tech-insights/checks/run/default/component/${name}`)
      .send({ checks: Object.keys(meshDefaultChecks) });
    expect(response.status).toBe(200);
    return Object.fromEntries(
      (response.body as CheckResult[]).map(r => [r.check.id, r.result]),
    );
  };
  const meshView = async (name: string) =>
    (await request(server).get(`/api/mesh/entity/default/component/${name}`))
      .body;

  beforeAll(async () => {
    simulator = await startSimulator({
      manifestsDir: path.join(DEMO, 'clusters'),
      clusters: [
        { name: 'platform', token: TOKEN, port: 0 },
        { name: 'compute', token: TOKEN, port: 0 },
      ],
    });
    const url = (name: string) =>
      simulator.clusters.find(c => c.name === name)!.url;
    ({ server } = await startTestBackend({
      features: [
        meshPlugin,
        techInsightsPlugin,
        jsonRulesModule,
        techInsightsModuleMeshFacts,
        meshModulePostureNotifications,
        scheduler.factory(),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({
            send: async (options: NotificationSendOptions) => {
              sent.push(options);
            },
          }),
        }),
        catalogServiceMock.factory({ entities: demoEntities() }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: ['platform', 'compute'].map(name => ({
                    name,
                    url: url(name),
                    authProvider: 'serviceAccount',
                    serviceAccountToken: TOKEN,
                    skipTLSVerify: true,
                  })),
                },
              ],
            },
            app: { baseUrl: 'http://portal.test' },
            mesh: {
              // The scheduled full re-list (mesh-refresh) this test drives.
              collection: { mode: 'poll' },
              clusters: [
                { name: 'platform', istioClusterId: 'platform-east' },
                { name: 'compute', istioClusterId: 'compute-west' },
              ],
            },
            techInsights: {
              factRetrievers: {
                [MESH_FACT_RETRIEVER_ID]: { cadence: '* * * * *' },
              },
              factChecker: { checks: meshDefaultChecks },
            },
          },
        }),
      ],
    }));
    // The mock scheduler ran every task once at startup, the retriever
    // possibly before mesh's first snapshot: run it again now.
    await scheduler.triggerTask('mesh-refresh');
    await scheduler.triggerTask(MESH_FACT_RETRIEVER_ID);
  }, 120_000);

  afterAll(async () => {
    await simulator?.stop();
  });

  it('publishes the posture of an entity meshed and STRICT everywhere (E1 mesh-wide STRICT), and its checks pass', async () => {
    expect(await latestFacts('public-api')).toEqual({
      [meshFactNames.workloads]: 1,
      [meshFactNames.allWorkloadsMeshed]: true,
      [meshFactNames.strictOnEveryPort]: true,
      [meshFactNames.strictWorkloadShare]: 1,
      [meshFactNames.errorFindings]: 0,
      [meshFactNames.warningFindings]: 0,
      // STRICT already: ready, with nothing left to tighten.
      [meshFactNames.strictReady]: true,
      [meshFactNames.workloadsReadyToTighten]: 0,
    });
    expect(await runChecks('public-api')).toEqual({
      meshInTheMesh: true,
      meshStrictMtls: true,
      meshNoErrorFindings: true,
    });
  });

  it('counts a workload PERMISSIVE in one of two clusters (E1 namespace PERMISSIVE) and its error finding, and fails those checks', async () => {
    const facts = await latestFacts('web-frontend');
    expect(facts).toMatchObject({
      [meshFactNames.workloads]: 2,
      [meshFactNames.allWorkloadsMeshed]: true,
      [meshFactNames.strictOnEveryPort]: false,
      [meshFactNames.strictWorkloadShare]: 0.5,
      [meshFactNames.errorFindings]: 1,
      [meshFactNames.warningFindings]: 1,
      [meshFactNames.workloadsReadyToTighten]: 0,
    });
    // The PERMISSIVE workload saw no traffic (no Prometheus here): unknown,
    // never ready, so the fact is absent rather than true or false.
    expect(facts).not.toHaveProperty(meshFactNames.strictReady);
    // The same counts as mesh's own view of the entity.
    const view = await meshView('web-frontend');
    expect(
      view.findings.filter((f: { severity: string }) => f.severity === 'error'),
    ).toHaveLength(1);
    expect(await runChecks('web-frontend')).toEqual({
      meshInTheMesh: true,
      meshStrictMtls: false,
      meshNoErrorFindings: false,
    });
  });

  it('fails "in the mesh" for a workload whose pods predate injection (M1, IST0103 analogue)', async () => {
    expect(await latestFacts('partner-webhooks')).toMatchObject({
      [meshFactNames.allWorkloadsMeshed]: false,
      [meshFactNames.strictOnEveryPort]: false,
      [meshFactNames.strictWorkloadShare]: 0,
    });
    // Partly meshed (its older pods run without a proxy) and no traffic
    // observed: mesh's readiness is unknown, so there is no verdict.
    expect(await latestFacts('partner-webhooks')).not.toHaveProperty(
      meshFactNames.strictReady,
    );
    expect(await runChecks('partner-webhooks')).toEqual({
      meshInTheMesh: false,
      meshStrictMtls: false,
      meshNoErrorFindings: true,
    });
  });

  it('gives an entity without workloads no facts and no check results (not failing)', async () => {
    expect(await latestFacts('no-workloads')).toBeUndefined();
    expect(await runChecks('no-workloads')).toEqual({});
  });

  it('sends no notification while nothing changes', async () => {
    await scheduler.triggerTask('mesh-refresh');
    await scheduler.triggerTask(MESH_FACT_RETRIEVER_ID);
    expect(sent).toEqual([]);
  });

  it('notifies the owner once, from the mesh refresh that sees a namespace switched to PERMISSIVE (E1, E4), and follows it in the facts and back', async () => {
    const policy = {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'api' },
      spec: { mtls: { mode: 'PERMISSIVE' } },
    };
    await simulator.applyObject('platform', policy);
    try {
      // The snapshot listener runs in mesh's refresh task, whatever Tech
      // Insights' cadence.
      await scheduler.triggerTask('mesh-refresh');
      expect(sent).toHaveLength(1);
      await scheduler.triggerTask(MESH_FACT_RETRIEVER_ID);
      expect(await latestFacts('public-api')).toMatchObject({
        [meshFactNames.allWorkloadsMeshed]: true,
        [meshFactNames.strictOnEveryPort]: false,
        [meshFactNames.strictWorkloadShare]: 0,
      });
      expect((await runChecks('public-api')).meshStrictMtls).toBe(false);

      // One notification, to the entity (resolved to its owner by the
      // notifications backend), linking to its Mesh tab.
      expect(sent).toHaveLength(1);
      expect(sent[0].recipients).toEqual({
        type: 'entity',
        entityRef: 'component:default/public-api',
      });
      expect(sent[0].payload).toMatchObject({
        title: 'Mesh posture of public-api regressed',
        link: 'http://portal.test/catalog/default/component/public-api/mesh',
        topic: 'mesh-posture',
        severity: 'high',
      });
      expect(sent[0].payload.description).toContain(
        'No longer STRICT mTLS on every port: platform/api/Deployment/public-api',
      );
      // The same posture again: no new snapshot, no second notification.
      await scheduler.triggerTask('mesh-refresh');
      await scheduler.triggerTask(MESH_FACT_RETRIEVER_ID);
      expect(sent).toHaveLength(1);
    } finally {
      await simulator.deleteObject('platform', {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        namespace: 'api',
        name: 'default',
      });
    }
    await scheduler.triggerTask('mesh-refresh');
    await scheduler.triggerTask(MESH_FACT_RETRIEVER_ID);
    expect((await runChecks('public-api')).meshStrictMtls).toBe(true);
    // Improvements are off by default.
    expect(sent).toHaveLength(1);
  });
});
