/**
 * Small builders of Kubernetes and Istio objects for the engine's tests, and
 * `clusterFrom`, which sorts a list of objects into a `ClusterObjects` by kind.
 */
import fs from 'node:fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { parseAllDocuments } from 'yaml';
import { emptyClusterObjects } from '../emptyClusterObjects';
import type { ClusterObjects } from '../types';

type Obj = Record<string, any>;
type Labels = Record<string, string>;

const LISTS: Record<string, keyof ClusterObjects> = {
  Namespace: 'namespaces',
  Pod: 'pods',
  Service: 'services',
  ConfigMap: 'configMaps',
  Deployment: 'deployments',
  ReplicaSet: 'replicaSets',
  StatefulSet: 'statefulSets',
  DaemonSet: 'daemonSets',
  Job: 'jobs',
  CronJob: 'cronJobs',
  PeerAuthentication: 'peerAuthentications',
  DestinationRule: 'destinationRules',
};

/** Sorts objects into a cluster input by `kind`; unknown kinds are dropped. */
export function clusterFrom(
  cluster: string,
  objects: Obj[],
  extra: Partial<ClusterObjects> = {},
): ClusterObjects {
  const out = emptyClusterObjects(cluster, extra) as any;
  for (const o of objects) {
    const list = LISTS[o.kind];
    if (list) out[list].push(o);
  }
  return out;
}

let clock = Date.parse('2026-01-01T00:00:00Z');
/** A creation timestamp, later at each call unless given. */
export function created(at?: string): string {
  if (at) return at;
  clock += 60_000;
  return new Date(clock).toISOString();
}

/** A Namespace. */
export function namespace(name: string, labels: Labels = {}): Obj {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** Options of `pod`. */
export interface PodOptions {
  labels?: Labels;
  annotations?: Record<string, string>;
  owner?: { kind: string; name: string };
  sidecar?: 'classic' | 'native' | 'init-only';
  hostNetwork?: boolean;
  ports?: { containerPort: number; name?: string }[];
  ready?: boolean;
  image?: string;
  env?: Record<string, string>;
  containerName?: string;
}

/** A Pod, optionally with an Istio sidecar in either form (M4). */
export function pod(name: string, ns: string, o: PodOptions = {}): Obj {
  const containers: Obj[] = [
    {
      name: o.containerName ?? 'app',
      image: o.image ?? `example/${name}:1.0`,
      ports: o.ports ?? [{ containerPort: 8080, name: 'http' }],
      env: Object.entries(o.env ?? {}).map(([k, v]) => ({ name: k, value: v })),
    },
  ];
  const initContainers: Obj[] = [];
  const proxy = {
    name: 'istio-proxy',
    image: 'docker.io/istio/proxyv2:1.27.0',
  };
  if (o.sidecar === 'classic') containers.push(proxy);
  if (o.sidecar === 'native')
    initContainers.push({ ...proxy, restartPolicy: 'Always' });
  if (o.sidecar === 'init-only')
    initContainers.push({ name: 'istio-init', image: 'x' });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ns,
      labels: o.labels ?? {},
      annotations: o.annotations ?? {},
      ownerReferences: o.owner
        ? [
            {
              apiVersion: 'apps/v1',
              kind: o.owner.kind,
              name: o.owner.name,
              controller: true,
            },
          ]
        : undefined,
      creationTimestamp: created(),
    },
    spec: { hostNetwork: o.hostNetwork, containers, initContainers },
    status: {
      phase: 'Running',
      conditions: [
        { type: 'Ready', status: o.ready === false ? 'False' : 'True' },
      ],
    },
  };
}

/** A Deployment, its ReplicaSet and `replicas` pods built with `podOptions`. */
export function deploymentWithPods(
  name: string,
  ns: string,
  labels: Labels,
  replicas = 1,
  podOptions: PodOptions = {},
): Obj[] {
  const hash = 'abc12';
  const rs = `${name}-${hash}`;
  const objects: Obj[] = [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: ns, creationTimestamp: created() },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { containers: [{ name: 'app', image: 'x' }] },
        },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: rs,
        namespace: ns,
        ownerReferences: [{ kind: 'Deployment', name, controller: true }],
      },
      spec: { replicas },
    },
  ];
  for (let i = 0; i < replicas; i++) {
    objects.push(
      pod(`${rs}-p${i}`, ns, {
        ...podOptions,
        labels: {
          ...labels,
          'pod-template-hash': hash,
          ...(podOptions.labels ?? {}),
        },
        owner: { kind: 'ReplicaSet', name: rs },
      }),
    );
  }
  return objects;
}

