/**
 * Benchmark of the watch collection (`mesh.collection.mode: watch`, the
 * default) against the simulated API server serving 2 clusters x 10,000
 * pods: the heap held by the watch caches; the API-server requests counted
 * by the simulator over a steady-state window, polling versus watching; the
 * time from a change in the simulator (a pod losing its sidecar, a
 * PeerAuthentication switched to STRICT) to the entity endpoint answering
 * it. Prints figures; asserts only correctness. Run with
 * `yarn bench src/watch.bench`; `WATCH_BENCH_SAMPLES`,
 * `WATCH_BENCH_POLL_WINDOW_S` and `WATCH_BENCH_WATCH_WINDOW_S` shorten it.
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
import {
  ClusterWatcher,
  collectCluster,
} from '@mesh-portal/plugin-mesh-backend/testUtils';
import type {
  ClustersResponse,
  EntityMeshResponse,
} from '@mesh-portal/plugin-mesh-common';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
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

const SAMPLES = Number(process.env.WATCH_BENCH_SAMPLES ?? 10);
/** Steady-state windows: 5 polls (whole intervals); one re-open of every watch (300 s). */
const POLL_WINDOW_S = Number(process.env.WATCH_BENCH_POLL_WINDOW_S ?? 150);
const WATCH_WINDOW_S = Number(process.env.WATCH_BENCH_WATCH_WINDOW_S ?? 310);
/** mesh's defaults: poll interval, the mesh-watch task's interval, resync. */
const POLL_INTERVAL_S = 30;
const WATCH_TICK_S = 10;
const RESYNC_S = 900;

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapUsedMb() {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** Nearest-rank percentile. */
function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function describeSamples(values: number[]) {
  return `median ${percentile(values, 50).toFixed(0)} ms, p95 ${percentile(
    values,
    95,
  ).toFixed(0)} ms, min ${Math.min(...values).toFixed(0)} ms (${
    values.length
  } samples: ${values.map(v => v.toFixed(0)).join(', ')})`;
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
    // A connection reset by the server between two polls is retried.
    const seen = () => visible().catch(() => false);
    while (!(await seen())) {
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

  it('measures watch cache memory, API-server requests (poll vs watch) and change-to-API latency', async () => {
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
    const watchMesh = { requestTimeout: '60s' };
    const pollMesh = {
      requestTimeout: '60s',
      collection: { mode: 'poll' },
      refresh: { frequency: { seconds: POLL_INTERVAL_S } },
    };
    const config = readMeshConfig(
      new ConfigReader({ kubernetes, mesh: watchMesh }),
    );
    expect(config.collection.mode).toBe('watch');

    // 1. The heap the watch caches of both clusters hold, once filled.
    const heapBefore = heapUsedMb();
    const watchers = config.clusters.map(
      cluster =>
        new ClusterWatcher(cluster, {
          requestTimeoutMs: 60_000,
          onChange: () => {},
        }),
    );
    await Promise.all(watchers.map(w => w.start()));
    for (const watcher of watchers) {
      expect(watcher.problem()).toBeUndefined();
    }
    const cachesMb = heapUsedMb() - heapBefore;
    for (const watcher of watchers) watcher.stop();

    // 2. Requests of one full poll, then a steady-state window of polling:
    // the plugin in poll mode, its mesh-refresh task triggered at the
    // default frequency (the mock scheduler runs tasks only when told).
    const beforePoll = totalRequests();
    for (const cluster of config.clusters) {
      await collectCluster(cluster, { requestTimeoutMs: 60_000 });
    }
    const perPoll = totalRequests() - beforePoll;
    const pollScheduler = mockServices.scheduler() as typeof scheduler;
    const pollBackend = await startTestBackend({
      features: [
        meshPlugin,
        pollScheduler.factory(),
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({
          data: { kubernetes, mesh: pollMesh },
        }),
      ],
    });
    // Whole intervals only: one poll at the start of each.
    const polls = Math.max(1, Math.round(POLL_WINDOW_S / POLL_INTERVAL_S));
    const pollStart = totalRequests();
    const pollStarted = performance.now();
    for (let i = 0; i < polls; i++) {
      await pollScheduler.triggerTask('mesh-refresh');
      const next = pollStarted + (i + 1) * POLL_INTERVAL_S * 1000;
      await sleep(Math.max(0, next - performance.now()));
    }
    const pollObserved = totalRequests() - pollStart;
    const pollWindowS = (performance.now() - pollStarted) / 1000;
    await pollBackend.stop();

    // 3. The plugin in watch mode (its defaults): first read, then changes.
    const beforeStart = totalRequests();
    const started = performance.now();
    const { server } = await startTestBackend({
      features: [
        meshPlugin,
        scheduler.factory(),
        catalogServiceMock.factory({ entities: benchEntities() }),
        mockServices.rootConfig.factory({
          data: { kubernetes, mesh: watchMesh },
        }),
      ],
    });
    base = `http://localhost:${(server.address() as { port: number }).port}`;
    await scheduler.triggerTask('mesh-watch');
    for (;;) {
      const body = (await get('/api/mesh/clusters')) as ClustersResponse;
      if (body.clusters?.every(c => c.ok)) break;
      await sleep(100);
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
      // A namespace not changed before (7 and 50 are coprime).
      const n = (i * 7) % NAMESPACES;
      const service = serviceName(clusterIndex, n * perNamespace);
      const namespace = teamNamespace(n);
      // Changes come one at a time, not on the heels of the last one's
      // write to the database (gzip and insert, after the model is served).
      await sleep(1_000);
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
      await sleep(1_000);
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

    // 4. Steady state while watching: the mesh-watch task at its interval
    // (lease renewal, heartbeats, resyncs when due), requests counted.
    const watchStart = totalRequests();
    const watchStarted = performance.now();
    while (performance.now() - watchStarted < WATCH_WINDOW_S * 1000) {
      await scheduler.triggerTask('mesh-watch');
      await sleep(
        Math.min(
          WATCH_TICK_S * 1000,
          watchStarted + WATCH_WINDOW_S * 1000 - performance.now(),
        ),
      );
    }
    const watchObserved = totalRequests() - watchStart;
    const watchWindowS = (performance.now() - watchStarted) / 1000;

    const perHour = (count: number, windowS: number) =>
      Math.round((count * 3600) / windowS);
    const pollPerHour = perHour(pollObserved, pollWindowS);
    const watchPerHour = perHour(watchObserved, watchWindowS);
    // A resync (every RESYNC_S) lists every kind again, as a poll does, and
    // re-opens each watch; the window is shorter, so it is added by schedule.
    const kindsWatched = perStart - perPoll;
    const resyncPerHour = (3600 / RESYNC_S) * (perPoll + kindsWatched);
    const watchWithResync = watchPerHour + resyncPerHour;

    // eslint-disable-next-line no-console
    console.log(
      [
        `watch bench: ${
          CLUSTERS.length
        } clusters x 10,000 pods, load average ${os
          .loadavg()
          .map(l => l.toFixed(1))
          .join(' ')} on ${os.cpus().length} cores`,
        `  heap of the watch caches (both clusters, after gc): ${cachesMb.toFixed(
          0,
        )} MB`,
        `  first read (lists + watches, both clusters): ${(
          firstReadMs / 1000
        ).toFixed(2)} s, ${perStart} requests (one full poll: ${perPoll})`,
        `  pod loses its sidecar -> entity endpoint: ${describeSamples(
          sidecarMs,
        )}`,
        `  PeerAuthentication to STRICT -> entity endpoint: ${describeSamples(
          strictMs,
        )}`,
        `  both kinds of change: ${describeSamples([
          ...sidecarMs,
          ...strictMs,
        ])}`,
        `  poll: ${pollObserved} requests observed in ${pollWindowS.toFixed(
          0,
        )} s (${polls} polls every ${POLL_INTERVAL_S} s) -> ${pollPerHour}/hour`,
        `  watch: ${watchObserved} requests observed in ${watchWindowS.toFixed(
          0,
        )} s (mesh-watch every ${WATCH_TICK_S} s, watches re-opened by the server every 300 s) -> ${watchPerHour}/hour`,
        `  watch resyncs by schedule (every ${RESYNC_S} s: ${perPoll} list requests + ${kindsWatched} watches): ${resyncPerHour}/hour`,
        `  ratio poll / watch: ${(pollPerHour / watchPerHour).toFixed(
          1,
        )}x without resyncs, ${(pollPerHour / watchWithResync).toFixed(
          1,
        )}x with them`,
      ].join('\n'),
    );
    expect(polls).toBeGreaterThan(0);
    expect(pollObserved).toBeGreaterThanOrEqual(perPoll);
    expect(Math.max(...sidecarMs, ...strictMs)).toBeLessThan(60_000);
  });
});
