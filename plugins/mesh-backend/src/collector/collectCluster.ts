import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
} from '@kubernetes/client-node';
import type { MeshClusterConfig } from '../config';
import type { ClusterObjects } from '../engine/types';
import { ClusterReadError, describeError } from './describeError';
import { isNotFound, listAll, PageCall } from './rawList';

/**
 * What one collection of a cluster produced.
 * @public
 */
export interface ClusterCollection {
  objects: ClusterObjects;
  /** Istio CRDs the cluster does not serve, as `<plural>.<group>`. */
  missingApis: string[];
}

/**
 * Options of {@link collectCluster}.
 * @public
 */
export interface CollectOptions {
  /** Timeout of each API call in milliseconds. */
  requestTimeoutMs: number;
  /** Namespaces whose objects are dropped. */
  excludeNamespaces?: string[];
  /** Page size of list calls (default 500). */
  pageSize?: number;
  /** Aborts every call, e.g. when the scheduled refresh times out. */
  signal?: AbortSignal;
}

type ListKey = Exclude<
  keyof ClusterObjects,
  'cluster' | 'istioClusterId' | 'rootNamespace'
>;

/** Istio kinds, tried at `v1` then `v1beta1`. */
const ISTIO_RESOURCES: Array<{ key: ListKey; group: string; plural: string }> =
  [
    {
      key: 'peerAuthentications',
      group: 'security.istio.io',
      plural: 'peerauthentications',
    },
    {
      key: 'authorizationPolicies',
      group: 'security.istio.io',
      plural: 'authorizationpolicies',
    },
    {
      key: 'requestAuthentications',
      group: 'security.istio.io',
      plural: 'requestauthentications',
    },
    {
      key: 'destinationRules',
      group: 'networking.istio.io',
      plural: 'destinationrules',
    },
    {
      key: 'virtualServices',
      group: 'networking.istio.io',
      plural: 'virtualservices',
    },
    { key: 'gateways', group: 'networking.istio.io', plural: 'gateways' },
    {
      key: 'serviceEntries',
      group: 'networking.istio.io',
      plural: 'serviceentries',
    },
    { key: 'sidecars', group: 'networking.istio.io', plural: 'sidecars' },
  ];

const ISTIO_VERSIONS = ['v1', 'v1beta1'];

/** Builds a client-node KubeConfig for one configured cluster. */
export function createKubeConfig(cluster: MeshClusterConfig): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        caData: cluster.caData,
        caFile: cluster.caFile,
        skipTLSVerify: cluster.skipTLSVerify,
      },
    ],
    users: [{ name: 'mesh', token: cluster.serviceAccountToken }],
    contexts: [{ name: 'mesh', cluster: cluster.name, user: 'mesh' }],
    currentContext: 'mesh',
  });
  return kc;
}

function metadataOf(item: unknown): Record<string, unknown> | undefined {
  if (!item || typeof item !== 'object') return undefined;
  const metadata = (item as { metadata?: unknown }).metadata;
  return metadata && typeof metadata === 'object'
    ? (metadata as Record<string, unknown>)
    : undefined;
}

/**
 * Drops what the engine never reads and that dominates an object's size
 * (managed fields, the last-applied annotation). Malformed items are kept
 * untouched: the engine reports them as findings.
 */
function slim(item: unknown): unknown {
  const metadata = metadataOf(item);
  if (!metadata) return item;
  delete metadata.managedFields;
  const annotations = metadata.annotations;
  if (annotations && typeof annotations === 'object') {
    delete (annotations as Record<string, unknown>)[
      'kubectl.kubernetes.io/last-applied-configuration'
    ];
  }
  return item;
}

function namespaceOf(item: unknown): string | undefined {
  const value = metadataOf(item)?.namespace;
  return typeof value === 'string' ? value : undefined;
}

function nameOf(item: unknown): string | undefined {
  const value = metadataOf(item)?.name;
  return typeof value === 'string' ? value : undefined;
}

/**
 * Reads, from one cluster, every object the semantics engine needs: paginated
 * lists of workloads and Istio resources (each Istio kind at `v1`, else
 * `v1beta1`; a kind served at neither is reported in `missingApis`), and only
 * the ConfigMaps the engine reads (`istio*` in the root namespace and every
 * `istio-ca-root-cert`).
 *
 * @throws ClusterReadError with a credential-free message when any call fails.
 * @public
 */
