import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { Workload } from '@mesh-portal/plugin-mesh-common';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { collectCluster } from '../collector';
import { readMeshConfig, type MeshConfig } from '../config';
import { computeMeshModel } from '../engine';
import type { Knex } from 'knex';
import { DatabaseLease } from './DatabaseLease';
import { SnapshotManager } from './SnapshotManager';
import { DatabaseSnapshotStore } from './SnapshotStore';
import { WatchRefresher } from './WatchRefresher';

// Real processes and sockets on a shared, busy machine: generous.
jest.setTimeout(120_000);

const DEMO_CLUSTERS = path.resolve(
  __dirname,
  '../../../../packages/mesh-demo/clusters',
);
const SIMULATOR_CLI = path.resolve(
  path.dirname(require.resolve('@internal/k8s-sim/package.json')),
  'src/cli.ts',
);
const TOKENS = {
  platform: 'platform-demo-token',
  compute: 'compute-demo-token',
};

interface SimulatorProcess {
  child: ChildProcess;
  urls: Record<string, string>;
  controlUrl: string;
}

/** Starts the simulator's CLI in its own process; resolves with its URLs once it serves. */
function startSimulatorProcess(): Promise<SimulatorProcess> {
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      SIMULATOR_CLI,
      '--manifests',
      DEMO_CLUSTERS,
      '--cluster',
      `platform=0:${TOKENS.platform}`,
      '--cluster',
      `compute=0:${TOKENS.compute}`,
      '--control-port',
      '0',
      '--bookmark-interval',
      '1',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const urls: Record<string, string> = {};
      for (const match of output.matchAll(
        /cluster (\w+) at (http:\/\/[\d.:]+)/g,
      )) {
        urls[match[1]] = match[2];
      }
      const control = /fault-control API at (http:\/\/[\d.:]+)/.exec(output);
      if (control && urls.platform && urls.compute) {
        resolve({ child, urls, controlUrl: control[1] });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', code =>
      reject(new Error(`simulator exited (${code}): ${output.slice(-2000)}`)),
    );
  });
}

