import type { KubernetesCredential } from '@backstage/plugin-kubernetes-node';
import type { MeshClusterConfig } from '../config';
import type { ClusterObjects } from '../engine/types';
import { createClusterApi } from './clusterApi';
import { ClusterReadError } from './describeError';
import { readClusterLists } from './readClusterLists';
import { toClusterObjects } from './toClusterObjects';

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
  /**
   * The cluster's credential for this collection, from its auth provider
   * (default: its configured `serviceAccountToken`).
   * @throws ClusterReadError when the credential cannot be had.
   */
  getCredential?: (cluster: MeshClusterConfig) => Promise<KubernetesCredential>;
}

/**
 * Reads, from one cluster, every object the semantics engine needs, in three
 * steps: connect (`createClusterApi`), list everything at once,
 * paginated (`readClusterLists`: each Istio kind at `v1`, else
 * `v1beta1`; a kind served at neither is reported in `missingApis`), and
 * reduce the lists to the engine's input (`toClusterObjects`).
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
  const credential = await options.getCredential?.(cluster);
  const api = createClusterApi(cluster, {
    credential,
    requestTimeoutMs: options.requestTimeoutMs,
    pageSize: options.pageSize ?? 500,
    signal: options.signal,
  });
  const raw = await readClusterLists(
    api,
    cluster.rootNamespace ?? 'istio-system',
  );
  return {
    objects: toClusterObjects(cluster, raw, options.excludeNamespaces),
    missingApis: api.missingApis.sort(),
  };
}
