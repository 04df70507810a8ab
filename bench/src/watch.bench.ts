/**
 * Benchmark of the watch collection (`mesh.collection.mode: watch`) against
 * the simulated API server serving 2 clusters x 10,000 pods: the time from a
 * change in the simulator (a pod losing its sidecar, a PeerAuthentication
 * switched to STRICT) to the entity endpoint answering it, and the API-server
 * requests per hour at steady state, watch versus poll. Prints figures;
 * asserts only correctness. Run with `yarn bench src/watch.bench`.
 */
import type {
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startSimulator, type Simulator } from '@internal/k8s-sim';
import { meshPlugin, readMeshConfig } from '@mesh-portal/plugin-mesh-backend';
// The collector is internal to the backend package; measured directly on purpose.
import { collectCluster } from '@mesh-portal/plugin-mesh-backend/testUtils';
import type {
  ClustersResponse,
  EntityMeshResponse,
} from '@mesh-portal/plugin-mesh-common';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  benchEntities,
  CLUSTERS,
  DEPLOYMENTS,
  NAMESPACES,
  serviceName,
} from './backend/fixtures';
import {
  podName,
  teamNamespace,
  writeWatchCluster,
} from './watch/watchManifests';

const SAMPLES = 5;
/** mesh's defaults: poll interval, watch re-open (timeoutSeconds), resync. */
const POLL_INTERVAL_S = 30;
const WATCH_REOPEN_S = 300;
const RESYNC_S = 900;
/** Kinds the watch collection lists and watches per cluster (watchedKinds). */
const WATCHED_KINDS = 14;

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