/** Polls until `read` returns a value; generous, as the machine may be busy. */
async function eventually<T>(
  read: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

describe('watch collection against the simulator process (real sockets, real SQLite)', () => {
  let simulator: SimulatorProcess;
  let config: MeshConfig;
  let snapshot: SnapshotManager;
  let refresher: WatchRefresher;
  let knex: Knex;
  let store: DatabaseSnapshotStore;
  const others: WatchRefresher[] = [];

  const workload = (cluster: string, name: string): Workload | undefined =>
    snapshot
      .view()
      .index.model.workloads.find(
        w => w.cluster === cluster && w.name === name,
      );

  const control = async (method: string, url: string, body: unknown) => {
    const response = await fetch(`${simulator.controlUrl}${url}`, {
      method,
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status}`);
    return response.json();
  };

  /** What a full list of the cluster reads now, the poll mode's way. */
  const polled = async (cluster: string) =>
    (
      await collectCluster(config.clusters.find(c => c.name === cluster)!, {
        requestTimeoutMs: config.requestTimeoutMs,
      })
    ).objects;

  beforeAll(async () => {
    simulator = await startSimulatorProcess();
    config = readMeshConfig(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: (['platform', 'compute'] as const).map(name => ({
                name,
                url: simulator.urls[name],
                authProvider: 'serviceAccount',
                serviceAccountToken: TOKENS[name],
                // client-node refuses http:// without it.
                skipTLSVerify: true,
              })),
            },
          ],
        },
        mesh: {
          collection: { mode: 'watch', debounce: '100ms', maxDelay: '1s' },
          // Watch mode probes each cluster this often.
          refresh: { frequency: '1s' },
          requestTimeout: { seconds: 10 },
        },
      }),
    );
    knex = await databases.init('SQLITE_3');
    store = await DatabaseSnapshotStore.create(knex);
    const logger = mockServices.logger.mock();
    snapshot = new SnapshotManager({
      config,
      store,
      logger,
      computeModel: computeMeshModel,
    });
    refresher = new WatchRefresher({
      config,
      snapshot,
      clusters: { refresh: async () => {}, current: () => config.clusters },
      lease: new DatabaseLease(knex, { name: 'collection', ttlMs: 30_000 }),
      logger,
    });
    await refresher.tick();
    if (!refresher.isHolder()) throw new Error('the lease was not taken');
    await eventually(
      () => snapshot.clusterStatuses().every(status => status.ok) || undefined,
      'both clusters read',
    );
  });

  afterAll(async () => {
    await Promise.all(others.map(other => other.stop()));
    await refresher?.stop();
    simulator?.child.kill('SIGTERM');
  });

  it('after the first lists, holds exactly what a full re-list reads', async () => {
    for (const cluster of ['platform', 'compute']) {
      expect(snapshot.clusterObjects(cluster)).toEqual(await polled(cluster));
    }
    expect(workload('compute', 'web-frontend')?.mtls.workload.mode).toBe(
      'PERMISSIVE',
    );
  });

  it('E4: a PeerAuthentication switched to STRICT in the running cluster reaches the recomputed snapshot', async () => {
    const computedBefore = snapshot.view().version;
    await control(
      'PATCH',
      '/clusters/compute/apis/security.istio.io/v1/namespaces/frontend/peerauthentications/default',
      { spec: { mtls: { mode: 'STRICT' } } },
    );
    await eventually(
      () =>
        workload('compute', 'web-frontend')?.mtls.workload.mode === 'STRICT' ||
        undefined,
      'web-frontend to be STRICT',
    );
    expect(snapshot.view().version).toBeGreaterThan(computedBefore);
    expect(snapshot.clusterObjects('compute')).toEqual(await polled('compute'));
  });

  it('M6: a pod that loses its sidecar makes its workload partly meshed in the recomputed snapshot', async () => {
    expect(workload('compute', 'web-frontend')?.membership.state).toBe(
      'sidecar',
    );
    const podPath =
      'api/v1/namespaces/frontend/pods/web-frontend-6vp4ggkcqm-p9mhf';
    const response = await fetch(`${simulator.urls.compute}/${podPath}`, {
      headers: { authorization: `Bearer ${TOKENS.compute}` },
    });
    const pod = await response.json();
    pod.spec.containers = pod.spec.containers.filter(
      (c: { name: string }) => c.name !== 'istio-proxy',
    );
    pod.spec.initContainers = (pod.spec.initContainers ?? []).filter(
      (c: { name: string }) => c.name !== 'istio-init',
    );
    delete pod.metadata.annotations['sidecar.istio.io/status'];
    delete pod.metadata.labels['security.istio.io/tlsMode'];
    await control('PUT', `/clusters/compute/${podPath}`, pod);

    const state = await eventually(() => {
      const current = workload('compute', 'web-frontend')?.membership.state;
      return current === 'sidecar' ? undefined : current;
    }, 'web-frontend to lose a sidecar');
    expect(state).toBe('partial');
    expect(snapshot.clusterObjects('compute')).toEqual(await polled('compute'));
  });

  it('a quiet cluster is not listed again: it is kept current by its open watches alone', async () => {
    const before = refresher.requestCounts();
    // Bookmarks arrive every second; ticks renew the lease and confirm.
    await new Promise(resolve => setTimeout(resolve, 3_000));
    await refresher.tick();
    const after = refresher.requestCounts();
    for (const cluster of ['platform', 'compute']) {
      expect(after.get(cluster)!.lists).toBe(before.get(cluster)!.lists);
    }
    expect(snapshot.clusterStatuses().every(status => status.ok)).toBe(true);
  });

  it('a cluster that starts answering 403 behind its open watches is reported by the health probe, keeps its last objects, and recovers', async () => {
    const compute = () =>
      snapshot.clusterStatuses().find(status => status.name === 'compute');
    const probesBefore = refresher.requestCounts().get('compute')!.probes!;
    await control('POST', '/clusters/compute/fault', {
      mode: 'status',
      status: 403,
    });
    try {
      // The open watches keep streaming; only the probe meets the 403.
      await new Promise(resolve => setTimeout(resolve, 1_100));
      await refresher.tick();
      expect(refresher.requestCounts().get('compute')!.probes).toBe(
        probesBefore + 1,
      );
      expect(compute()).toMatchObject({
        ok: false,
        error: expect.stringMatching(
          /namespaces \(health check\): HTTP 403 Forbidden/,
        ),
      });
      expect(compute()!.error).not.toContain(TOKENS.compute);
      expect(
        snapshot.clusterStatuses().find(status => status.name === 'platform')
          ?.ok,
      ).toBe(true);
      expect(workload('compute', 'web-frontend')).toBeDefined();
    } finally {
      await control('POST', '/faults/clear', {});
    }
    await new Promise(resolve => setTimeout(resolve, 1_100));
    await refresher.tick();
    expect(compute()).toMatchObject({ ok: true });
  });

  it('another replica takes the lease over when the holder dies, and keeps the shared snapshot current', async () => {
    const logger = mockServices.logger.mock();
    const replica = new SnapshotManager({
      config,
      store,
      logger,
      computeModel: computeMeshModel,
    });
    // The second replica's clock: moved past the lease's expiry once the
    // holder has "died" (stopped renewing).
    let skewMs = 0;
    const other = new WatchRefresher({
      config,
      snapshot: replica,
      clusters: { refresh: async () => {}, current: () => config.clusters },
      lease: new DatabaseLease(knex, {
        name: 'collection',
        ttlMs: 30_000,
        holder: 'replica-b',
        now: () => Date.now() + skewMs,
      }),
      logger,
    });
    others.push(other);
    await other.tick();
    expect(other.isHolder()).toBe(false);

    skewMs = 30_001;
    await other.tick();
    expect(other.isHolder()).toBe(true);
    // The old holder wakes up: it lost the lease and stops watching.
    await refresher.tick();
    expect(refresher.isHolder()).toBe(false);
    expect(refresher.requestCounts().size).toBe(0);

    await eventually(
      () => replica.clusterStatuses().every(status => status.ok) || undefined,
      'the new holder to read both clusters',
    );
    await control(
      'PATCH',
      '/clusters/compute/apis/security.istio.io/v1/namespaces/frontend/peerauthentications/default',
      { spec: { mtls: { mode: 'PERMISSIVE' } } },
    );
    const mode = () =>
      replica
        .view()
        .index.model.workloads.find(
          w => w.cluster === 'compute' && w.name === 'web-frontend',
        )?.mtls.workload.mode;
    await eventually(
      () => (mode() === 'PERMISSIVE' ? true : undefined),
      'the new holder to see the change',
    );
    // The former holder, now a reader, gets it from the shared snapshot.
    await eventually(async () => {
      await snapshot.sync();
      return workload('compute', 'web-frontend')?.mtls.workload.mode ===
        'PERMISSIVE'
        ? true
        : undefined;
    }, 'the reader to sync the change');
  });
});
