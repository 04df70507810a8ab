import type { ClusterApi } from './clusterApi';
import { istiodNamespaces } from './istiod';
import { metadataOf } from './rawMetadata';

/**
 * Istio kinds the engine reads. Only these are listed: every other kind
 * would need RBAC for nothing, and a failure on it would fail the whole
 * cluster.
 */
const ISTIO_RESOURCES = {
  peerAuthentications: {
    group: 'security.istio.io',
    plural: 'peerauthentications',
  },
  destinationRules: {
    group: 'networking.istio.io',
    plural: 'destinationrules',
  },
} as const;

/** Label of Istio's injector webhooks naming their revision (M1). */
const INJECTOR_REVISION_LABEL = 'istio.io/rev';
/** Label of a revision tag's injector webhook naming the tag (M1). */
const INJECTOR_TAG_LABEL = 'istio.io/tag';
/** Reported in `missingApis` when the injector webhooks cannot be read. */
const INJECTOR_WEBHOOK_API =
  'mutatingwebhookconfigurations.admissionregistration.k8s.io';

/** The raw lists of one cluster, as the API server returned them. */
export interface RawClusterLists {
  namespaces: unknown[];
  pods: unknown[];
  services: unknown[];
  /** ConfigMaps of the root namespace. */
  rootConfigMaps: unknown[];
  /** ConfigMaps of istiod's namespaces other than the root namespace. */
  istiodConfigMaps: unknown[];
  /** Every `istio-ca-root-cert` ConfigMap. */
  caRootCerts: unknown[];
  deployments: unknown[];
  replicaSets: unknown[];
  statefulSets: unknown[];
  daemonSets: unknown[];
  jobs: unknown[];
  cronJobs: unknown[];
  peerAuthentications: unknown[];
  destinationRules: unknown[];
  /** Revisions and tags with an injector webhook; undefined when unreadable (M1). */
  injectorRevisions?: string[];
}

type ListedFirst = Omit<
  RawClusterLists,
  'istiodConfigMaps' | 'injectorRevisions'
>;

/** Revisions and tags named by Istio's injector webhooks, sorted. */
export function injectorRevisionsOf(webhooks: unknown[]): string[] {
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

function listConfigMaps(api: ClusterApi, namespace: string) {
  return api.list(`configmaps in ${namespace}`, (page, o) =>
    api.core.listNamespacedConfigMap({ namespace, ...page }, o),
  );
}

/** Starts every required list call of one cluster at once. */
function startRequiredLists(
  api: ClusterApi,
  rootNamespace: string,
): { [K in keyof ListedFirst]: Promise<unknown[]> } {
  const { core, apps, batch } = api;
  return {
    namespaces: api.list('namespaces', (page, o) =>
      core.listNamespace(page, o),
    ),
    pods: api.list('pods', (page, o) => core.listPodForAllNamespaces(page, o)),
    services: api.list('services', (page, o) =>
      core.listServiceForAllNamespaces(page, o),
    ),
    rootConfigMaps: listConfigMaps(api, rootNamespace),
    caRootCerts: api.list('configmaps istio-ca-root-cert', (page, o) =>
      core.listConfigMapForAllNamespaces(
        { fieldSelector: 'metadata.name=istio-ca-root-cert', ...page },
        o,
      ),
    ),
    deployments: api.list('deployments', (page, o) =>
      apps.listDeploymentForAllNamespaces(page, o),
    ),
    replicaSets: api.list('replicasets', (page, o) =>
      apps.listReplicaSetForAllNamespaces(page, o),
    ),
    statefulSets: api.list('statefulsets', (page, o) =>
      apps.listStatefulSetForAllNamespaces(page, o),
    ),
    daemonSets: api.list('daemonsets', (page, o) =>
      apps.listDaemonSetForAllNamespaces(page, o),
    ),
    jobs: api.list('jobs', (page, o) => batch.listJobForAllNamespaces(page, o)),
    cronJobs: api.list('cronjobs', (page, o) =>
      batch.listCronJobForAllNamespaces(page, o),
    ),
    peerAuthentications: api.listIstio(
      ISTIO_RESOURCES.peerAuthentications.group,
      ISTIO_RESOURCES.peerAuthentications.plural,
    ),
    destinationRules: api.listIstio(
      ISTIO_RESOURCES.destinationRules.group,
      ISTIO_RESOURCES.destinationRules.plural,
    ),
  };
}

/**
 * Which revisions and tags have an injector webhook (M1). Optional: any
 * failure (RBAC not granted) only leaves them unknown, and says so in
 * `missingApis`.
 */
function readInjectorRevisions(api: ClusterApi): Promise<string[] | undefined> {
  return api
    .listOptional((page, o) =>
      api.admission.listMutatingWebhookConfiguration(
        { labelSelector: INJECTOR_REVISION_LABEL, ...page },
        o,
      ),
    )
    .then(injectorRevisionsOf, () => {
      api.missingApis.push(INJECTOR_WEBHOOK_API);
      return undefined;
    });
}

/**
 * Waits for every call (so none is left running), then fails on the first
 * error.
 */
async function settleAll<T extends Record<string, Promise<unknown[]>>>(
  api: ClusterApi,
  calls: T,
): Promise<{ [K in keyof T]: unknown[] }> {
  const keys = Object.keys(calls) as Array<keyof T>;
  const settled = await Promise.allSettled(keys.map(key => calls[key]));
  const out = {} as { [K in keyof T]: unknown[] };
  settled.forEach((result, i) => {
    if (result.status === 'rejected') throw api.fail(result.reason);
    out[keys[i]] = result.value;
  });
  return out;
}

/**
 * Reads, from one cluster, every list the engine needs: workloads and Istio
 * resources cluster-wide, and only the ConfigMaps the engine reads (those of
 * the root namespace and of istiod's namespace, and every
 * `istio-ca-root-cert`).
 * @throws ClusterReadError when a required call fails.
 */
export async function readClusterLists(
  api: ClusterApi,
  rootNamespace: string,
): Promise<RawClusterLists> {
  const [listed, revisions] = await Promise.allSettled([
    settleAll(api, startRequiredLists(api, rootNamespace)),
    readInjectorRevisions(api),
  ]);
  if (listed.status === 'rejected') throw listed.reason;
  const lists = listed.value;
  // The mesh and injector config live in istiod's namespace (E2), which
  // need not be the root namespace: read its ConfigMaps too.
  const extraIstiodNamespaces = istiodNamespaces(
    lists.deployments,
    lists.pods,
  ).filter(namespace => namespace !== rootNamespace);
  const istiodConfigMaps = (
    await Promise.all(
      extraIstiodNamespaces.map(namespace => listConfigMaps(api, namespace)),
    )
  ).flat();
  return {
    ...lists,
    istiodConfigMaps,
    // Never rejects: an unreadable webhook list leaves the revisions unknown.
    injectorRevisions:
      revisions.status === 'fulfilled' ? revisions.value : undefined,
  };
}
