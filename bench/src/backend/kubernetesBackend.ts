/**
 * Starts a Backstage backend with only the Kubernetes plugin, for the
 * backend benchmark's comparison. It runs in its own Node process because the
 * Kubernetes plugin loads `@kubernetes/client-node` with a dynamic `import()`,
 * which Jest's module runtime refuses without `--experimental-vm-modules`.
 *
 * Input: env `MESH_BENCH_CLUSTERS` (JSON of the `clusters` config block).
 * Output: a line `PORT <n>` on stdout once it serves; stops on SIGTERM.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { benchEntities } from './fixtures';

async function main() {
  const clusters = JSON.parse(process.env.MESH_BENCH_CLUSTERS ?? '[]');
  const backend = await startTestBackend({
    features: [
      kubernetesPlugin,
      catalogServiceMock.factory({ entities: benchEntities() }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [{ type: 'config', clusters }],
          },
        },
      }),
    ],
  });
  const address = backend.server.address() as { port: number };
  process.stdout.write(`PORT ${address.port}\n`);
  process.on('SIGTERM', () => {
    backend.stop().finally(() => process.exit(0));
  });
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
