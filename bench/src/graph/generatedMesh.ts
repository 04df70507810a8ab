import type { Entity } from '@backstage/catalog-model';
import fs from 'node:fs/promises';
import path from 'node:path';
import { prng } from '../support/prng';

/** The benchmark mesh: 2 clusters, 1,000 workloads, 10,000 edges. */
export const CLUSTERS = ['platform', 'compute'] as const;
export const WORKLOADS = 1_000;
export const EDGES = 10_000;
const NAMESPACES_PER_CLUSTER = 25;

/** One workload: a Deployment with one pod, a Service and a catalog Component. */
export interface GeneratedWorkload {
  cluster: (typeof CLUSTERS)[number];
  namespace: string;
  name: string;
}

/** One edge of the traffic the fake Prometheus servers report. */
export interface GeneratedEdge {
  src: GeneratedWorkload;
  dst: GeneratedWorkload;
  protocol: 'http' | 'grpc' | 'tcp';
  rate: number;
  failures: number;
  mtls: boolean;
}

/** 60 % HTTP, 25 % gRPC, 15 % TCP; 10 % cross-cluster, 10 % with errors, 10 % plaintext. */
export function generateMesh() {
  const random = prng(42);
  const workloads: GeneratedWorkload[] = Array.from(
    { length: WORKLOADS },
    (_, i) => {
      const c = i < WORKLOADS / 2 ? 0 : 1;
      return {
        cluster: CLUSTERS[c],
        namespace: `ns-${c}-${String(i % NAMESPACES_PER_CLUSTER).padStart(
          2,
          '0',
        )}`,
        name: `wl-${String(i).padStart(4, '0')}`,
      };
    },
  );
  const edges: GeneratedEdge[] = [];
  const seen = new Set<string>();
  const half = WORKLOADS / 2;
  while (edges.length < EDGES) {
    const s = Math.floor(random() * WORKLOADS);
    const sameCluster = random() >= 0.1;
    const own = s < half ? 0 : half;
    const other = s < half ? half : 0;
    const d = Math.floor(random() * half) + (sameCluster ? own : other);
    if (s === d || seen.has(`${s}>${d}`)) continue;
    seen.add(`${s}>${d}`);
    const p = random();
    let protocol: GeneratedEdge['protocol'] = 'tcp';
    if (p < 0.6) protocol = 'http';
    else if (p < 0.85) protocol = 'grpc';
    const rate =
      protocol === 'tcp'
        ? Math.round(100 + random() * 9900)
        : Math.round((0.1 + random() * 9.9) * 100) / 100;
    edges.push({
      src: workloads[s],
      dst: workloads[d],
      protocol,
      rate,
      failures:
        protocol !== 'tcp' && random() < 0.1 ? Math.round(rate * 5) / 100 : 0,
      mtls: random() < 0.9,
    });
  }
  return { workloads, edges };
}

/** One catalog Component per workload, claiming it by `backstage.io/kubernetes-id`. */
export function generatedEntities(workloads: GeneratedWorkload[]): Entity[] {
  return workloads.map((w, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: w.name,
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': w.name },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: `team-${i % 20}`,
    },
  }));
}

/** Writes the simulator's manifests: one `List` file per cluster. */
export async function writeManifests(
  dir: string,
  workloads: GeneratedWorkload[],
) {
  for (const cluster of CLUSTERS) {
    const items: object[] = [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'istio-system' },
      },
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: { name: 'default', namespace: 'istio-system' },
        spec: { mtls: { mode: 'STRICT' } },
      },
    ];
    const mine = workloads.filter(w => w.cluster === cluster);
    for (const namespace of new Set(mine.map(w => w.namespace))) {
      items.push({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace, labels: { 'istio-injection': 'enabled' } },
      });
    }
    for (const w of mine) items.push(...workloadObjects(w));
    await fs.mkdir(path.join(dir, cluster), { recursive: true });
    await fs.writeFile(
      path.join(dir, cluster, 'objects.json'),
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items }),
    );
  }
}

function workloadObjects({ namespace, name }: GeneratedWorkload): object[] {
  const labels = { app: name, 'backstage.io/kubernetes-id': name };
  const rs = `${name}-7d9f8`;
  const containers = [
    {
      name: 'app',
      image: 'registry.example.com/app:1.0',
      ports: [{ containerPort: 8080, name: 'http' }],
    },
  ];
  const spec = {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels }, spec: { containers } },
  };
  const owner = (kind: string, ownerName: string) => [
    {
      apiVersion: 'apps/v1',
      kind,
      name: ownerName,
      uid: `uid-${ownerName}`,
      controller: true,
    },
  ];
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, uid: `uid-${name}`, labels },
      spec,
      status: { replicas: 1, readyReplicas: 1 },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: rs,
        namespace,
        uid: `uid-${rs}`,
        labels,
        ownerReferences: owner('Deployment', name),
      },
      spec,
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
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${rs}-p0`,
        namespace,
        labels,
        annotations: {
          'sidecar.istio.io/status': '{"containers":["istio-proxy"]}',
        },
        ownerReferences: owner('ReplicaSet', rs),
      },
      spec: {
        containers: [
          ...containers,
          { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.27.1' },
        ],
      },
      status: {
        phase: 'Running',
        podIP: '10.0.0.1',
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    },
  ];
}
