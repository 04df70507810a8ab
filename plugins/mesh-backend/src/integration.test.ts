import {
  coreServices,
  createServiceFactory,
  LoggerService,
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startSimulator, type Simulator } from '@internal/k8s-sim';
import type {
  AuditResponse,
  ClustersResponse,
  EntityMeshResponse,
} from '@mesh-portal/plugin-mesh-common';
import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { meshPlugin } from './plugin';

const DEMO = path.resolve(__dirname, '../../../packages/mesh-demo');
const TOKENS = {
  platform: 'platform-demo-token',
  compute: 'compute-demo-token',
};

/** A logger that keeps every line (message and metadata) for inspection. */
function capturingLogger(lines: string[]): LoggerService {
  const make = (meta: object): LoggerService => {
    const log = (level: string) => (message: string, extra?: unknown) => {
      lines.push(`${level} ${message} ${JSON.stringify({ ...meta, extra })}`);
    };
    return {
      error: log('error'),
      warn: log('warn'),
      info: log('info'),
      debug: log('debug'),
      child: childMeta => make({ ...meta, ...childMeta }),
    };
  };
  return make({});
}

function demoEntities(): Entity[] {
  const text = fs.readFileSync(
    path.join(DEMO, 'catalog/components.yaml'),
    'utf8',
  );
  return parseAllDocuments(text)
    .map(doc => doc.toJS() as Entity)
    .filter(entity => entity?.kind);
}

