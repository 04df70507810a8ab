import type { Config } from '@backstage/config';
import { readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { InputError } from '@backstage/errors';
import type { LinkOut } from '@internal/plugin-mesh-common';
import { assertPromLabelName } from './promql/escape';
import {
  DEFAULT_SCRAPE_INTERVAL_SECONDS,
  DEFAULT_WINDOW,
  parseWindow,
} from './window';
import { validateLinkTemplate } from './links';

/** Default per-query timeout of a Prometheus source. */
export const DEFAULT_PROMETHEUS_TIMEOUT_MS = 10_000;

/** Default time raw query results stay cached (many viewers, one query set). */
export const DEFAULT_TELEMETRY_CACHE_TTL_MS = 15_000;

/**
 * How to reach one Prometheus-compatible HTTP API. Credentials are secrets:
 * they are sent, never logged nor put into error texts.
 */
export interface PrometheusEndpoint {
  /** Base URL (http or https, no credentials in it), e.g. `http://127.0.0.1:19090`. */
  url: string;
  /** Extra request headers, e.g. `X-Scope-OrgID` for Mimir. */
  headers?: Record<string, string>;
  /** Sent as `Authorization: Bearer <token>`. */
  bearerToken?: string;
  /** Sent as `Authorization: Basic ...`. */
  basicAuth?: { username: string; password: string };
  /** Per-query timeout in milliseconds (default 10 s). */
  timeoutMs?: number;
}

/**
 * A Prometheus that serves one cluster.
 */
export interface ClusterPrometheusSource extends PrometheusEndpoint {
  /** Backstage cluster name; also the source's name in responses. */
  name: string;
  /**
   * When this cluster's series live in a shared store, the value of the
   * shared cluster label that selects them (needs `clusterLabel`).
   */
  clusterLabelValue?: string;
  /** The label `clusterLabelValue` applies to (default `cluster`). */
  clusterLabel?: string;
}

/**
 * One Prometheus-compatible endpoint (Thanos, Mimir, a central Prometheus)
 * holding the series of every cluster without its own source, told apart by
 * `clusterLabel` (whose values are Istio cluster ids or Backstage names).
 */
export interface SharedPrometheusSource extends PrometheusEndpoint {
  /** Name in responses (default `shared`). */
  name: string;
  /** The series label naming the cluster whose proxy reported (default `cluster`). */
  clusterLabel: string;
}

/**
 * A link-out URL template; `{{cluster}}`, `{{istioClusterId}}`,
 * `{{namespace}}`, `{{workload}}`, `{{kind}}`, `{{service}}` and
 * `{{entity}}` are replaced with URL-encoded values.
 */
export interface LinkTemplate {
  title: string;
  kind: LinkOut['kind'];
  url: string;
}

/**
 * Everything the telemetry service needs from configuration.
 */
export interface TelemetryConfig {
  sources: {
    clusters: ClusterPrometheusSource[];
    shared?: SharedPrometheusSource;
  };
  /** Default rate window, e.g. `5m`. */
  window: string;
  /** Scrape interval of the sources, in seconds (windows must span two). */
  scrapeIntervalSeconds: number;
  /** How long raw query results are cached, in milliseconds. */
  cacheTtlMs: number;
  links: LinkTemplate[];
}

const LINK_TITLES: Record<'grafana' | 'traces' | 'kiali', string> = {
  grafana: 'Grafana',
  traces: 'Traces',
  kiali: 'Kiali',
};

function fail(key: string, message: string): never {
  throw new InputError(`Invalid mesh config at '${key}': ${message}`);
}

/** Reads a URL and refuses what native fetch or our safety rules cannot take. */
function readUrl(config: Config, key: string, prefix: string): string {
  const value = config.getString(key);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(`${prefix}.${key}`, 'must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    fail(`${prefix}.${key}`, 'must be an http(s) URL');
  }
  if (url.username || url.password) {
    fail(
      `${prefix}.${key}`,
      'must not contain credentials; use basicAuth or bearerToken',
    );
  }
  return value.replace(/\/+$/, '');
}

function readEndpoint(config: Config, prefix: string): PrometheusEndpoint {
  const endpoint: PrometheusEndpoint = { url: readUrl(config, 'url', prefix) };
  const headers = config.getOptionalConfig('headers');
  if (headers) {
    endpoint.headers = {};
    for (const name of headers.keys()) {
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
        fail(
          `${prefix}.headers`,
          `header name ${JSON.stringify(name)} is not a valid HTTP header name`,
        );
      }
      const value = headers.getString(name);
      if (/[\r\n\0]/.test(value)) {
        fail(`${prefix}.headers.${name}`, 'must not contain line breaks');
      }
      endpoint.headers[name] = value;
    }
  }
  const bearerToken = config.getOptionalString('bearerToken');
  if (bearerToken !== undefined) {
    if (!bearerToken) fail(`${prefix}.bearerToken`, 'must not be empty');
    endpoint.bearerToken = bearerToken;
  }
  const basicAuth = config.getOptionalConfig('basicAuth');
  if (basicAuth) {
    endpoint.basicAuth = {
      username: basicAuth.getString('username'),
      password: basicAuth.getString('password'),
    };
  }
  if (endpoint.bearerToken && endpoint.basicAuth) {
    fail(prefix, 'set either bearerToken or basicAuth, not both');
  }
  if (config.has('timeout')) {
    let ms: number;
    try {
      ms = durationToMilliseconds(
        readDurationFromConfig(config, { key: 'timeout' }),
      );
    } catch (e) {
      return fail(`${prefix}.timeout`, 'must be a duration such as "10s"');
    }
    if (!(ms > 0)) fail(`${prefix}.timeout`, 'must be positive');
    endpoint.timeoutMs = ms;
  } else {
    endpoint.timeoutMs = DEFAULT_PROMETHEUS_TIMEOUT_MS;
  }
  return endpoint;
}

