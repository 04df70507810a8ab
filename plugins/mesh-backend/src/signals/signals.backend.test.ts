import {
  createServiceFactory,
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  signalsServiceRef,
  type SignalPayload,
} from '@backstage/plugin-signals-node';
import { startSimulator, type Simulator } from '@internal/k8s-sim';
import path from 'node:path';
import { meshPlugin } from '../plugin';

jest.setTimeout(180_000);

const DEMO = path.resolve(__dirname, '../../../../packages/mesh-demo');
const TOKEN = 'compute-demo-token';
const SPARK_DRIVER = 'mesh:entity:component:default/spark-driver';
const SHUFFLE = 'mesh:entity:component:default/shuffle-service';

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-data', lifecycle: 'production' },
  };
}

async function until(what: string, check: () => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

/**
 * The plugin in a real backend, watching the demo's compute cluster in the
 * simulator, with the signals service replaced by one that records: a
 * PeerAuthentication switched in the cluster produces one signal for the
 * entity whose workloads it governs, none for the others.
 */
describe('the plugin publishes signals for changed entities', () => {
  let simulator: Simulator;
  const published: SignalPayload[] = [];
  const scheduler = mockServices.scheduler() as SchedulerService & {
    factory(): ServiceFactory;
    triggerTask(id: string): Promise<void>;
  };

  beforeAll(async () => {
    simulator = await startSimulator({
      manifestsDir: path.join(DEMO, 'clusters'),
      clusters: [{ name: 'compute', token: TOKEN, port: 0 }],
    });
    await startTestBackend({
      features: [
        meshPlugin,
        scheduler.factory(),
        catalogServiceMock.factory({
          entities: [
            component('spark-driver', {
              'backstage.io/kubernetes-id': 'spark-driver',
            }),
            component('shuffle-service', {
              'backstage.io/kubernetes-id': 'shuffle-service',
              'backstage.io/kubernetes-namespace': 'shuffle',
            }),
          ],
        }),
        createServiceFactory({
          service: signalsServiceRef,
          deps: {},
          factory: () => ({
            async publish(signal) {
              published.push(signal as SignalPayload);
            },
          }),
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
            mesh: { collection: { mode: 'watch', debounce: '50ms' } },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await simulator?.stop();
  });

  it('signals spark-driver once when its namespace goes STRICT (E1, E4), and the snapshot channel; shuffle-service not', async () => {
    // The first snapshot ever stored signals every entity.
    await until('the first snapshot', () =>
      published.some(p => p.channel === SPARK_DRIVER),
    );
    expect(published.map(p => p.channel).sort()).toEqual([
      SHUFFLE,
      SPARK_DRIVER,
      'mesh:snapshot',
    ]);
    published.length = 0;

    await simulator.patchObject(
      'compute',
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        namespace: 'spark',
        name: 'default',
      },
      { spec: { mtls: { mode: 'STRICT' } } },
    );
    await until('a signal for spark-driver', () =>
      published.some(p => p.channel === SPARK_DRIVER),
    );
    // Let a second, wrong signal of the same change arrive if there were one.
    await new Promise(resolve => setTimeout(resolve, 1_000));
    expect(published.map(p => p.channel).sort()).toEqual([
      SPARK_DRIVER,
      'mesh:snapshot',
    ]);
    for (const signal of published) {
      expect(signal.recipients).toEqual({ type: 'broadcast' });
      expect(Object.keys(signal.message)).toEqual(['computedAt']);
    }
  });
});
