import { lookup } from 'node:dns/promises';
import { toMeshCluster, type MeshClusterSettings } from '../config';
import type { MeshClusterConfig } from '../config';

/** Port `kubectl proxy` listens on by default (the Kubernetes plugin's fixed choice). */
const KUBECTL_PROXY_PORT = 8001;

/**
 * The one cluster of a `type: localKubectlProxy` locator: `local`, at
 * `http://<localhost>:8001` (IPv4 first, as `kubectl proxy` listens on
 * 127.0.0.1), read without credentials: the proxy adds kubectl's own.
 */
export async function localKubectlProxyCluster(
  settings: MeshClusterSettings | undefined,
  baseUrl?: string,
): Promise<MeshClusterConfig> {
  const url =
    baseUrl ??
    `http://${
      (await lookup('localhost', { family: 0, verbatim: false })).address
    }:${KUBECTL_PROXY_PORT}`;
  return toMeshCluster({
    name: 'local',
    url,
    source: 'localKubectlProxy',
    authProvider: 'localKubectlProxy',
    authMetadata: { 'kubernetes.io/auth-provider': 'localKubectlProxy' },
    // Plain HTTP on loopback: client-node insists on the flag.
    skipTLSVerify: true,
    settings,
  });
}
