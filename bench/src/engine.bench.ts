/**
 * Benchmark of the semantics engine: a generated mesh of 2 clusters, each
 * with 10,000 pods (2,000 Deployments of 5), 2,000 Services, 500
 * PeerAuthentications and 500 DestinationRules. Prints time and heap; asserts
 * only that the model is complete. Run with `yarn bench engine`.
 */
// The engine is internal to the backend package; its testUtils entry point
// exposes it so the benchmark measures it directly.
import {
  computeMeshModel,
  emptyClusterObjects,
  type ClusterObjects,
} from '@mesh-portal/plugin-mesh-backend/testUtils';
import os from 'node:os';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

const NAMESPACES = 100;
const DEPLOYMENTS = 2_000;
const PODS_PER_DEPLOYMENT = 5;
const PEER_AUTHENTICATIONS = 500;
const DESTINATION_RULES = 500;
const MODES = ['STRICT', 'PERMISSIVE', 'DISABLE', 'UNSET'];

function generateCluster(cluster: string): ClusterObjects {
  const input: ClusterObjects = emptyClusterObjects(cluster, {
    configMaps: [
      {
        metadata: { name: 'istio', namespace: 'istio-system' },
        data: { mesh: 'rootNamespace: istio-system\nenableAutoMtls: true\n' },
      },
    ],
  });
  input.namespaces.push({ metadata: { name: 'istio-system' } });
  input.deployments.push({
    metadata: { name: 'istiod', namespace: 'istio-system' },
    spec: {
      template: {
        metadata: { labels: { app: 'istiod' } },
        spec: {
          containers: [
            {
              name: 'discovery',
              image: 'docker.io/istio/pilot:1.27.1',
              env: [{ name: 'CLUSTER_ID', value: `${cluster}-id` }],
            },
          ],
        },
      },
    },
  });
  for (let n = 0; n < NAMESPACES; n++) {
    input.namespaces.push({
      metadata: {
        name: `ns-${n}`,
        labels:
          n % 10 === 0
            ? { 'istio.io/dataplane-mode': 'ambient' }
            : { 'istio-injection': 'enabled' },
      },
    });
  }
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  for (let d = 0; d < DEPLOYMENTS; d++) {
    const ns = `ns-${d % NAMESPACES}`;
    const name = `app-${d}`;
    const labels = { app: name, version: `v${d % 3}`, team: `team-${d % 40}` };
    input.deployments.push({
      metadata: { name, namespace: ns },
      spec: {
        replicas: PODS_PER_DEPLOYMENT,
        template: { metadata: { labels } },
      },
    });
    input.replicaSets.push({
      metadata: {
        name: `${name}-h${d}`,
        namespace: ns,
        ownerReferences: [{ kind: 'Deployment', name, controller: true }],
      },
      spec: { replicas: PODS_PER_DEPLOYMENT },
    });
    const ambient = (d % NAMESPACES) % 10 === 0;
    for (let p = 0; p < PODS_PER_DEPLOYMENT; p++) {
      const sidecar = !ambient && (d + p) % 50 !== 0;
      input.pods.push({
        metadata: {
          name: `${name}-h${d}-${p}`,
          namespace: ns,
          labels: { ...labels, 'pod-template-hash': `h${d}` },
          annotations: ambient
            ? { 'ambient.istio.io/redirection': 'enabled' }
            : {},
          ownerReferences: [
            { kind: 'ReplicaSet', name: `${name}-h${d}`, controller: true },
          ],
          creationTimestamp: new Date(t0 + d * 1000).toISOString(),
        },
        spec: {
          containers: [
            {
              name: 'app',
              image: `example/${name}:1`,
              ports: [
                { containerPort: 8080, name: 'http' },
                { containerPort: 9090 },
              ],
            },
            ...(sidecar
              ? [
                  {
                    name: 'istio-proxy',
                    image: 'docker.io/istio/proxyv2:1.27.1',
                  },
                ]
              : []),
          ],
        },
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
        },
      });
    }
    input.services.push({
      metadata: { name, namespace: ns },
      spec: {
        selector: { app: name },
        ports: [
          { port: 80, name: 'http', targetPort: 'http' },
          { port: 9090, targetPort: 9090 },
        ],
      },
    });
  }
  for (let i = 0; i < PEER_AUTHENTICATIONS; i++) {
    const ns = i === 0 ? 'istio-system' : `ns-${i % NAMESPACES}`;
    const selector =
      i > NAMESPACES
        ? { matchLabels: { app: `app-${(i * 7) % DEPLOYMENTS}` } }
        : undefined;
    input.peerAuthentications.push({
      metadata: {
        name: `pa-${i}`,
        namespace: ns,
        creationTimestamp: new Date(t0 + i * 1000).toISOString(),
      },
      spec: {
        selector,
        mtls: { mode: MODES[i % MODES.length] },
        portLevelMtls:
          selector && i % 5 === 0
            ? { '9090': { mode: 'PERMISSIVE' } }
            : undefined,
      },
    });
  }
  for (let i = 0; i < DESTINATION_RULES; i++) {
    const d = (i * 3) % DEPLOYMENTS;
    input.destinationRules.push({
      metadata: { name: `dr-${i}`, namespace: `ns-${d % NAMESPACES}` },
      spec: {
        host: `app-${d}`,
        trafficPolicy: {
          tls: { mode: i % 4 === 0 ? 'DISABLE' : 'ISTIO_MUTUAL' },
        },
        subsets: [{ name: 'v1', labels: { version: 'v1' } }],
      },
    });
  }
  return input;
}

