import {
  coreServices,
  createServiceFactory,
  LoggerService,
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startSimulator, type Simulator } from '@internal/k8s-sim';
import type { ClustersResponse } from '@mesh-portal/plugin-mesh-common';
import type { Server } from 'node:http';
import path from 'node:path';
import request from 'supertest';
import { meshPlugin } from './plugin';

jest.setTimeout(120_000);

const DEMO = path.resolve(__dirname, '../../../packages/mesh-demo');
const TOKEN = 'compute-demo-token';

/** A logger that keeps every line, to check no token reaches it. */
function capturingLogger(lines: string[]): LoggerService {
  const make = (): LoggerService => {
    const log = (level: string) => (message: string, extra?: unknown) => {
      lines.push(`${level} ${message} ${JSON.stringify(extra)}`);
    };
    return {
      error: log('error'),
      warn: log('warn'),
      info: log('info'),
      debug: log('debug'),
      child: () => make(),
    };
  };
  return make();
}

describe('the plugin in watch mode (mesh.collection.mode: watch, the default)', () => {
  let simulator: Simulator;
  let server: Server;
  const scheduler = mockServices.scheduler() as SchedulerService & {
    factory(): ServiceFactory;
    triggerTask(id: string): Promise<void>;
  };
  const scheduled = jest.spyOn(scheduler, 'scheduleTask');
  const logLines: string[] = [];

  const clusters = async () =>
    (await request(server).get('/api/mesh/clusters')).body as ClustersResponse;

  beforeAll(async () => {
    simulator = await startSimulator({
      manifestsDir: path.join(DEMO, 'clusters'),
      clusters: [{ name: 'compute', token: TOKEN, port: 0 }],
    });
    ({ server } = await startTestBackend({
      features: [
        meshPlugin,
        scheduler.factory(),
        catalogServiceMock.factory({ entities: [] }),
        createServiceFactory({
          service: coreServices.logger,
          deps: {},
          factory: () => capturingLogger(logLines),
        }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'compute',
                      url: simulator.clusters[0].url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: TOKEN,
                      skipTLSVerify: true,
                    },
                  ],
                },
              ],
            },
            // No mode: watch is the default.
            mesh: { collection: { debounce: '50ms' } },
          },
        }),
      ],
    }));
  });

  afterAll(async () => {
    await simulator?.stop();
  });

  it('schedules the lease task instead of the full refresh, takes the lease and serves the watched cluster', async () => {
    const ids = scheduled.mock.calls.map(([task]) => task.id);
    expect(ids).toContain('mesh-watch');
    expect(ids).not.toContain('mesh-refresh');
    const deadline = Date.now() + 60_000;
    let status = (await clusters()).clusters[0];
    while (!status?.ok && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 100));
      await scheduler.triggerTask('mesh-sync');
      status = (await clusters()).clusters[0];
    }
    expect(status).toMatchObject({ name: 'compute', ok: true, stale: false });
    expect(status.mesh?.counts.Pod).toBeGreaterThan(0);
    expect(logLines.join('\n')).toMatch(/Took the mesh collection lease/);
    for (const line of logLines) expect(line).not.toContain(TOKEN);
  });
});