describe('mesh backend against the simulated clusters', () => {
  let simulator: Simulator;
  let server: Server;
  // The mock scheduler runs every task once at startup, then only when
  // triggered; its `factory` is not in the public type.
  const scheduler = mockServices.scheduler() as SchedulerService & {
    factory(): ServiceFactory;
  };
  const logLines: string[] = [];
  const bodies: string[] = [];

  const get = async (url: string) => {
    const response = await request(server).get(url);
    bodies.push(response.text);
    return response;
  };
  const clusters = async () =>
    (await get('/api/mesh/clusters')).body as ClustersResponse;
  const statusOf = async (name: string) =>
    (await clusters()).clusters.find(c => c.name === name)!;

  beforeAll(async () => {
    simulator = await startSimulator({
      manifestsDir: path.join(DEMO, 'clusters'),
      clusters: [
        { name: 'platform', token: TOKENS.platform, port: 0, tlsPort: 0 },
        { name: 'compute', token: TOKENS.compute, port: 0, tlsPort: 0 },
      ],
    });
    // Over HTTPS with the simulator's CA, as against a real API server.
    const url = (name: string) =>
      simulator.clusters.find(c => c.name === name)!.tlsUrl!;
    const caData = Buffer.from(simulator.certificateAuthority!).toString(
      'base64',
    );
    const logger = capturingLogger(logLines);
    ({ server } = await startTestBackend({
      features: [
        meshPlugin,
        scheduler.factory(),
        catalogServiceMock.factory({ entities: demoEntities() }),
        createServiceFactory({
          service: coreServices.logger,
          deps: {},
          factory: () => logger,
        }),
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
                    serviceAccountToken: TOKENS[name as keyof typeof TOKENS],
                    caData,
                  })),
                },
              ],
            },
            mesh: {
              // The scheduled full re-list (mesh-refresh) this test drives.
              collection: { mode: 'poll' },
              // Short, so that "stale" (two intervals) is reached quickly.
              refresh: { frequency: { seconds: 1 }, timeout: { seconds: 20 } },
              requestTimeout: { seconds: 2 },
              clusters: [
                { name: 'platform', istioClusterId: 'platform-east' },
                { name: 'compute', istioClusterId: 'compute-west' },
              ],
            },
          },
        }),
      ],
    }));
  }, 60_000);

  afterAll(async () => {
    await simulator?.stop();
  });

  it('reads both clusters at startup and serves them', async () => {
    const response = await clusters();
    expect(response.clusters.map(c => [c.name, c.ok, c.stale])).toEqual([
      ['platform', true, false],
      ['compute', true, false],
    ]);
    const platform = response.clusters.find(c => c.name === 'platform')!;
    expect(platform.mesh?.istioClusterId).toBe('platform-east');
    expect(platform.mesh?.counts.Pod).toBeGreaterThan(0);
  });

  it('maps an entity to its workloads with the label-selector annotation', async () => {
    const response = await get(
      '/api/mesh/entity/default/component/spark-executor',
    );
    expect(response.status).toBe(200);
    const body = response.body as EntityMeshResponse;
    expect(body.entityRef).toBe('component:default/spark-executor');
    expect(body.workloads.length).toBeGreaterThan(0);
    for (const workload of body.workloads) {
      expect(workload.cluster).toBe('compute');
      expect(workload.namespace).toBe('spark');
      expect(workload.labels['spark-role']).toBe('executor');
    }
  });

  it('lists unowned workloads in the audit', async () => {
    const response = await get('/api/mesh/audit?limit=1000');
    expect(response.status).toBe(200);
    const body = response.body as AuditResponse;
    expect(body.totalItems).toBe(body.items.length);
    const toolbox = body.items.find(row => row.workload === 'debug-toolbox');
    expect(toolbox).toBeDefined();
    expect(toolbox!.entityRef).toBeUndefined();
    const frontend = body.items.find(
      row => row.entityRef === 'component:default/web-frontend',
    );
    expect(frontend?.owner).toBe('group:default/team-web');
    expect(new Set(body.items.map(row => row.cluster))).toEqual(
      new Set(['platform', 'compute']),
    );
  });

  it('keeps the last good data of a downed cluster, marked stale, and recovers', async () => {
    const before = (await get('/api/mesh/audit?cluster=compute&limit=1000'))
      .body as AuditResponse;
    expect(before.totalItems).toBeGreaterThan(0);

    await simulator.stopCluster('compute');
    // Refresh until the downed cluster's data is older than two intervals.
    for (let i = 0; i < 20; i++) {
      await scheduler.triggerTask('mesh-refresh');
      if ((await statusOf('compute')).stale) break;
      await new Promise(resolve => setTimeout(resolve, 300));
    }
    const down = await statusOf('compute');
    expect(down.ok).toBe(false);
    expect(down.stale).toBe(true);
    expect(down.error).toMatch(/connection refused|connection reset/);
    const platform = await statusOf('platform');
    expect(platform.ok).toBe(true);
    expect(platform.stale).toBe(false);

    const during = (await get('/api/mesh/audit?cluster=compute&limit=1000'))
      .body as AuditResponse;
    expect(during.totalItems).toBe(before.totalItems);
    expect(during.clusters.find(c => c.name === 'compute')?.stale).toBe(true);

    await simulator.startCluster('compute');
    await scheduler.triggerTask('mesh-refresh');
    const recovered = await statusOf('compute');
    expect(recovered.ok).toBe(true);
    expect(recovered.stale).toBe(false);
    expect(recovered.error).toBeUndefined();
  });

  it('reports a cluster answering 401 with an error that holds no token', async () => {
    await simulator.setFault('platform', { mode: 'status', status: 401 });
    await scheduler.triggerTask('mesh-refresh');
    const status = await statusOf('platform');
    expect(status.ok).toBe(false);
    expect(status.error).toMatch(/HTTP 401/);
    await simulator.clearFaults();
    await scheduler.triggerTask('mesh-refresh');
    expect((await statusOf('platform')).ok).toBe(true);
  });

  it('reports a dropped connection and a slow cluster, each next to the fresh other', async () => {
    await simulator.setFault('compute', { mode: 'drop' });
    await scheduler.triggerTask('mesh-refresh');
    expect((await statusOf('compute')).error).toMatch(
      /connection reset|socket hang up|connection closed/,
    );
    await simulator.setFault('compute', { mode: 'slow', delayMs: 3_000 });
    await scheduler.triggerTask('mesh-refresh');
    expect((await statusOf('compute')).error).toMatch(/timed out after 2 s/);
    expect((await statusOf('platform')).ok).toBe(true);
    await simulator.clearFaults();
    await scheduler.triggerTask('mesh-refresh');
    expect((await statusOf('compute')).ok).toBe(true);
  });

  it('never puts a cluster token into a response body or a log line', () => {
    expect(bodies.length).toBeGreaterThan(5);
    expect(logLines.length).toBeGreaterThan(0);
    for (const token of Object.values(TOKENS)) {
      for (const body of bodies) expect(body).not.toContain(token);
      for (const line of logLines) expect(line).not.toContain(token);
    }
  });
});
