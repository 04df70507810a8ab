import type { AuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_KUBERNETES_API_SERVER,
  ANNOTATION_KUBERNETES_API_SERVER_CA,
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY,
} from '@backstage/plugin-kubernetes-common';
import {
  toMeshCluster,
  type DynamicClusterLocatorConfig,
  type MeshClusterConfig,
  type MeshClusterSettings,
} from '../config';
import { checkApiServerUrl, type ResolveHost } from './apiServerUrl';

type CatalogLocator = Extract<DynamicClusterLocatorConfig, { type: 'catalog' }>;

/** Annotation keys a catalog cluster must not pass on (secrets do not belong in the catalog). */
const BLOCKED_METADATA = new Set(['serviceAccountToken']);

/** The `kubernetes.io/*` annotations: the auth metadata of a catalog cluster. */
function authMetadataOf(annotations: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(annotations).filter(
      ([key]) => key.startsWith('kubernetes.io/') && !BLOCKED_METADATA.has(key),
    ),
  );
}

/** Whether a CA annotation is a base64-encoded PEM certificate. */
function isPemBase64(value: string): boolean {
  if (!/^[A-Za-z0-9+/=\s]+$/.test(value)) return false;
  return Buffer.from(value, 'base64')
    .toString('utf8')
    .includes('-----BEGIN CERTIFICATE-----');
}

/** A catalog cluster that cannot be read, reported under its name with why. */
function unreadable(entity: Entity, reason: string): MeshClusterConfig {
  return {
    name: entity.metadata.name,
    url: '',
    source: 'catalog',
    skipTLSVerify: false,
    unsupportedReason: `catalog entity ${stringifyEntityRef(
      entity,
    )}: ${reason}`,
  };
}

/**
 * One `Resource` entity of type `kubernetes-cluster` as a cluster, by the
 * Kubernetes plugin's catalog locator rules: `kubernetes.io/api-server`,
 * `kubernetes.io/api-server-certificate-authority` (base64 PEM) and
 * `kubernetes.io/auth-provider` are required; `serviceAccount` is refused
 * (its token would live in the catalog); the URL must pass
 * {@link checkApiServerUrl}; `kubernetes.io/skip-tls-verify: 'true'` counts
 * only with `dangerouslyAllowSkipTLSVerify`. Every other `kubernetes.io/*`
 * annotation is auth metadata (e.g. `kubernetes.io/aws-assume-role`).
 * A malformed entity becomes a cluster with `unsupportedReason`: its error
 * is shown next to the other clusters' data, nothing throws.
 */
export async function catalogEntityToCluster(
  entity: Entity,
  locator: CatalogLocator,
  settings: MeshClusterSettings | undefined,
  resolve?: ResolveHost,
): Promise<MeshClusterConfig> {
  const annotations = entity.metadata.annotations ?? {};
  const missing = [
    ANNOTATION_KUBERNETES_API_SERVER,
    ANNOTATION_KUBERNETES_API_SERVER_CA,
    ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ].filter(key => annotations[key] === undefined);
  if (missing.length > 0) {
    return unreadable(entity, `missing annotation ${missing.join(', ')}`);
  }
  const authProvider = annotations[ANNOTATION_KUBERNETES_AUTH_PROVIDER];
  if (authProvider === 'serviceAccount') {
    return unreadable(
      entity,
      `${ANNOTATION_KUBERNETES_AUTH_PROVIDER} serviceAccount is refused for catalog clusters (a token must not live in the catalog), as in the Kubernetes plugin`,
    );
  }
  const ca = annotations[ANNOTATION_KUBERNETES_API_SERVER_CA];
  if (ca !== '' && !isPemBase64(ca)) {
    return unreadable(
      entity,
      `annotation ${ANNOTATION_KUBERNETES_API_SERVER_CA} must be a base64-encoded PEM certificate`,
    );
  }
  let url: URL;
  try {
    url = await checkApiServerUrl(
      annotations[ANNOTATION_KUBERNETES_API_SERVER],
      locator.dangerouslyAllowClusterUrls,
      resolve,
    );
  } catch (error) {
    return unreadable(
      entity,
      `annotation ${ANNOTATION_KUBERNETES_API_SERVER} ${
        (error as Error).message
      }`,
    );
  }
  const skipTLSVerify =
    locator.dangerouslyAllowSkipTLSVerify &&
    annotations[ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY] === 'true';
  return toMeshCluster({
    name: entity.metadata.name,
    url: url.toString(),
    source: 'catalog',
    authProvider,
    authMetadata: authMetadataOf(annotations),
    caData: ca || undefined,
    // Plain HTTP has no certificate to check; client-node insists on the flag.
    skipTLSVerify: skipTLSVerify || url.protocol === 'http:',
    settings,
  });
}

/**
 * Reads the clusters of a `type: catalog` locator with the plugin's own
 * credentials (the task has no user).
 */
export async function readCatalogClusters(options: {
  catalog: CatalogService;
  auth: AuthService;
  locator: CatalogLocator;
  settings: (name: string) => MeshClusterSettings | undefined;
  resolve?: ResolveHost;
}): Promise<MeshClusterConfig[]> {
  const { items } = await options.catalog.getEntities(
    {
      filter: { kind: 'Resource', 'spec.type': 'kubernetes-cluster' },
      fields: ['kind', 'metadata', 'spec.type'],
    },
    { credentials: await options.auth.getOwnServiceCredentials() },
  );
  return Promise.all(
    items
      .filter(entity => typeof entity?.metadata?.name === 'string')
      .map(entity =>
        catalogEntityToCluster(
          entity,
          options.locator,
          options.settings(entity.metadata.name),
          options.resolve,
        ),
      ),
  );
}
