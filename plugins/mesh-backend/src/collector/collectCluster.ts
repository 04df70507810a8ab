import {
  AdmissionregistrationV1Api,
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
} from '@kubernetes/client-node';
import type { MeshClusterConfig } from '../config';
import type { ClusterObjects } from '../engine/types';
import { ClusterReadError, describeError } from './describeError';
import {
  istiodNamespaces,
  isIstiodDeploymentObject,
  isIstiodPodObject,
} from './istiod';
import { isNotFound, listAll, PageCall } from './rawList';
import { StatusRule, stripForEngine } from './stripForEngine';

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
  /**
   * Namespaces whose workloads (Namespace, pods, controllers, Services) are
   * dropped. Istio configuration, its ConfigMaps and istiod are always kept.
   */
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

/**
 * Istio kinds the engine reads, tried at `v1` then `v1beta1`. Only these are
 * listed: every other kind would need RBAC for nothing, and a failure on it
 * would fail the whole cluster.
 */
const ISTIO_RESOURCES: Array<{ key: ListKey; group: string; plural: string }> =
  [
    {
      key: 'peerAuthentications',
      group: 'security.istio.io',
      plural: 'peerauthentications',
    },
    {
      key: 'destinationRules',
      group: 'networking.istio.io',
      plural: 'destinationrules',
    },
  ];

const ISTIO_VERSIONS = ['v1', 'v1beta1'];

/** Label of Istio's injector webhooks naming their revision (M1). */
const INJECTOR_REVISION_LABEL = 'istio.io/rev';
/** Label of a revision tag's injector webhook naming the tag (M1). */
const INJECTOR_TAG_LABEL = 'istio.io/tag';
/** Reported in `missingApis` when the injector webhooks cannot be read. */
const INJECTOR_WEBHOOK_API =
  'mutatingwebhookconfigurations.admissionregistration.k8s.io';

/** Revisions and tags named by Istio's injector webhooks, sorted. */
function injectorRevisionsOf(webhooks: unknown[]): string[] {
  const names = new Set<string>();
  for (const webhook of webhooks) {
    const labels = metadataOf(webhook)?.labels;
    if (!labels || typeof labels !== 'object') continue;
    for (const key of [INJECTOR_REVISION_LABEL, INJECTOR_TAG_LABEL]) {
      const value = (labels as Record<string, unknown>)[key];
      if (typeof value === 'string' && value) names.add(value);
    }
  }
  return [...names].sort();
}

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
 * the ConfigMaps the engine reads (`istio*` in the root namespace and in
 * istiod's namespace, and every `istio-ca-root-cert`). Each object is reduced
 * to what the engine reads ({@link stripForEngine}), so that the snapshot's
 * hash changes only when something the engine sees does.
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
  const admission = kc.makeApiClient(AdmissionregistrationV1Api);
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

  const istioConfigMaps = (namespace: string) =>
    read(`configmaps in ${namespace}`, (page, o) =>
      core.listNamespacedConfigMap({ namespace, ...page }, o),
    );
  const coreLists = {
    namespaces: read('namespaces', (page, o) => core.listNamespace(page, o)),
    pods: read('pods', (page, o) => core.listPodForAllNamespaces(page, o)),
    services: read('services', (page, o) =>
      core.listServiceForAllNamespaces(page, o),
    ),
    rootConfigMaps: istioConfigMaps(rootNamespace),
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
  // Optional: which revisions and tags have an injector webhook (M1). Any
  // failure (RBAC not granted) only leaves them unknown.
  const injectorWebhooks = listAll(
    (page, o) =>
      admission.listMutatingWebhookConfiguration(
        { labelSelector: INJECTOR_REVISION_LABEL, ...page },
        o,
      ),
    list,
  ).then(
    items => injectorRevisionsOf(items),
    () => {
      missingApis.push(INJECTOR_WEBHOOK_API);
      return undefined;
    },
  );
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
  const injectorRevisions = await injectorWebhooks;
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
  const raw = new Map<string, unknown[]>();
  for (const { key, items } of [...coreResult.value, ...istioResult.value]) {
    raw.set(key, items);
  }
  const rawList = (key: string) => raw.get(key) ?? [];

  // The mesh and injector config live in istiod's namespace (E2), which
  // need not be the root namespace: read `istio*` ConfigMaps there too.
  const extraIstiodNamespaces = istiodNamespaces(
    rawList('deployments'),
    rawList('pods'),
  ).filter(namespace => namespace !== rootNamespace);
  const istiodConfigMaps = (
    await Promise.all(extraIstiodNamespaces.map(istioConfigMaps))
  ).flat();

  // Exclusion hides workloads, never the mesh's own configuration: Istio
  // config, its ConfigMaps and istiod decide every workload's mTLS and
  // membership, even when their namespace is excluded.
  const excluded = new Set(options.excludeNamespaces ?? []);
  const included = (item: unknown) => {
    const namespace = namespaceOf(item);
    return namespace === undefined || !excluded.has(namespace);
  };
  const workloads = (
    key: string,
    rule: StatusRule,
    keepAnyway: (item: unknown) => boolean = () => false,
  ) =>
    rawList(key)
      .filter(item => included(item) || keepAnyway(item))
      .map(item => stripForEngine(item, rule));
  const config = (items: unknown[]) =>
    items.map(item => stripForEngine(item, 'none'));

  const istioNamedConfigMaps = [
    ...rawList('rootConfigMaps'),
    ...istiodConfigMaps,
  ].filter(item => (nameOf(item) ?? '').startsWith('istio'));
  const caRootCerts = rawList('caRootCerts').filter(
    item => namespaceOf(item) !== rootNamespace,
  );

  return {
    objects: {
      cluster: cluster.name,
      istioClusterId: cluster.istioClusterId,
      rootNamespace: cluster.rootNamespace,
      ...(injectorRevisions ? { injectorRevisions } : {}),
      namespaces: rawList('namespaces')
        .filter(item => !excluded.has(nameOf(item) ?? ''))
        .map(item => stripForEngine(item, 'none')),
      pods: workloads('pods', 'pod', isIstiodPodObject),
      services: workloads('services', 'none'),
      configMaps: config([...istioNamedConfigMaps, ...caRootCerts]),
      deployments: workloads('deployments', 'none', isIstiodDeploymentObject),
      replicaSets: workloads('replicaSets', 'none'),
      statefulSets: workloads('statefulSets', 'none'),
      daemonSets: workloads('daemonSets', 'daemonSet'),
      jobs: workloads('jobs', 'none'),
      cronJobs: workloads('cronJobs', 'none'),
      peerAuthentications: config(rawList('peerAuthentications')),
      destinationRules: config(rawList('destinationRules')),
    },
    missingApis: missingApis.sort(),
  };
}
