import type { Config } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  ANNOTATION_KUBERNETES_AUTH_PROVIDER as AUTH_PROVIDER_KEY,
  ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE as AWS_ASSUME_ROLE_KEY,
  ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID as AWS_EXTERNAL_ID_KEY,
  ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER as OIDC_TOKEN_PROVIDER_KEY,
} from '@backstage/plugin-kubernetes-common';
import { z } from 'zod';
import {
  catalogLocatorSchema,
  configLocatorSchema,
  gkeLocatorSchema,
  KubernetesClusterEntry,
  MeshBlock,
  localKubectlProxyLocatorSchema,
  meshBlockSchema,
  serviceLocatorSchema,
  toMs,
} from './schema';
import { toMeshCluster } from './clusterAuth';
import {
  DEFAULT_PROMETHEUS_TIMEOUT_MS,
  DEFAULT_TELEMETRY_CACHE_TTL_MS,
} from './telemetryConfig';
import {
  DEFAULT_SCRAPE_INTERVAL_SECONDS,
  DEFAULT_WINDOW,
  parseScrapeInterval,
} from './window';
import type {
  DynamicClusterLocatorConfig,
  MeshClusterConfig,
  MeshClusterSettings,
  MeshConfig,
  PrometheusEndpointConfig,
  ServiceLocatorMethod,
} from './types';

const DEFAULT_REFRESH_MS = 30_000;

/**
 * `mesh.collection`, with its defaults: watch; recompute 100 ms after the
 * last change (a burst of events, e.g. a rollout, still makes one
 * recomputation), at most 2 s after the first; re-list every kind every 15
 * minutes.
 */
function collectionConfig(
  collection: MeshBlock['collection'],
): MeshConfig['collection'] {
  const debounceMs = toMs(collection.debounce, 100);
  return {
    mode: collection.mode,
    debounceMs,
    maxDelayMs: toMs(collection.maxDelay, Math.max(2_000, debounceMs)),
    resyncMs: toMs(collection.resync, 15 * 60_000),
  };
}

/**
 * Background telemetry collection: by default the default window, once per
 * scrape interval (a shorter interval would read the same samples again).
 */
function backgroundTelemetry(
  telemetry: MeshBlock['telemetry'],
): MeshConfig['telemetry']['background'] {
  const scrapeSeconds =
    telemetry.scrapeInterval !== undefined
      ? parseScrapeInterval(telemetry.scrapeInterval)
      : DEFAULT_SCRAPE_INTERVAL_SECONDS;
  const interval = telemetry.background.interval ?? { seconds: scrapeSeconds };
  return {
    windows: telemetry.background.windows ?? [
      telemetry.window ?? DEFAULT_WINDOW,
    ],
    interval,
    intervalMs: durationToMilliseconds(interval),
  };
}

/**
 * Thrown at startup when the configuration is invalid; the message names every
 * bad key, e.g. `mesh.clusters[1].prometheus.url: must be an http(s) URL`.
 * @public
 */