/** A Service. */
export function service(
  name: string,
  ns: string,
  selector: Labels | undefined,
  ports: Obj[] = [{ port: 80, name: 'http', targetPort: 8080 }],
): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns },
    spec: { selector, ports },
  };
}

/** A PeerAuthentication. */
export function peerAuthentication(
  name: string,
  ns: string,
  o: {
    mode?: string;
    selector?: Labels;
    portLevel?: Record<string, string>;
    at?: string;
  } = {},
): Obj {
  const spec: Obj = {};
  if (o.selector) spec.selector = { matchLabels: o.selector };
  if (o.mode) spec.mtls = { mode: o.mode };
  if (o.portLevel) {
    spec.portLevelMtls = Object.fromEntries(
      Object.entries(o.portLevel).map(([p, mode]) => [p, { mode }]),
    );
  }
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name, namespace: ns, creationTimestamp: created(o.at) },
    spec,
  };
}

/** A DestinationRule. */
export function destinationRule(
  name: string,
  ns: string,
  host: string,
  o: {
    tls?: string;
    portLevel?: Record<number, string>;
    subsets?: { name: string; labels: Labels; tls?: string }[];
    exportTo?: string[];
    workloadSelector?: Labels;
  } = {},
): Obj {
  const trafficPolicy: Obj = {};
  if (o.tls) trafficPolicy.tls = { mode: o.tls };
  if (o.portLevel) {
    trafficPolicy.portLevelSettings = Object.entries(o.portLevel).map(
      ([port, mode]) => ({
        port: { number: Number(port) },
        tls: { mode },
      }),
    );
  }
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name, namespace: ns, creationTimestamp: created() },
    spec: {
      host,
      exportTo: o.exportTo,
      workloadSelector: o.workloadSelector
        ? { matchLabels: o.workloadSelector }
        : undefined,
      trafficPolicy,
      subsets: o.subsets?.map(s => ({
        name: s.name,
        labels: s.labels,
        trafficPolicy: s.tls ? { tls: { mode: s.tls } } : undefined,
      })),
    },
  };
}

/** A ConfigMap. */
export function configMap(
  name: string,
  ns: string,
  data: Record<string, string>,
): Obj {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: ns },
    data,
  };
}

/** The `istio` mesh-config ConfigMap (E2), with `mesh` written as YAML text. */
export function meshConfig(ns: string, mesh: string): Obj {
  return configMap('istio', ns, { mesh });
}

/** An istiod Deployment and pod, with env `CLUSTER_ID` when given (C3). */
export function istiod(
  ns = 'istio-system',
  clusterId?: string,
  revision?: string,
): Obj[] {
  const env: Record<string, string> = clusterId
    ? { CLUSTER_ID: clusterId }
    : {};
  const labels: Labels = {
    app: 'istiod',
    ...(revision ? { 'istio.io/rev': revision } : {}),
  };
  const name = revision ? `istiod-${revision}` : 'istiod';
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: ns },
      spec: {
        replicas: 1,
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: 'discovery',
                image: 'docker.io/istio/pilot:1.27.1',
                env: Object.entries(env).map(([k, v]) => ({
                  name: k,
                  value: v,
                })),
              },
            ],
          },
        },
      },
    },
    pod(`${name}-7d9f-x1`, ns, {
      labels,
      containerName: 'discovery',
      image: 'docker.io/istio/pilot:1.27.1',
      env,
      owner: { kind: 'ReplicaSet', name: `${name}-7d9f` },
    }),
  ];
}

/** Reads a fixture file's text. */
export function fixtureText(name: string): string {
  return fs.readFileSync(
    resolvePackagePath(
      '@mesh-portal/plugin-mesh-backend',
      'src/engine/__fixtures__',
      name,
    ),
    'utf8',
  );
}

/** Reads the YAML documents of a fixture, giving namespaced objects `ns` when they have none. */
export function loadYaml(name: string, ns: string): Obj[] {
  return parseAllDocuments(fixtureText(name))
    .map(d => d.toJS() as Obj)
    .filter(o => o && typeof o === 'object' && o.kind)
    .map(o =>
      o.kind === 'Namespace'
        ? o
        : { ...o, metadata: { namespace: ns, ...o.metadata } },
    );
}
