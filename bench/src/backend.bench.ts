/**
 * Benchmark of the mesh backend against the simulated API server serving
 * 2 clusters x 10,000 pods (2,500 Deployments of 4 pods per cluster, one
 * Service each, 5,000 catalog entities): per-cluster collection time and
 * memory, a full refresh, the entity endpoint on a warm snapshot, the audit
 * over 5,000 entities, and the Backstage Kubernetes backend's own per-entity
 * endpoint for the same entities against the same simulator. Prints figures;
 * asserts only correctness. Run with `yarn bench backend`.
 */
import {
  resolvePackagePath,
  type SchedulerService,
  type ServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startSimulator, type Simulator } from '@internal/k8s-sim';
import type {
  AuditResponse,
  EntityMeshResponse,
} from '@mesh-portal/plugin-mesh-common';
// The collector is internal to the backend package; measured directly on purpose.
import { collectCluster } from '@mesh-portal/plugin-mesh-backend/testUtils';
import { ConfigReader } from '@backstage/config';
import { meshPlugin, readMeshConfig } from '@mesh-portal/plugin-mesh-backend';
import { spawn, type ChildProcess } from 'node:child_process';
import {
  benchEntities as entities,
  CLUSTERS,
  DEPLOYMENTS,
  NAMESPACES,
  PODS_PER_DEPLOYMENT,
  serviceName,
} from './backend/fixtures';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

const ENTITY_SAMPLES = 500;
const KUBERNETES_SAMPLES = 100;
const AUDIT_SAMPLES = 10;

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

function sidecarPod(namespace: string, rs: string, labels: object, j: number) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${rs}-p${j}`,
      namespace,
      labels,
      annotations: {
        'sidecar.istio.io/status': '{"containers":["istio-proxy"]}',
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: rs,
          uid: `uid-${rs}`,
          controller: true,
        },
      ],
    },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'registry.example.com/app:1.0',
          ports: [{ containerPort: 8080, name: 'http' }],
        },
        { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.27.1' },
      ],
    },
    status: {
      phase: 'Running',
      podIP: '10.0.0.1',
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

/** Writes one cluster's manifests: one `List` file per namespace. */
async function writeCluster(dir: string, clusterIndex: number) {
  const cluster = CLUSTERS[clusterIndex];
  await fs.mkdir(path.join(dir, cluster), { recursive: true });
  const system = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'istio', namespace: 'istio-system' },
      data: { mesh: 'rootNamespace: istio-system\nenableAutoMtls: true\n' },
    },
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'istio-system' },
      spec: { mtls: { mode: 'STRICT' } },
    },
  ];
  await fs.writeFile(
    path.join(dir, cluster, '00-istio-system.json'),
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: system }),
  );
  const perNamespace = DEPLOYMENTS / NAMESPACES;
  for (let n = 0; n < NAMESPACES; n++) {
    const namespace = `team-${n}`;
    const items: object[] = [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace, labels: { 'istio-injection': 'enabled' } },
      },
    ];
    for (let d = 0; d < perNamespace; d++) {
      const name = serviceName(clusterIndex, n * perNamespace + d);
      const labels = {
        app: name,
        'backstage.io/kubernetes-id': name,
        version: 'v1',
      };
      const rs = `${name}-7d9f8`;
      const template = {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'registry.example.com/app:1.0',
              ports: [{ containerPort: 8080, name: 'http' }],
            },
          ],
        },
      };
      items.push(
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name, namespace, uid: `uid-${name}`, labels },
          spec: {
            replicas: PODS_PER_DEPLOYMENT,
            selector: { matchLabels: { app: name } },
            template,
          },
          status: {
            replicas: PODS_PER_DEPLOYMENT,
            readyReplicas: PODS_PER_DEPLOYMENT,
          },
        },
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: {
            name: rs,
            namespace,
            uid: `uid-${rs}`,
            labels,
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'Deployment',
                name,
                uid: `uid-${name}`,
                controller: true,
              },
            ],
          },
          spec: {
            replicas: PODS_PER_DEPLOYMENT,
            selector: { matchLabels: { app: name } },
            template,
          },
        },
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name, namespace },
          spec: {
            selector: { app: name },
            ports: [{ name: 'http', port: 80, targetPort: 8080 }],
          },
        },
      );
      for (let j = 0; j < PODS_PER_DEPLOYMENT; j++) {
        items.push(sidecarPod(namespace, rs, labels, j));
      }
    }
    await fs.writeFile(
      path.join(dir, cluster, `${namespace}.json`),
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items }),
    );
  }
}

let kubernetesBackend: ChildProcess | undefined;

/**
 * Starts the Kubernetes plugin in its own process (see
 * `backend/kubernetesBackend.ts`) and resolves with its base URL.
 */
function startKubernetesBackend(clusters: object[]): Promise<string> {
  const repoRoot = resolvePackagePath('@internal/mesh-bench', '..');
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      resolvePackagePath(
        '@internal/mesh-bench',
        'src/backend/kubernetesBackend.ts',
      ),
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, MESH_BENCH_CLUSTERS: JSON.stringify(clusters) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  kubernetesBackend = child;
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', chunk => {
      output += chunk;
      const match = /PORT (\d+)/.exec(output);
      if (match) resolve(`http://localhost:${match[1]}`);
    });
    child.stderr!.on('data', chunk => {
      output += chunk;
    });
    child.on('exit', code =>
      reject(
        new Error(
          `Kubernetes backend exited (${code}): ${output.slice(-2000)}`,
        ),
      ),
    );
  });
}