export async function collectCluster(
  cluster: MeshClusterConfig,
  options: CollectOptions,
): Promise<ClusterCollection> {
  if (cluster.unsupportedReason) {
    throw new ClusterReadError(cluster.unsupportedReason);
  }
  const kc = createKubeConfig(cluster);
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const batch = kc.makeApiClient(BatchV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const rootNamespace = cluster.rootNamespace ?? 'istio-system';
  const list = {
    pageSize: options.pageSize ?? 500,
    timeoutMs: options.requestTimeoutMs,
    signal: options.signal,
  };
  const errorContext = {
    timeoutMs: options.requestTimeoutMs,
    signal: options.signal,
    secrets: [cluster.serviceAccountToken],
  };

  const read = async (what: string, call: PageCall) => {
    try {
      return await listAll(call, list);
    } catch (error) {
      throw describeError(error, what, errorContext);
    }
  };

  const missingApis: string[] = [];
  const readIstio = async (group: string, plural: string) => {
    for (const version of ISTIO_VERSIONS) {
      try {
        return await listAll(
          (page, callOptions) =>
            custom.listClusterCustomObject(
              { group, version, plural, ...page },
              callOptions,
            ),
          list,
        );
      } catch (error) {
        if (!isNotFound(error)) {
          throw describeError(
            error,
            `${plural}.${group}/${version}`,
            errorContext,
          );
        }
      }
    }
    missingApis.push(`${plural}.${group}`);
    return [];
  };

  const coreLists = {
    namespaces: read('namespaces', (page, o) => core.listNamespace(page, o)),
    pods: read('pods', (page, o) => core.listPodForAllNamespaces(page, o)),
    services: read('services', (page, o) =>
      core.listServiceForAllNamespaces(page, o),
    ),
    rootConfigMaps: read(`configmaps in ${rootNamespace}`, (page, o) =>
      core.listNamespacedConfigMap({ namespace: rootNamespace, ...page }, o),
    ),
    caRootCerts: read('configmaps istio-ca-root-cert', (page, o) =>
      core.listConfigMapForAllNamespaces(
        { fieldSelector: 'metadata.name=istio-ca-root-cert', ...page },
        o,
      ),
    ),
    deployments: read('deployments', (page, o) =>
      apps.listDeploymentForAllNamespaces(page, o),
    ),
    replicaSets: read('replicasets', (page, o) =>
      apps.listReplicaSetForAllNamespaces(page, o),
    ),
    statefulSets: read('statefulsets', (page, o) =>
      apps.listStatefulSetForAllNamespaces(page, o),
    ),
    daemonSets: read('daemonsets', (page, o) =>
      apps.listDaemonSetForAllNamespaces(page, o),
    ),
    jobs: read('jobs', (page, o) => batch.listJobForAllNamespaces(page, o)),
    cronJobs: read('cronjobs', (page, o) =>
      batch.listCronJobForAllNamespaces(page, o),
    ),
  };
  const istioLists = ISTIO_RESOURCES.map(async resource => ({
    key: resource.key,
    items: await readIstio(resource.group, resource.plural),
  }));

  // Wait for every call (so none is left running), then fail on the first error.
  const settled = await Promise.allSettled([
    Promise.all(
      Object.entries(coreLists).map(async ([key, items]) => ({
        key,
        items: await items,
      })),
    ),
    Promise.all(istioLists),
  ]);
  for (const result of settled) {
    if (result.status === 'rejected') {
      throw result.reason instanceof ClusterReadError
        ? result.reason
        : describeError(result.reason, 'cluster', errorContext);
    }
  }
  const [coreResult, istioResult] = settled as Array<
    PromiseFulfilledResult<Array<{ key: string; items: unknown[] }>>
  >;

  const excluded = new Set(options.excludeNamespaces ?? []);
  const keep = (item: unknown) => {
    const namespace = namespaceOf(item);
    return namespace === undefined || !excluded.has(namespace);
  };
  const byKey = new Map<string, unknown[]>();
  for (const { key, items } of [...coreResult.value, ...istioResult.value]) {
    byKey.set(key, items.filter(keep).map(slim));
  }
  const get = (key: string) => byKey.get(key) ?? [];

  const rootConfigMaps = get('rootConfigMaps').filter(item =>
    (nameOf(item) ?? '').startsWith('istio'),
  );
  const caRootCerts = get('caRootCerts').filter(
    item => namespaceOf(item) !== rootNamespace,
  );

  return {
    objects: {
      cluster: cluster.name,
      istioClusterId: cluster.istioClusterId,
      rootNamespace: cluster.rootNamespace,
      namespaces: get('namespaces').filter(
        item => !excluded.has(nameOf(item) ?? ''),
      ),
      pods: get('pods'),
      services: get('services'),
      configMaps: [...rootConfigMaps, ...caRootCerts],
      deployments: get('deployments'),
      replicaSets: get('replicaSets'),
      statefulSets: get('statefulSets'),
      daemonSets: get('daemonSets'),
      jobs: get('jobs'),
      cronJobs: get('cronJobs'),
      peerAuthentications: get('peerAuthentications'),
      destinationRules: get('destinationRules'),
      authorizationPolicies: get('authorizationPolicies'),
      requestAuthentications: get('requestAuthentications'),
      virtualServices: get('virtualServices'),
      gateways: get('gateways'),
      serviceEntries: get('serviceEntries'),
      sidecars: get('sidecars'),
    },
    missingApis: missingApis.sort(),
  };
}