describe('watch collection benchmark', () => {
  let dir: string;
  let simulator: Simulator;
  let base: string;
  const scheduler = mockServices.scheduler() as SchedulerService & {
    factory(): ServiceFactory;
    triggerTask(id: string): Promise<void>;
  };

  const requestsOf = (cluster: string) =>
    simulator.state().find(s => s.name === cluster)!.requests;
  const totalRequests = () =>
    CLUSTERS.reduce((sum, cluster) => sum + requestsOf(cluster), 0);
  const get = async (url: string) => (await fetch(`${base}${url}`)).json();
  const entity = async (name: string) =>
    (await get(
      `/api/mesh/entity/default/component/${name}`,
    )) as EntityMeshResponse;

  /** Milliseconds from `change` until `visible` holds for the API's answer. */
  async function latency(
    change: () => Promise<unknown>,
    visible: () => Promise<boolean>,
  ): Promise<number> {
    const started = performance.now();
    await change();
    const deadline = started + 60_000;
    while (!(await visible())) {
      if (performance.now() > deadline) throw new Error('change never seen');
      await new Promise(resolve => setTimeout(resolve, 20));
    }
    return performance.now() - started;
  }

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mesh-watch-bench-'));
    await Promise.all(CLUSTERS.map((_, i) => writeWatchCluster(dir, i)));
    simulator = await startSimulator({
      manifestsDir: dir,
      clusters: CLUSTERS.map(name => ({ name, port: 0, token: `${name}-t` })),
    });
  });

  afterAll(async () => {
    await simulator?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('measures change-to-API latency and API-server requests, watch vs poll', async () => {
    const kubernetes = {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: simulator.clusters.map(c => ({
            name: c.name,
            url: c.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: c.token,
            skipTLSVerify: true,
          })),
        },
      ],
    };
    const mesh = { collection: { mode: 'watch' }, requestTimeout: '60s' };

    // Poll: the requests of one full collection of each cluster.
    const config = readMeshConfig(new ConfigReader({ kubernetes, mesh }));
    const beforePoll = totalRequests();
    for (const cluster of config.clusters) {
      await collectCluster(cluster, { requestTimeoutMs: 60_000 });
    }
    const perPoll = totalRequests() - beforePoll;

    const beforeStart = totalRequests();
    const started = performance.now();
    const { server } = await startTestBackend({
      features: [
        meshPlugin,
        scheduler.factory(),
        catalogServiceMock.factory({ entities: benchEntities() }),
        mockServices.rootConfig.factory({ data: { kubernetes, mesh } }),
      ],
    });
    base = `http://localhost:${(server.address() as { port: number }).port}`;
    await scheduler.triggerTask('mesh-watch');
    for (;;) {
      const body = (await get('/api/mesh/clusters')) as ClustersResponse;
      if (body.clusters?.every(c => c.ok)) break;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    const firstReadMs = performance.now() - started;
    const perStart = totalRequests() - beforeStart;

    const sidecarMs: number[] = [];
    const strictMs: number[] = [];
    const perNamespace = DEPLOYMENTS / NAMESPACES;
    /** One sample: a pod loses its sidecar, then its namespace goes STRICT. */
    const sample = async (i: number) => {
      const clusterIndex = i % CLUSTERS.length;
      const cluster = CLUSTERS[clusterIndex];
      const n = i * 7;
      const service = serviceName(clusterIndex, n * perNamespace);
      const namespace = teamNamespace(n);
      const sidecar = await latency(
        () =>
          simulator.patchObject(
            cluster,
            {
              apiVersion: 'v1',
              kind: 'Pod',
              namespace,
              name: podName(service, 0),
            },
            {
              metadata: { annotations: { 'sidecar.istio.io/status': null } },
              spec: { containers: [{ name: 'app', image: 'app:1.0' }] },
            },
          ),
        async () =>
          (await entity(service)).workloads?.[0]?.membership.state ===
          'partial',
      );
      const strict = await latency(
        () =>
          simulator.patchObject(
            cluster,
            {
              apiVersion: 'security.istio.io/v1',
              kind: 'PeerAuthentication',
              namespace,
              name: 'default',
            },
            { spec: { mtls: { mode: 'STRICT' } } },
          ),
        async () =>
          (await entity(service)).workloads?.[0]?.mtls.workload.mode ===
          'STRICT',
      );
      return [sidecar, strict];
    };
    for (let i = 0; i < SAMPLES; i++) {
      const [sidecar, strict] = await sample(i);
      sidecarMs.push(sidecar);
      strictMs.push(strict);
    }

    // Steady state: no request at all while nothing changes (bookmarks ride
    // on the open streams).
    const beforeQuiet = totalRequests();
    await new Promise(resolve => setTimeout(resolve, 20_000));
    const quiet = totalRequests() - beforeQuiet;

    const clusters = CLUSTERS.length;
    const pollPerHour = (3600 / POLL_INTERVAL_S) * perPoll;
    // Each resync lists every kind again (its pages) and re-opens its watch;
    // each watch is re-opened by the server every WATCH_REOPEN_S.
    const watchPerHour =
      (3600 / RESYNC_S) * (perPoll + clusters * WATCHED_KINDS) +
      (3600 / WATCH_REOPEN_S) * clusters * WATCHED_KINDS;

    // eslint-disable-next-line no-console
    console.log(
      [
        `watch bench: ${clusters} clusters x 10,000 pods`,
        `  first read (lists + watches, both clusters): ${(
          firstReadMs / 1000
        ).toFixed(2)} s, ${perStart} requests`,
        `  pod loses its sidecar -> entity endpoint: median ${median(
          sidecarMs,
        ).toFixed(0)} ms, max ${Math.max(...sidecarMs).toFixed(
          0,
        )} ms (${SAMPLES} samples: ${sidecarMs
          .map(v => v.toFixed(0))
          .join(', ')})`,
        `  PeerAuthentication to STRICT -> entity endpoint: median ${median(
          strictMs,
        ).toFixed(0)} ms, max ${Math.max(...strictMs).toFixed(0)} ms (${strictMs
          .map(v => v.toFixed(0))
          .join(', ')})`,
        `  requests during 20 s without changes: ${quiet}`,
        `  requests of one full poll of both clusters: ${perPoll}`,
        `  requests/hour poll (every ${POLL_INTERVAL_S} s): ${pollPerHour}`,
        `  requests/hour watch (re-open every ${WATCH_REOPEN_S} s, resync every ${RESYNC_S} s): ${watchPerHour}`,
        `  ratio poll / watch: ${(pollPerHour / watchPerHour).toFixed(1)}x`,
      ].join('\n'),
    );
    expect(quiet).toBe(0);
    expect(Math.max(...sidecarMs, ...strictMs)).toBeLessThan(60_000);
  });
});
