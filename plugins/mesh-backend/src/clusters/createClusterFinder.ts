import type { AuthService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { GoogleAuth } from 'google-auth-library';
import type { MeshConfig } from '../config';
import type { ResolveHost } from './apiServerUrl';
import { readCatalogClusters } from './catalogClusters';
import type { FindClusters } from './ClusterDirectory';
import { listGkeClusters } from './gkeClusters';
import { localKubectlProxyCluster } from './localKubectlProxy';

/**
 * Options of {@link createClusterFinder}.
 * @public
 */
export interface ClusterFinderOptions {
  /** Root config (`kubernetes.googleServiceAccountCredentials`). */
  rootConfig: Config;
  meshConfig: MeshConfig;
  catalog: CatalogService;
  auth: AuthService;
  /** Tests: the address of `kubectl proxy` (default `http://<localhost>:8001`). */
  kubectlProxyUrl?: string;
  /** Tests: host name resolution for the catalog's SSRF check. */
  resolve?: ResolveHost;
}

/**
 * Finds the clusters of each runtime locator: catalog entities, the GKE API
 * (token from `kubernetes.googleServiceAccountCredentials` when set, else
 * Google's application default credentials, as the Kubernetes plugin), or
 * the local `kubectl proxy`.
 * @public
 */
export function createClusterFinder(
  options: ClusterFinderOptions,
): FindClusters {
  const { meshConfig } = options;
  const settings = (name: string) =>
    meshConfig.clusterSettings.find(entry => entry.name === name);
  let google: GoogleAuth | undefined;
  const googleToken = async () => {
    if (!google) {
      const key = options.rootConfig.getOptionalString(
        'kubernetes.googleServiceAccountCredentials',
      );
      google = new GoogleAuth({
        scopes: ['https://www.googleapis.com/auth/cloud-platform'],
        ...(key ? { credentials: parseKey(key) } : {}),
      });
    }
    const token = await google.getAccessToken();
    if (!token) throw new Error('no Google access token was issued');
    return token;
  };
  return async locator => {
    switch (locator.type) {
      case 'catalog':
        return readCatalogClusters({
          catalog: options.catalog,
          auth: options.auth,
          locator,
          settings,
          resolve: options.resolve,
        });
      case 'gke':
        return listGkeClusters({
          locator,
          getAccessToken: googleToken,
          settings,
          timeoutMs: meshConfig.requestTimeoutMs,
        });
      default:
        return [
          await localKubectlProxyCluster(
            settings('local'),
            options.kubectlProxyUrl,
          ),
        ];
    }
  };
}

/** Parses the service account key without quoting it in the error. */
function parseKey(text: string) {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(
      'kubernetes.googleServiceAccountCredentials is not valid JSON',
    );
  }
}