/** A callable `gc`, exposed at run time so the heap figures are not noise. */
function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

describe('engine benchmark', () => {
  it('computes the model of 2 x 10,000 pods', () => {
    const gc = exposeGc();
    const clusters = [generateCluster('platform'), generateCluster('compute')];
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = heapBefore;
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    const model = computeMeshModel(clusters);
    const coldMs = Number(process.hrtime.bigint() - start) / 1e6;
    const cpu = process.cpuUsage(cpuStart);
    // CPU time (user + system, all threads incl. GC helpers) is less
    // sensitive than wall time to other processes on a shared machine.
    const coldCpuMs = (cpu.user + cpu.system) / 1000;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    gc();
    const retained = process.memoryUsage().heapUsed - heapBefore;

    // Warm runs: the same input again, once the JIT has seen the code.
    const warm: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = process.hrtime.bigint();
      computeMeshModel(clusters);
      warm.push(Number(process.hrtime.bigint() - t) / 1e6);
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    warm.sort((a, b) => a - b);
    // eslint-disable-next-line no-console
    console.log(
      [
        `computeMeshModel: 2 clusters, each ${
          DEPLOYMENTS * PODS_PER_DEPLOYMENT
        } pods, ${DEPLOYMENTS} services, ${PEER_AUTHENTICATIONS} PeerAuthentications, ${DESTINATION_RULES} DestinationRules`,
        `time: first run ${coldMs.toFixed(0)} ms wall (${coldCpuMs.toFixed(
          0,
        )} ms CPU), warm median ${warm[1].toFixed(0)} ms wall`,
        `machine: ${os.cpus().length} CPUs, load average ${os
          .loadavg()
          .map(l => l.toFixed(1))
          .join(' ')}`,
        `heap: input ${mb(heapBefore)} before; model retained ${mb(
          retained,
        )}; highest heap used seen ${mb(peak)}`,
        `model: ${model.workloads.length} workloads, ${model.services.length} services, ${model.findings.length} findings`,
      ].join('\n'),
    );
    expect(model.workloads).toHaveLength(2 * (DEPLOYMENTS + 1));
    expect(model.services).toHaveLength(2 * DEPLOYMENTS);
  });
});
