import { KubeConfig, type User } from '@kubernetes/client-node';
import type { KubernetesCredential } from '@backstage/plugin-kubernetes-node';
import type { MeshClusterConfig } from '../config';

/** The client-node user of a credential (PEM client certificates become base64 data). */
function userOf(
  cluster: MeshClusterConfig,
  credential: KubernetesCredential | undefined,
): User {
  if (!credential) return { name: 'mesh', token: cluster.serviceAccountToken };
  switch (credential.type) {
    case 'bearer token':
      return { name: 'mesh', token: credential.token };
    case 'x509 client certificate':
      return {
        name: 'mesh',
        certData: Buffer.from(credential.cert).toString('base64'),
        keyData: Buffer.from(credential.key).toString('base64'),
      };
    default:
      return { name: 'mesh' };
  }
}

/**
 * Builds a client-node KubeConfig for one cluster: the one place that turns
 * a cluster's credential (from its auth strategy, or the configured
 * `serviceAccountToken` when none is given) into client credentials.
 */
export function createKubeConfig(
  cluster: MeshClusterConfig,
  credential?: KubernetesCredential,
): KubeConfig {
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
    users: [userOf(cluster, credential)],
    contexts: [{ name: 'mesh', cluster: cluster.name, user: 'mesh' }],
    currentContext: 'mesh',
  });
  return kc;
}
