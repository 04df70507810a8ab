import {
  AdmissionregistrationV1Api,
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
} from '@kubernetes/client-node';
import type { KubernetesCredential } from '@backstage/plugin-kubernetes-node';
import type { MeshClusterConfig } from '../config';
import { ClusterReadError, describeError } from './describeError';
import { createKubeConfig } from './kubeConfig';
import { isNotFound, listAll, type PageCall } from './rawList';

/** Versions an Istio kind is tried at, newest first. */
const ISTIO_VERSIONS = ['v1', 'v1beta1'];

/**
 * One cluster's API for one collection: typed clients, paginated listing
 * with credential-free errors, and the list of Istio APIs found missing.
 */
export interface ClusterApi {
  core: CoreV1Api;
  apps: AppsV1Api;
  batch: BatchV1Api;
  admission: AdmissionregistrationV1Api;
  custom: CustomObjectsApi;
  /** Every page of a list call; a failure becomes a {@link ClusterReadError} naming `what`. */
  list(what: string, call: PageCall): Promise<unknown[]>;
  /** Every page of a list call; failures are left to the caller (optional reads). */
  listOptional(call: PageCall): Promise<unknown[]>;
  /**
   * An Istio kind cluster-wide at `v1`, else `v1beta1`; a kind served at
   * neither is recorded in `missingApis` and reads as empty.
   */
  listIstio(group: string, plural: string): Promise<unknown[]>;
  /** Turns any error of this collection into a credential-free ClusterReadError. */
  fail(error: unknown): ClusterReadError;
  /** APIs the cluster does not serve (or we may not read), as `<plural>.<group>`. */
  missingApis: string[];
}

/** Options of {@link createClusterApi}. */
export interface ClusterApiOptions {
  /** From the cluster's auth strategy; default: its `serviceAccountToken`. */
  credential?: KubernetesCredential;
  requestTimeoutMs: number;
  pageSize: number;
  signal?: AbortSignal;
}

/** The secret parts of a credential, to keep out of error messages. */
export function secretsOf(
  credential: KubernetesCredential | undefined,
): string[] {
  if (credential?.type === 'bearer token') return [credential.token];
  if (credential?.type === 'x509 client certificate') return [credential.key];
  return [];
}

/** Connects to one configured cluster for one collection. */
export function createClusterApi(
  cluster: MeshClusterConfig,
  options: ClusterApiOptions,
): ClusterApi {
  const kc = createKubeConfig(cluster, options.credential);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const paging = {
    pageSize: options.pageSize,
    timeoutMs: options.requestTimeoutMs,
    signal: options.signal,
  };
  const errorContext = {
    timeoutMs: options.requestTimeoutMs,
    signal: options.signal,
    secrets: [cluster.serviceAccountToken, ...secretsOf(options.credential)],
  };
  const missingApis: string[] = [];

  const list = async (what: string, call: PageCall) => {
    try {
      return await listAll(call, paging);
    } catch (error) {
      throw describeError(error, what, errorContext);
    }
  };

  const listIstio = async (group: string, plural: string) => {
    for (const version of ISTIO_VERSIONS) {
      try {
        return await listAll(
          (page, callOptions) =>
            custom.listClusterCustomObject(
              { group, version, plural, ...page },
              callOptions,
            ),
          paging,
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

  return {
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    batch: kc.makeApiClient(BatchV1Api),
    admission: kc.makeApiClient(AdmissionregistrationV1Api),
    custom,
    list,
    listOptional: call => listAll(call, paging),
    listIstio,
    fail: error =>
      error instanceof ClusterReadError
        ? error
        : describeError(error, 'cluster', errorContext),
    missingApis,
  };
}
