import { ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER } from '@backstage/plugin-kubernetes-common';
import type { MeshClusterConfig, MeshClusterSettings } from './types';

/**
 * Auth providers whose credential the backend gets by itself (a configured
 * token, the cloud SDK's credential chain, or none for `kubectl proxy`).
 */
const SERVER_SIDE_PROVIDERS = new Set([
  'serviceAccount',
  'aws',
  'azure',
  'googleServiceAccount',
  'localKubectlProxy',
]);

/**
 * Auth providers whose credential is the signed-in user's token, which the
 * Kubernetes plugin's frontend sends with each request. mesh reads clusters
 * in a background task with no user, so these need a configured token.
 */
const USER_TOKEN_PROVIDERS = new Set(['oidc', 'google', 'aks']);

/** Every auth provider mesh knows, for messages. */
export const KNOWN_AUTH_PROVIDERS = [
  ...SERVER_SIDE_PROVIDERS,
  ...USER_TOKEN_PROVIDERS,
];

/**
 * Decides how mesh reads a cluster in the background, whichever locator found
 * it: the token it sends (the `serviceAccount` token, or for a user-token
 * provider the `mesh.clusters[].serviceAccountToken` / the entry's own
 * `serviceAccountToken`), or why it cannot (`unsupportedReason`, reported as
 * the cluster's error).
 */
export function backgroundAuth(options: {
  authProvider: string;
  authMetadata: Record<string, string>;
  /** The Kubernetes entry's own `serviceAccountToken` (config locator only). */
  entryToken?: string;
  settings?: MeshClusterSettings;
}): Pick<MeshClusterConfig, 'serviceAccountToken' | 'unsupportedReason'> {
  const { authProvider, entryToken, settings } = options;
  if (authProvider === 'serviceAccount') {
    // Without a token the Kubernetes plugin's strategy reads the pod's own.
    return { serviceAccountToken: settings?.serviceAccountToken ?? entryToken };
  }
  if (SERVER_SIDE_PROVIDERS.has(authProvider)) return {};
  if (USER_TOKEN_PROVIDERS.has(authProvider)) {
    const token = settings?.serviceAccountToken ?? entryToken;
    if (token) return { serviceAccountToken: token };
    const provider =
      authProvider === 'oidc'
        ? ` (oidcTokenProvider '${options.authMetadata[ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER]}')`
        : '';
    return {
      unsupportedReason: `authProvider '${authProvider}'${provider} reads with the signed-in user's token; mesh reads clusters in the background without a user: set mesh.clusters[].serviceAccountToken for this cluster`,
    };
  }
  return {
    unsupportedReason: `authProvider '${authProvider}' is not one mesh can read with (${KNOWN_AUTH_PROVIDERS.join(
      ', ',
    )})`,
  };
}

/**
 * A cluster as found by a locator, completed with its `mesh.clusters[]`
 * settings and its background auth.
 */
export function toMeshCluster(options: {
  name: string;
  url: string;
  source: NonNullable<MeshClusterConfig['source']>;
  authProvider: string;
  authMetadata: Record<string, string>;
  caData?: string;
  caFile?: string;
  skipTLSVerify: boolean;
  entryToken?: string;
  settings?: MeshClusterSettings;
}): MeshClusterConfig {
  const { settings } = options;
  const cluster: MeshClusterConfig = {
    name: options.name,
    url: options.url.replace(/\/+$/, ''),
    source: options.source,
    authProvider: options.authProvider,
    authMetadata: options.authMetadata,
    caData: options.caData,
    caFile: options.caFile,
    skipTLSVerify: options.skipTLSVerify,
    ...backgroundAuth(options),
    istioClusterId: settings?.istioClusterId,
    rootNamespace: settings?.rootNamespace,
    prometheus: settings?.prometheus,
  };
  return cluster;
}
