import {
  toMeshCluster,
  type DynamicClusterLocatorConfig,
  type MeshClusterConfig,
  type MeshClusterSettings,
} from '../config';

type GkeLocator = Extract<DynamicClusterLocatorConfig, { type: 'gke' }>;

/** The GKE API's cluster list, as far as mesh reads it. */
interface GkeCluster {
  name?: string;
  endpoint?: string;
  resourceLabels?: Record<string, string>;
  masterAuth?: { clusterCaCertificate?: string };
  controlPlaneEndpointsConfig?: { dnsEndpointConfig?: { endpoint?: string } };
}

/** Base URL of the GKE API (v1). */
export const GKE_API = 'https://container.googleapis.com/v1';

/**
 * Lists a project's GKE clusters (`projects/<id>/locations/<region>`, `-`
 * for all) over the GKE REST API with a Google access token, keeps those
 * carrying every `matchingResourceLabels` label, and addresses each at its
 * public endpoint or, with `endpointType: dns`, its DNS endpoint, as the
 * Kubernetes plugin's GKE locator does. Unlike it, the public endpoint is
 * trusted with the cluster CA from the same answer (`masterAuth`); the DNS
 * endpoint has a publicly trusted certificate.
 * @throws Error naming the project when the listing fails.
 */
export async function listGkeClusters(options: {
  locator: GkeLocator;
  getAccessToken: () => Promise<string>;
  settings: (name: string) => MeshClusterSettings | undefined;
  timeoutMs: number;
}): Promise<MeshClusterConfig[]> {
  const { locator } = options;
  const where = `GKE clusters of project ${locator.projectId} (location ${locator.region})`;
  const url = `${GKE_API}/projects/${encodeURIComponent(
    locator.projectId,
  )}/locations/${encodeURIComponent(locator.region)}/clusters`;
  let response: Response;
  try {
    const token = await options.getAccessToken();
    response = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    // Library and network messages carry no token; keep them short.
    throw new Error(
      `listing ${where}: ${(error as Error).message
        ?.split('\n')[0]
        .slice(0, 200)}`,
    );
  }
  if (!response.ok) {
    throw new Error(`listing ${where}: HTTP ${response.status}`);
  }
  const body = (await response.json()) as { clusters?: GkeCluster[] };
  const clusters = Array.isArray(body?.clusters) ? body.clusters : [];
  return clusters
    .filter(cluster =>
      locator.matchingResourceLabels.every(
        label => cluster.resourceLabels?.[label.key] === label.value,
      ),
    )
    .map(cluster => {
      const name = cluster.name || 'unknown';
      const dns =
        cluster.controlPlaneEndpointsConfig?.dnsEndpointConfig?.endpoint;
      const useDns = locator.endpointType === 'dns' && !!dns;
      if (!cluster.endpoint && !useDns) {
        return {
          name,
          url: '',
          source: 'gke' as const,
          skipTLSVerify: false,
          unsupportedReason: `${where}: cluster '${name}' has no endpoint`,
        };
      }
      return toMeshCluster({
        name,
        url: `https://${useDns ? dns : cluster.endpoint}`,
        source: 'gke',
        authProvider: locator.authProvider,
        authMetadata: {
          'kubernetes.io/auth-provider': locator.authProvider,
        },
        caData: useDns ? undefined : cluster.masterAuth?.clusterCaCertificate,
        skipTLSVerify: locator.skipTLSVerify,
        settings: options.settings(name),
      });
    });
}
