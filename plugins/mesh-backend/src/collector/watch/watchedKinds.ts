import type { ConfigurationOptions } from '@kubernetes/client-node';
import type { ClusterApi } from '../clusterApi';
import type { RawClusterLists } from '../readClusterLists';
import type { StatusRule } from '../stripForEngine';

/** One API version of a watched kind: where it is watched and how it is listed. */
export interface KindVersion {
  /** The list path the watch opens, e.g. `/api/v1/pods`. */
  path: string;
  /** One page of the list, through the typed client. */
  list: (
    api: ClusterApi,
    page: { limit: number; _continue?: string },
    options: ConfigurationOptions,
  ) => Promise<unknown>;
}

/** A kind the watching collector keeps current. */
export interface WatchedKind {
  /** Which raw list of the cluster the kind's objects are. */
  key: keyof RawClusterLists | 'injectorWebhooks';
  /** Names the kind in errors. */
  what: string;
  /**
   * Versions to use, newest first: the first the cluster serves (a `404`
   * moves on to the next) is watched; served at none, the kind is reported
   * missing and reads as empty.
   */
  versions: KindVersion[];
  /** Reported in `missingApis` when no version is served. */
  api?: string;
  fieldSelector?: string;
  labelSelector?: string;
  /** What of its `status` the engine reads (see `stripForEngine`). */
  rule: StatusRule;
  /** A failure leaves the kind unknown instead of failing the cluster. */
  optional?: boolean;
}

/** Label of Istio's injector webhooks naming their revision (M1). */
const INJECTOR_REVISION_LABEL = 'istio.io/rev';

function istioKind(
  key: 'peerAuthentications' | 'destinationRules',
  group: string,
  plural: string,
): WatchedKind {
  return {
    key,
    what: `${plural}.${group}`,
    api: `${plural}.${group}`,
    rule: 'none',
    versions: ['v1', 'v1beta1'].map(version => ({
      path: `/apis/${group}/${version}/${plural}`,
      list: (api, page, o) =>
        api.custom.listClusterCustomObject(
          { group, version, plural, ...page },
          o,
        ),
    })),
  };
}

function one(
  path: string,
  list: KindVersion['list'],
): Pick<WatchedKind, 'versions'> {
  return { versions: [{ path, list }] };
}

/** ConfigMaps of one namespace (the root namespace's, or istiod's). */
export function namespaceConfigMaps(
  key: 'rootConfigMaps' | 'istiodConfigMaps',
  namespace: string,
): WatchedKind {
  return {
    key,
    what: `configmaps in ${namespace}`,
    rule: 'none',
    ...one(`/api/v1/namespaces/${namespace}/configmaps`, (api, page, o) =>
      api.core.listNamespacedConfigMap({ namespace, ...page }, o),
    ),
  };
}

/**
 * Every kind the engine reads, the same lists `readClusterLists` makes
 * (cluster-wide workloads and Istio resources, only the ConfigMaps the
 * engine reads, the injector webhooks), as kinds to list once and watch.
 */
export function watchedKinds(rootNamespace: string): WatchedKind[] {
  return [
    {
      key: 'namespaces',
      what: 'namespaces',
      rule: 'none',
      ...one('/api/v1/namespaces', (api, page, o) =>
        api.core.listNamespace(page, o),
      ),
    },
    {
      key: 'pods',
      what: 'pods',
      rule: 'pod',
      ...one('/api/v1/pods', (api, page, o) =>
        api.core.listPodForAllNamespaces(page, o),
      ),
    },
    {
      key: 'services',
      what: 'services',
      rule: 'none',
      ...one('/api/v1/services', (api, page, o) =>
        api.core.listServiceForAllNamespaces(page, o),
      ),
    },
    namespaceConfigMaps('rootConfigMaps', rootNamespace),
    {
      key: 'caRootCerts',
      what: 'configmaps istio-ca-root-cert',
      rule: 'none',
      fieldSelector: 'metadata.name=istio-ca-root-cert',
      ...one('/api/v1/configmaps', (api, page, o) =>
        api.core.listConfigMapForAllNamespaces(
          { fieldSelector: 'metadata.name=istio-ca-root-cert', ...page },
          o,
        ),
      ),
    },
    {
      key: 'deployments',
      what: 'deployments',
      rule: 'none',
      ...one('/apis/apps/v1/deployments', (api, page, o) =>
        api.apps.listDeploymentForAllNamespaces(page, o),
      ),
    },
    {
      key: 'replicaSets',
      what: 'replicasets',
      rule: 'none',
      ...one('/apis/apps/v1/replicasets', (api, page, o) =>
        api.apps.listReplicaSetForAllNamespaces(page, o),
      ),
    },
    {
      key: 'statefulSets',
      what: 'statefulsets',
      rule: 'none',
      ...one('/apis/apps/v1/statefulsets', (api, page, o) =>
        api.apps.listStatefulSetForAllNamespaces(page, o),
      ),
    },
    {
      key: 'daemonSets',
      what: 'daemonsets',
      rule: 'daemonSet',
      ...one('/apis/apps/v1/daemonsets', (api, page, o) =>
        api.apps.listDaemonSetForAllNamespaces(page, o),
      ),
    },
    {
      key: 'jobs',
      what: 'jobs',
      rule: 'none',
      ...one('/apis/batch/v1/jobs', (api, page, o) =>
        api.batch.listJobForAllNamespaces(page, o),
      ),
    },
    {
      key: 'cronJobs',
      what: 'cronjobs',
      rule: 'none',
      ...one('/apis/batch/v1/cronjobs', (api, page, o) =>
        api.batch.listCronJobForAllNamespaces(page, o),
      ),
    },
    istioKind(
      'peerAuthentications',
      'security.istio.io',
      'peerauthentications',
    ),
    istioKind('destinationRules', 'networking.istio.io', 'destinationrules'),
    {
      key: 'injectorWebhooks',
      what: 'mutatingwebhookconfigurations',
      api: 'mutatingwebhookconfigurations.admissionregistration.k8s.io',
      rule: 'none',
      optional: true,
      labelSelector: INJECTOR_REVISION_LABEL,
      ...one(
        '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations',
        (api, page, o) =>
          api.admission.listMutatingWebhookConfiguration(
            { labelSelector: INJECTOR_REVISION_LABEL, ...page },
            o,
          ),
      ),
    },
  ];
}
