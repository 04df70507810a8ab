import type { Config } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { z } from 'zod';
import {
  configLocatorSchema,
  KubernetesClusterEntry,
  MeshBlock,
  meshBlockSchema,
  toMs,
} from './schema';
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
  MeshClusterConfig,
  MeshConfig,
  PrometheusEndpointConfig,
} from './types';

const DEFAULT_REFRESH_MS = 30_000;

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

/** Reads every `type: config` cluster from the Kubernetes plugin's block. */
function readKubernetesClusters(
  config: Config,
  problems: string[],
): Array<{ entry: KubernetesClusterEntry; key: string }> {
  const methods = config.getOptional('kubernetes.clusterLocatorMethods');
  if (methods === undefined) return [];
  if (!Array.isArray(methods)) {
    problems.push('kubernetes.clusterLocatorMethods: must be a list');
    return [];
  }
  const clusters: Array<{ entry: KubernetesClusterEntry; key: string }> = [];
  methods.forEach((method, index) => {
    const prefix = `kubernetes.clusterLocatorMethods[${index}]`;
    const type = (method as { type?: unknown } | null)?.type;
    if (type !== 'config') return; // other locators are the Kubernetes plugin's business
    const parsed = configLocatorSchema.safeParse(method);
    if (!parsed.success) {
      problems.push(...problemsOf(prefix, parsed.error));
      return;
    }
    parsed.data.clusters.forEach((entry, clusterIndex) =>
      clusters.push({ entry, key: `${prefix}.clusters[${clusterIndex}]` }),
    );
  });
  return clusters;
}

/**
 * Reads and validates the mesh backend's configuration: clusters from the
 * Kubernetes plugin's `kubernetes.clusterLocatorMethods` (`type: config`)
 * and mesh settings from `mesh:`.
 *
 * @throws MeshConfigError naming every invalid key.
 * @public
 */
export function readMeshConfig(config: Config): MeshConfig {
  const problems: string[] = [];
  const kubernetesClusters = readKubernetesClusters(config, problems);

  const meshParsed = meshBlockSchema.safeParse(
    config.getOptional('mesh') ?? {},
  );
  if (!meshParsed.success) {
    problems.push(...problemsOf('mesh', meshParsed.error));
    throw new MeshConfigError(problems);
  }
  const mesh = meshParsed.data;

  const seen = new Map<string, string>();
  for (const { entry, key } of kubernetesClusters) {
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
  }
  const meshSettings = new Map<string, (typeof mesh.clusters)[number]>();
  mesh.clusters.forEach((settings, index) => {
    if (!seen.has(settings.name)) {
      problems.push(
        `mesh.clusters[${index}].name: no cluster named '${settings.name}' in kubernetes.clusterLocatorMethods (type: config)`,
      );
    }
    if (meshSettings.has(settings.name)) {
      problems.push(
        `mesh.clusters[${index}].name: duplicate entry for cluster '${settings.name}'`,
      );
    }
    meshSettings.set(settings.name, settings);
  });
  if (problems.length > 0) throw new MeshConfigError(problems);

  const clusters: MeshClusterConfig[] = kubernetesClusters.map(({ entry }) => {
    const settings = meshSettings.get(entry.name);
    return {
      name: entry.name,
      url: entry.url.replace(/\/+$/, ''),
      serviceAccountToken: entry.serviceAccountToken,
      caData: entry.caData,
      caFile: entry.caFile,
      skipTLSVerify: entry.skipTLSVerify,
      unsupportedReason:
        entry.authProvider === 'serviceAccount'
          ? undefined
          : `authProvider '${entry.authProvider}' is not supported by the mesh plugin (use serviceAccount)`,
      istioClusterId: settings?.istioClusterId,
      rootNamespace: settings?.rootNamespace,
      prometheus: toPrometheus(settings?.prometheus),
    };
  });

  const frequencyMs = toMs(mesh.refresh.frequency, DEFAULT_REFRESH_MS);
  const frequency = mesh.refresh.frequency ?? { milliseconds: frequencyMs };
  // A refresh may take at most the interval by default, so runs never overlap.
  const timeout = mesh.refresh.timeout ?? frequency;
  const historyFrequency = mesh.history.frequency ?? { days: 1 };
  const sharedPrometheus = toPrometheus(mesh.prometheus);

  return {
    clusters,
    refresh: {
      frequency,
      frequencyMs,
      timeout,
      timeoutMs: toMs(timeout, frequencyMs),
    },
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