describe('mesh backend benchmark', () => {
  let dir: string;
  let simulator: Simulator;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mesh-backend-bench-'));
    const started = performance.now();
    for (let c = 0; c < CLUSTERS.length; c++) await writeCluster(dir, c);
    simulator = await startSimulator({
      manifestsDir: dir,
      clusters: CLUSTERS.map(name => ({
        name,
        token: `${name}-bench-token`,
        port: 0,
      })),
    });
    console.log(
      `simulator: ${CLUSTERS.length} clusters x ${
        DEPLOYMENTS * PODS_PER_DEPLOYMENT
      } pods ready in ${ms(performance.now() - started)}`,
    );
  });

  afterAll(async () => {
    kubernetesBackend?.kill('SIGTERM');
    await simulator?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  const clusterConfig = () =>
    simulator.clusters.map(cluster => ({
      name: cluster.name,
      url: cluster.url,
      authProvider: 'serviceAccount',
      serviceAccountToken: cluster.token,
      skipTLSVerify: true,
    }));

  it('collects each cluster (time and retained memory)', async () => {
    const config = readMeshConfig(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            { type: 'config', clusters: clusterConfig() },
          ],
        },
        mesh: { requestTimeout: { seconds: 60 } },
      }),
    );
    for (const cluster of config.clusters) {
      gc();
      const heapBefore = process.memoryUsage().heapUsed;
      const started = performance.now();
      const result = await collectCluster(cluster, {
        requestTimeoutMs: 60_000,
      });
      const elapsed = performance.now() - started;
      gc();
      const retained = process.memoryUsage().heapUsed - heapBefore;
      expect(result.objects.pods).toHaveLength(
        DEPLOYMENTS * PODS_PER_DEPLOYMENT,
      );
      console.log(
        `collect ${cluster.name}: ${ms(elapsed)}, retained heap ${mib(
          retained,
        )}, JSON ${mib(JSON.stringify(result.objects).length)}, rss ${mib(
          process.memoryUsage().rss,
        )}`,
      );
    }
  });

  it('serves the mesh and Kubernetes endpoints for the same entities', async () => {
    const scheduler = mockServices.scheduler() as SchedulerService & {
      factory(): ServiceFactory;
    };
    const kubernetesClusters = clusterConfig();
    const startedBackend = performance.now();
    const { server } = await startTestBackend({
      features: [
        meshPlugin,
        scheduler.factory(),
        catalogServiceMock.factory({ entities: entities() }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                { type: 'config', clusters: kubernetesClusters },
              ],
            },
            mesh: {
              // The scheduled full re-list (mesh-refresh) this test drives.
              collection: { mode: 'poll' },
              refresh: { frequency: { minutes: 10 }, timeout: { minutes: 5 } },
              requestTimeout: { seconds: 60 },
            },
          },
        }),
      ],
    });
    console.log(
      `backend start incl. first refresh: ${ms(
        performance.now() - startedBackend,
      )}`,
    );
    const base = `http://localhost:${
      (server.address() as { port: number }).port
    }`;

    const timeRefresh = async (label: string) => {
      gc();
      const started = performance.now();
      await scheduler.triggerTask('mesh-refresh');
      const elapsed = performance.now() - started;
      gc();
      const memory = process.memoryUsage();
      console.log(
        `${label}: ${ms(elapsed)}, heap ${mib(memory.heapUsed)}, rss ${mib(
          memory.rss,
        )}`,
      );
    };
    await timeRefresh(
      'refresh, objects unchanged (2 clusters: list, hash, status)',
    );
    // A reload gives every object a new resourceVersion, so the next refresh
    // stores new snapshots and recomputes the model.
    await simulator.reload();
    await timeRefresh(
      'full refresh, objects changed (2 clusters: list, gzip + store, model, indexes)',
    );

    const refs = entities().map(e => e.metadata.name);
    const sample = (count: number) =>
      Array.from({ length: count }, (_, i) => refs[(i * 7919) % refs.length]);

    // Warm-up, then the entity endpoint.
    await fetch(`${base}/api/mesh/entity/default/component/${refs[0]}`);
    const meshTimes: number[] = [];
    for (const name of sample(ENTITY_SAMPLES)) {
      const t = performance.now();
      const response = await fetch(
        `${base}/api/mesh/entity/default/component/${name}`,
      );
      const body = (await response.json()) as EntityMeshResponse;
      meshTimes.push(performance.now() - t);
      expect(body.workloads).toHaveLength(1);
      expect(body.workloads[0].replicas.current).toBe(PODS_PER_DEPLOYMENT);
    }
    console.log(
      `GET /entity (${ENTITY_SAMPLES} entities, warm): p50 ${ms(
        percentile(meshTimes, 50),
      )}, p95 ${ms(percentile(meshTimes, 95))}`,
    );

    const auditTimes: number[] = [];
    for (let i = 0; i < AUDIT_SAMPLES; i++) {
      const t = performance.now();
      const response = await fetch(
        `${base}/api/mesh/audit?limit=100&sort=owner`,
      );
      const body = (await response.json()) as AuditResponse;
      auditTimes.push(performance.now() - t);
      expect(body.totalItems).toBeGreaterThanOrEqual(
        DEPLOYMENTS * CLUSTERS.length,
      );
      expect(body.items.filter(row => row.entityRef)).toHaveLength(100);
    }
    console.log(
      `GET /audit (5,000 entities, ${
        DEPLOYMENTS * CLUSTERS.length
      } workloads): first ${ms(auditTimes[0])}, p50 ${ms(
        percentile(auditTimes, 50),
      )}, max ${ms(Math.max(...auditTimes))}`,
    );

    const kubernetesBase = await startKubernetesBackend(kubernetesClusters);
    const kubernetesTimes: number[] = [];
    for (const name of sample(KUBERNETES_SAMPLES)) {
      const t = performance.now();
      const response = await fetch(
        `${kubernetesBase}/api/kubernetes/resources/workloads/query`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            entityRef: `component:default/${name}`,
            auth: {},
          }),
        },
      );
      const body = (await response.json()) as {
        items: Array<{
          resources: Array<{ type: string; resources: unknown[] }>;
        }>;
      };
      kubernetesTimes.push(performance.now() - t);
      expect({ status: response.status, body }).toEqual({
        status: 200,
        body: expect.anything(),
      });
      const pods = body.items
        .flatMap(item => item.resources)
        .filter(resource => resource.type === 'pods')
        .flatMap(resource => resource.resources);
      expect(pods).toHaveLength(PODS_PER_DEPLOYMENT);
    }
    const meshP50 = percentile(meshTimes, 50);
    const kubernetesP50 = percentile(kubernetesTimes, 50);
    console.log(
      `POST /api/kubernetes/resources/workloads/query (${KUBERNETES_SAMPLES} entities): p50 ${ms(
        kubernetesP50,
      )}, p95 ${ms(
        percentile(kubernetesTimes, 95),
      )}; ratio kubernetes/mesh p50 = ${(kubernetesP50 / meshP50).toFixed(
        1,
      )}x, p95 ${(
        percentile(kubernetesTimes, 95) / percentile(meshTimes, 95)
      ).toFixed(1)}x`,
    );
  });
});
