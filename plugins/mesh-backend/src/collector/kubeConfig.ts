import { KubeConfig } from '@kubernetes/client-node';
import type { MeshClusterConfig } from '../config';

/**
 * Builds a client-node KubeConfig for one configured cluster: the one place
 * that turns a cluster's configured authentication into client credentials.
 */
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
