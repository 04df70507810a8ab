import fs from 'node:fs/promises';
import path from 'node:path';
import {
  CLUSTERS,
  DEPLOYMENTS,
  NAMESPACES,
  PODS_PER_DEPLOYMENT,
  serviceName,
} from '../backend/fixtures';

/** Namespace of the n-th team. */
export const teamNamespace = (n: number) => `team-${n}`;

/** Name of pod `j` of a service's ReplicaSet. */
export const podName = (service: string, j: number) => `${service}-7d9f8-p${j}`;

/**
 * One cluster of the watch benchmark, the backend benchmark's shape (2,500
 * Deployments of 4 sidecar pods, a Service each, in 50 namespaces), plus a
 * PERMISSIVE PeerAuthentication in every namespace for the bench to switch
 * to STRICT. One `List` file per namespace.
 */
export async function writeWatchCluster(dir: string, clusterIndex: number) {
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
  ];
  await fs.writeFile(
    path.join(dir, cluster, '00-istio-system.json'),
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: system }),
  );
  const perNamespace = DEPLOYMENTS / NAMESPACES;
  for (let n = 0; n < NAMESPACES; n++) {
    const namespace = teamNamespace(n);
    const items: object[] = [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace, labels: { 'istio-injection': 'enabled' } },
      },
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: { name: 'default', namespace },
        spec: { mtls: { mode: 'PERMISSIVE' } },
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
      const owner = (kind: string, ownerName: string) => [
        {
          apiVersion: 'apps/v1',
          kind,
          name: ownerName,
          uid: `uid-${ownerName}`,
          controller: true,
        },
      ];
      const template = {
        metadata: { labels },
        spec: { containers: [{ name: 'app', image: 'app:1.0' }] },
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
        items.push({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: podName(name, j),
            namespace,
            labels,
            annotations: {
              'sidecar.istio.io/status': '{"containers":["istio-proxy"]}',
            },
            ownerReferences: owner('ReplicaSet', rs),
          },
          spec: {
            containers: [
              {
                name: 'app',
                image: 'app:1.0',
                ports: [{ containerPort: 8080, name: 'http' }],
              },
              { name: 'istio-proxy', image: 'istio/proxyv2:1.27.1' },
            ],
          },
          status: {
            phase: 'Running',
            conditions: [{ type: 'Ready', status: 'True' }],
          },
        });
      }
    }
    await fs.writeFile(
      path.join(dir, cluster, `${namespace}.json`),
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items }),
    );
  }
}
