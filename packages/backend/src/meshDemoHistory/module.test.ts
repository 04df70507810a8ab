import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import {
  meshHistoryExtensionPoint,
  type HistorySeeder,
} from '@mesh-portal/plugin-mesh-backend';
import { meshDemoHistoryModule } from './module';

/** A stand-in `mesh` plugin that only captures what the module registers. */
function capturingMeshPlugin(captured: { seeder?: HistorySeeder }) {
  return createBackendPlugin({
    pluginId: 'mesh',
    register(env) {
      env.registerExtensionPoint(meshHistoryExtensionPoint, {
        setSeeder(seeder) {
          captured.seeder = seeder;
        },
      });
      env.registerInit({ deps: {}, async init() {} });
    },
  });
}

describe('meshDemoHistoryModule', () => {
  it('registers a seeder for meshDemo.history.seedDays days', async () => {
    const captured: { seeder?: HistorySeeder } = {};
    await startTestBackend({
      features: [
        capturingMeshPlugin(captured),
        meshDemoHistoryModule,
        mockServices.rootConfig.factory({
          data: { meshDemo: { history: { seedDays: 60 } } },
        }),
      ],
    });
    expect(captured.seeder?.days).toBe(60);
  });

  it('seeds nothing when the key is absent', async () => {
    const captured: { seeder?: HistorySeeder } = {};
    await startTestBackend({
      features: [capturingMeshPlugin(captured), meshDemoHistoryModule],
    });
    expect(captured.seeder).toBeUndefined();
  });

  it('fails at startup naming the key when the value is not a whole number of days', async () => {
    await expect(
      startTestBackend({
        features: [
          capturingMeshPlugin({}),
          meshDemoHistoryModule,
          mockServices.rootConfig.factory({
            data: { meshDemo: { history: { seedDays: 2.5 } } },
          }),
        ],
      }),
    ).rejects.toThrow(/meshDemo\.history\.seedDays/);
  });
});