export class MeshConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid mesh configuration: ${problems.join('; ')}`);
    this.name = 'MeshConfigError';
  }
}

/** Formats a zod issue path under a config key, e.g. `mesh.clusters[1].name`. */
function formatKey(prefix: string, path: (string | number)[]): string {
  return path.reduce<string>(
    (key, part) =>
      typeof part === 'number' ? `${key}[${part}]` : `${key}.${part}`,
    prefix,
  );
}

function problemsOf(prefix: string, error: z.ZodError): string[] {
  return error.issues.flatMap(issue =>
    issue.code === z.ZodIssueCode.unrecognized_keys
      ? issue.keys.map(
          key => `${formatKey(prefix, [...issue.path, key])}: unknown key`,
        )
      : [`${formatKey(prefix, issue.path)}: ${issue.message}`],
  );
}

function toPrometheus(
  raw:
    | {
        url: string;
        headers: Record<string, string>;
        bearerToken?: string;
        basicAuth?: { username: string; password: string };
        timeout?: Parameters<typeof toMs>[0];
        clusterLabel?: string;
        clusterLabelValue?: string;
      }
    | undefined,
): PrometheusEndpointConfig | undefined {
  if (!raw) return undefined;
  return {
    url: raw.url.replace(/\/+$/, ''),
    headers: raw.headers,
    bearerToken: raw.bearerToken,
    basicAuth: raw.basicAuth,
    timeoutMs: toMs(raw.timeout, DEFAULT_PROMETHEUS_TIMEOUT_MS),
    clusterLabel: raw.clusterLabel,
    clusterLabelValue: raw.clusterLabelValue,
  };
}

/** A `type: config` cluster entry and its key, e.g. `kubernetes.clusterLocatorMethods[0].clusters[1]`. */
interface ConfigClusterEntry {
  entry: KubernetesClusterEntry;
  key: string;
}

/** The schema of each locator type the Kubernetes plugin has. */
const LOCATOR_SCHEMAS = {
  config: configLocatorSchema,
  catalog: catalogLocatorSchema,
  gke: gkeLocatorSchema,
  localKubectlProxy: localKubectlProxyLocatorSchema,
};
const LOCATOR_TYPES = Object.keys(LOCATOR_SCHEMAS);

/**
 * Reads `kubernetes.clusterLocatorMethods`: the clusters of `type: config`
 * entries, and the locators whose clusters are found at runtime.
 */
function readClusterLocators(
  config: Config,
  problems: string[],
): { entries: ConfigClusterEntry[]; locators: DynamicClusterLocatorConfig[] } {
  const entries: ConfigClusterEntry[] = [];
  const locators: DynamicClusterLocatorConfig[] = [];
  const methods = config.getOptional('kubernetes.clusterLocatorMethods');
  if (methods === undefined) return { entries, locators };
  if (!Array.isArray(methods)) {
    problems.push('kubernetes.clusterLocatorMethods: must be a list');
    return { entries, locators };
  }
  methods.forEach((method, index) => {
    const key = `kubernetes.clusterLocatorMethods[${index}]`;
    const type = (method as { type?: unknown } | null)?.type;
    const schema =
      typeof type === 'string' && Object.hasOwn(LOCATOR_SCHEMAS, type)
        ? LOCATOR_SCHEMAS[type as keyof typeof LOCATOR_SCHEMAS]
        : undefined;
    if (!schema) {
      problems.push(
        `${key}.type: must be one of ${LOCATOR_TYPES.join(', ')} (got ${
          typeof type === 'string' ? `'${type}'` : typeof type
        })`,
      );
      return;
    }
    const parsed = schema.safeParse(method);
    if (!parsed.success) {
      problems.push(...problemsOf(key, parsed.error));
      return;
    }
    const value = parsed.data;
    switch (value.type) {
      case 'config':
        value.clusters.forEach((entry, clusterIndex) =>
          entries.push({ entry, key: `${key}.clusters[${clusterIndex}]` }),
        );
        break;
      case 'catalog':
        locators.push({ ...value, key });
        break;
      case 'gke':
        locators.push({
          ...value,
          key,
          authProvider:
            value.authProvider === 'googleServiceAccount'
              ? 'googleServiceAccount'
              : 'google',
        });
        break;
      default:
        locators.push({ type: 'localKubectlProxy', key });
    }
  });
  return { entries, locators };
}

/**
 * The auth provider and metadata of a `type: config` entry, as the
 * Kubernetes plugin's config locator builds them: `authMetadata` wins over
 * the flat keys.
 */
function authOfEntry(
  { entry, key }: ConfigClusterEntry,
  problems: string[],
): { authProvider: string; authMetadata: Record<string, string> } {
  const authProvider =
    entry.authMetadata?.[AUTH_PROVIDER_KEY] ?? entry.authProvider;
  const authMetadata: Record<string, string> = {
    ...(entry.assumeRole && { [AWS_ASSUME_ROLE_KEY]: entry.assumeRole }),
    ...(entry.externalId && { [AWS_EXTERNAL_ID_KEY]: entry.externalId }),
    ...(entry.oidcTokenProvider && {
      [OIDC_TOKEN_PROVIDER_KEY]: entry.oidcTokenProvider,
    }),
    ...entry.authMetadata,
  };
  if (!authProvider) {
    problems.push(
      `${key}.authProvider: required (or authMetadata.${AUTH_PROVIDER_KEY})`,
    );
    return { authProvider: '', authMetadata };
  }
  authMetadata[AUTH_PROVIDER_KEY] = authProvider;
  if (authProvider === 'oidc' && !authMetadata[OIDC_TOKEN_PROVIDER_KEY]) {
    problems.push(
      `${key}.oidcTokenProvider: required by authProvider oidc (the Kubernetes plugin refuses the cluster without it)`,
    );
  }
  return { authProvider, authMetadata };
}

/** Reads `kubernetes.serviceLocatorMethod`, when set. */
function readServiceLocator(
  config: Config,
  problems: string[],
): ServiceLocatorMethod | undefined {
  const raw = config.getOptional('kubernetes.serviceLocatorMethod');
  if (raw === undefined) return undefined;
  const parsed = serviceLocatorSchema.safeParse(raw);
  if (!parsed.success) {
    problems.push(
      ...problemsOf('kubernetes.serviceLocatorMethod', parsed.error),
    );
    return undefined;
  }
  if (parsed.data.type === 'http') {
    problems.push(
      "kubernetes.serviceLocatorMethod.type: 'http' is not implemented (the Kubernetes plugin refuses it too)",
    );
    return undefined;
  }
  return parsed.data.type;
}

/**
 * Reads and validates the mesh backend's configuration: clusters and
 * locators from the Kubernetes plugin's `kubernetes.clusterLocatorMethods`
 * (`config`, `catalog`, `gke`, `localKubectlProxy`), its
 * `serviceLocatorMethod`, and mesh settings from `mesh:`.
 *
 * @throws MeshConfigError naming every invalid key.
 * @public
 */
export function readMeshConfig(config: Config): MeshConfig {
  const problems: string[] = [];
  const { entries, locators } = readClusterLocators(config, problems);
  const serviceLocatorMethod = readServiceLocator(config, problems);

  const meshParsed = meshBlockSchema.safeParse(
    config.getOptional('mesh') ?? {},
  );
  if (!meshParsed.success) {
    problems.push(...problemsOf('mesh', meshParsed.error));
    throw new MeshConfigError(problems);
  }
  const mesh = meshParsed.data;

  const seen = new Map<string, string>();
  const auths = entries.map(item => {
    const { entry, key } = item;
    const first = seen.get(entry.name);
    if (first) {
      problems.push(
        `${key}.name: duplicate cluster name '${entry.name}' (also at ${first})`,
      );
    }
    seen.set(entry.name, key);
    if (entry.url.startsWith('http:') && !entry.skipTLSVerify) {
      // @kubernetes/client-node refuses plain HTTP unless TLS checks are off.
      problems.push(
        `${key}.url: an http:// API server URL needs skipTLSVerify: true`,
      );
    }
    return authOfEntry(item, problems);
  });
  const clusterSettings: MeshClusterSettings[] = [];
  const settingsByName = new Map<string, MeshClusterSettings>();
  mesh.clusters.forEach((settings, index) => {
    // Clusters of the catalog, GKE or kubectl proxy are only known at runtime.
    if (!seen.has(settings.name) && locators.length === 0) {
      problems.push(
        `mesh.clusters[${index}].name: no cluster named '${settings.name}' in kubernetes.clusterLocatorMethods (type: config)`,
      );
    }
    if (settingsByName.has(settings.name)) {
      problems.push(
        `mesh.clusters[${index}].name: duplicate entry for cluster '${settings.name}'`,
      );
    }
    const parsedSettings: MeshClusterSettings = {
      name: settings.name,
      istioClusterId: settings.istioClusterId,
      rootNamespace: settings.rootNamespace,
      prometheus: toPrometheus(settings.prometheus),
      serviceAccountToken: settings.serviceAccountToken,
    };
    settingsByName.set(settings.name, parsedSettings);
    clusterSettings.push(parsedSettings);
  });
  if (problems.length > 0) throw new MeshConfigError(problems);

  const clusters: MeshClusterConfig[] = entries.map(({ entry }, index) =>
    toMeshCluster({
      name: entry.name,
      url: entry.url,
      source: 'config',
      ...auths[index],
      caData: entry.caData,
      caFile: entry.caFile,
      skipTLSVerify: entry.skipTLSVerify,
      entryToken: entry.serviceAccountToken,
      settings: settingsByName.get(entry.name),
    }),
  );

  const frequencyMs = toMs(mesh.refresh.frequency, DEFAULT_REFRESH_MS);
  const frequency = mesh.refresh.frequency ?? { milliseconds: frequencyMs };
  // A refresh may take at most the interval by default, so runs never overlap.
  const timeout = mesh.refresh.timeout ?? frequency;
  const historyFrequency = mesh.history.frequency ?? { days: 1 };
  const sharedPrometheus = toPrometheus(mesh.prometheus);

  return {
    clusters,
    locators,
    clusterSettings,
    serviceLocatorMethod,
    refresh: {
      frequency,
      frequencyMs,
      timeout,
      timeoutMs: toMs(timeout, frequencyMs),
    },
    collection: collectionConfig(mesh.collection),
    requestTimeoutMs: toMs(mesh.requestTimeout, 10_000),
    excludeNamespaces: mesh.excludeNamespaces,
    prometheus: sharedPrometheus && {
      ...sharedPrometheus,
      name: mesh.prometheus?.name ?? 'shared',
      clusterLabel: mesh.prometheus?.clusterLabel ?? 'cluster',
    },
    telemetry: {
      window: mesh.telemetry.window ?? DEFAULT_WINDOW,
      scrapeIntervalSeconds:
        mesh.telemetry.scrapeInterval !== undefined
          ? parseScrapeInterval(mesh.telemetry.scrapeInterval)
          : DEFAULT_SCRAPE_INTERVAL_SECONDS,
      cacheTtlMs: toMs(mesh.telemetry.cacheTtl, DEFAULT_TELEMETRY_CACHE_TTL_MS),
      background: backgroundTelemetry(mesh.telemetry),
    },
    links: mesh.links,
    history: {
      frequency: historyFrequency,
      frequencyMs: toMs(historyFrequency, 86_400_000),
    },
  };
}