function readScrapeInterval(config: Config): number {
  const key = 'mesh.telemetry.scrapeInterval';
  if (!config.has(key)) return DEFAULT_SCRAPE_INTERVAL_SECONDS;
  const value = config.getString(key);
  const match = /^(\d+)([sm])$/.exec(value);
  if (!match || Number(match[1]) === 0) {
    return fail(key, 'must be a duration such as "15s" or "1m"');
  }
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
}

/**
 * Reads the telemetry settings from the root config: `mesh.clusters[].prometheus`,
 * `mesh.prometheus` (shared), `mesh.telemetry.window` (and optional
 * `scrapeInterval`, `cacheTtl`) and `mesh.links`. Pure: no I/O. Throws an
 * `InputError` naming the offending key.
 */
export function readTelemetryConfig(config: Config): TelemetryConfig {
  const clusters: ClusterPrometheusSource[] = [];
  const clusterConfigs = config.getOptionalConfigArray('mesh.clusters') ?? [];
  clusterConfigs.forEach((cluster, index) => {
    const prefix = `mesh.clusters[${index}]`;
    const name = cluster.getString('name');
    const prometheus = cluster.getOptionalConfig('prometheus');
    if (!prometheus) return;
    const source: ClusterPrometheusSource = {
      name,
      ...readEndpoint(prometheus, `${prefix}.prometheus`),
    };
    const clusterLabelValue = prometheus.getOptionalString('clusterLabelValue');
    if (clusterLabelValue !== undefined) {
      source.clusterLabelValue = clusterLabelValue;
      source.clusterLabel = assertLabel(
        prometheus.getOptionalString('clusterLabel') ?? 'cluster',
        `${prefix}.prometheus.clusterLabel`,
      );
    }
    if (clusters.some(c => c.name === name)) {
      fail(`${prefix}.name`, `cluster ${JSON.stringify(name)} is listed twice`);
    }
    clusters.push(source);
  });

  let shared: SharedPrometheusSource | undefined;
  const sharedConfig = config.getOptionalConfig('mesh.prometheus');
  if (sharedConfig) {
    shared = {
      name: sharedConfig.getOptionalString('name') ?? 'shared',
      ...readEndpoint(sharedConfig, 'mesh.prometheus'),
      clusterLabel: assertLabel(
        sharedConfig.getOptionalString('clusterLabel') ?? 'cluster',
        'mesh.prometheus.clusterLabel',
      ),
    };
  }

  const scrapeIntervalSeconds = readScrapeInterval(config);
  const window =
    config.getOptionalString('mesh.telemetry.window') ?? DEFAULT_WINDOW;
  try {
    parseWindow(window, scrapeIntervalSeconds, 'window');
  } catch (e) {
    fail('mesh.telemetry.window', (e as Error).message);
  }

  let cacheTtlMs = DEFAULT_TELEMETRY_CACHE_TTL_MS;
  if (config.has('mesh.telemetry.cacheTtl')) {
    try {
      cacheTtlMs = durationToMilliseconds(
        readDurationFromConfig(config, { key: 'mesh.telemetry.cacheTtl' }),
      );
    } catch {
      fail('mesh.telemetry.cacheTtl', 'must be a duration such as "15s"');
    }
  }

  const links: LinkTemplate[] = [];
  const linksConfig = config.getOptionalConfig('mesh.links');
  for (const kind of ['grafana', 'traces', 'kiali'] as const) {
    const url = linksConfig?.getOptionalString(kind);
    if (url === undefined) continue;
    try {
      validateLinkTemplate(url);
    } catch (e) {
      fail(`mesh.links.${kind}`, (e as Error).message);
    }
    links.push({ title: LINK_TITLES[kind], kind, url });
  }

  return {
    sources: { clusters, shared },
    window,
    scrapeIntervalSeconds,
    cacheTtlMs,
    links,
  };
}

function assertLabel(name: string, key: string): string {
  try {
    return assertPromLabelName(name, key);
  } catch (e) {
    return fail(key, (e as Error).message);
  }
}
