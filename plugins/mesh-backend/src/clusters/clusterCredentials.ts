import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  AksStrategy,
  AnonymousStrategy,
  AwsIamStrategy,
  AzureIdentityStrategy,
  GoogleServiceAccountStrategy,
  GoogleStrategy,
  OidcStrategy,
  ServiceAccountStrategy,
} from '@backstage/plugin-kubernetes-backend';
import {
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER,
  type KubernetesRequestAuth,
} from '@backstage/plugin-kubernetes-common';
import type {
  AuthenticationStrategy,
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import type { MeshClusterConfig } from '../config';
import { ClusterReadError, withoutSecretFragments } from '../collector';

/**
 * Turns a cluster's auth provider into a credential for one collection.
 * @public
 */
export interface ClusterCredentials {
  /**
   * The credential to read `cluster` with now. Cloud tokens expire, so this
   * is asked again for every collection (the strategies cache them).
   * @throws ClusterReadError with a credential-free message.
   */
  getCredential(cluster: MeshClusterConfig): Promise<KubernetesCredential>;
}

/**
 * Options of {@link createClusterCredentials}.
 * @public
 */
export interface ClusterCredentialsOptions {
  /** Root config: `aws.*` and `kubernetes.googleServiceAccountCredentials`. */
  config: Config;
  logger: LoggerService;
  /** Azure credential (default: `DefaultAzureCredential`, as the Kubernetes plugin). */
  azureCredential?: ConstructorParameters<typeof AzureIdentityStrategy>[1];
}

/**
 * The Kubernetes backend's own auth strategies, dispatched by the cluster's
 * auth provider: `serviceAccount`, `aws` (EKS token presigned with the AWS
 * credential chain or `aws.*` config), `azure` (Azure identity),
 * `googleServiceAccount` (service account key or ADC), `localKubectlProxy`
 * (anonymous), each built on first use. `oidc`, `google` and `aks` take the signed-in user's token
 * from the request; mesh has no user, so it hands them the configured
 * background token in the place of the user's (see `backgroundAuth`).
 * @public
 */
export function createClusterCredentials(
  options: ClusterCredentialsOptions,
): ClusterCredentials {
  const { config, logger } = options;
  // Built on first use: an adopter without Azure clusters never creates an
  // Azure credential chain, nor one of AWS or Google.
  const factories: Record<string, () => AuthenticationStrategy> = {
    serviceAccount: () => new ServiceAccountStrategy(),
    aws: () => new AwsIamStrategy({ config }),
    azure: () => new AzureIdentityStrategy(logger, options.azureCredential),
    googleServiceAccount: () => new GoogleServiceAccountStrategy({ config }),
    localKubectlProxy: () => new AnonymousStrategy(),
    oidc: () => new OidcStrategy(),
    google: () => new GoogleStrategy(),
    aks: () => new AksStrategy(),
  };
  const built = new Map<string, AuthenticationStrategy>();
  const strategyFor = (provider: string) => {
    let strategy = built.get(provider);
    if (!strategy && Object.hasOwn(factories, provider)) {
      strategy = factories[provider]();
      built.set(provider, strategy);
    }
    if (!strategy) {
      throw new ClusterReadError(
        `authProvider '${provider}' has no auth strategy in mesh`,
      );
    }
    return strategy;
  };
  const secrets = configuredSecrets(config);

  return {
    async getCredential(cluster) {
      if (cluster.unsupportedReason) {
        throw new ClusterReadError(cluster.unsupportedReason);
      }
      const authProvider = cluster.authProvider ?? 'serviceAccount';
      const authMetadata: Record<string, string> = {
        ...cluster.authMetadata,
        [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: authProvider,
      };
      if (authProvider === 'serviceAccount' && cluster.serviceAccountToken) {
        return { type: 'bearer token', token: cluster.serviceAccountToken };
      }
      const details: ClusterDetails = {
        name: cluster.name,
        url: cluster.url,
        authMetadata,
        skipTLSVerify: cluster.skipTLSVerify,
        caData: cluster.caData,
        caFile: cluster.caFile,
      };
      const strategy = strategyFor(authProvider);
      try {
        return await strategy.getCredential(
          details,
          requestAuthOf(cluster, authMetadata),
        );
      } catch (error) {
        const detail =
          error instanceof Error
            ? withoutSecretFragments(error.message, [
                ...secrets,
                cluster.serviceAccountToken,
              ])
            : 'unknown error';
        throw new ClusterReadError(
          `getting the ${authProvider} credential: ${detail}`,
        );
      }
    },
  };
}

/**
 * What the Kubernetes plugin's frontend would send for a user-token
 * provider, with the configured background token as the user's.
 */
function requestAuthOf(
  cluster: MeshClusterConfig,
  authMetadata: Record<string, string>,
): KubernetesRequestAuth {
  const token = cluster.serviceAccountToken;
  if (!token) return {};
  switch (cluster.authProvider) {
    case 'google':
      return { google: token };
    case 'aks':
      return { aks: token };
    case 'oidc': {
      const provider = authMetadata[ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER];
      return provider ? { oidc: { [provider]: token } } : {};
    }
    default:
      return {};
  }
}

/** Configured secrets a credential library might quote in an error. */
function configuredSecrets(config: Config): string[] {
  const values = [
    ...googleKeySecrets(
      config.getOptionalString('kubernetes.googleServiceAccountCredentials'),
    ),
    config.getOptionalString('aws.mainAccount.secretAccessKey'),
    ...(config.getOptionalConfigArray('aws.accounts') ?? []).map(account =>
      account.getOptionalString('secretAccessKey'),
    ),
    process.env.AWS_SECRET_ACCESS_KEY,
    process.env.AWS_SESSION_TOKEN,
    process.env.AZURE_CLIENT_SECRET,
  ];
  return values.filter((value): value is string => !!value);
}

/**
 * The secret parts of a Google service account key: its private key; the
 * whole text when it does not parse (a parser error quotes any of it).
 */
function googleKeySecrets(text: string | undefined): string[] {
  if (!text) return [];
  try {
    const key = JSON.parse(text) as { private_key?: unknown };
    return typeof key.private_key === 'string'
      ? key.private_key
          .split('\n')
          .filter(line => line && !line.startsWith('-----'))
      : [];
  } catch {
    return [text];
  }
}
