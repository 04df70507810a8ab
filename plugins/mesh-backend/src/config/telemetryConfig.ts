import type { LinkOut } from '@mesh-portal/plugin-mesh-common';
import type {
  MeshConfig,
  MeshLinksConfig,
  PrometheusEndpointConfig,
} from './types';

/** Default per-query timeout of a Prometheus source. */
export const DEFAULT_PROMETHEUS_TIMEOUT_MS = 10_000;

/** Default time raw query results stay cached (many viewers, one query set). */
export const DEFAULT_TELEMETRY_CACHE_TTL_MS = 15_000;

/**
 * How to reach one Prometheus-compatible HTTP API. Credentials are secrets:
 * they are sent, never logged nor put into error texts.
 * @public
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
 * @public
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
 * @public
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
 * @public
 */
export interface LinkTemplate {
  title: string;
  kind: LinkOut['kind'];
  url: string;
}

/**
 * Everything the telemetry service needs from configuration.
 * @public
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

const LINK_TITLES: Record<keyof MeshLinksConfig, string> = {
  grafana: 'Grafana',
  traces: 'Traces',
  kiali: 'Kiali',
};

/** The configured link-out templates (`mesh.links`, validated by `readMeshConfig`), in a fixed order. */
export function linkTemplatesFrom(links: MeshLinksConfig): LinkTemplate[] {
  return (Object.keys(LINK_TITLES) as Array<keyof MeshLinksConfig>).flatMap(
    kind => {
      const url = links[kind];
      return url ? [{ title: LINK_TITLES[kind], kind, url }] : [];
    },
  );
}

function toEndpoint(config: PrometheusEndpointConfig): PrometheusEndpoint {
  const endpoint: PrometheusEndpoint = {
    url: config.url,
    timeoutMs: config.timeoutMs,
  };
  if (Object.keys(config.headers).length > 0) {
    endpoint.headers = config.headers;
  }
  if (config.bearerToken !== undefined) {
    endpoint.bearerToken = config.bearerToken;
  }
  if (config.basicAuth) endpoint.basicAuth = config.basicAuth;
  return endpoint;
}

/**
 * The telemetry service's slice of the mesh configuration:
 * `mesh.clusters[].prometheus`, `mesh.prometheus` (shared), `mesh.telemetry`
 * and `mesh.links`. Pure: `readMeshConfig` has validated everything (one
 * reader, one set of rules, one `MeshConfigError` naming the keys).
 */
export function telemetryConfigFromMesh(mesh: MeshConfig): TelemetryConfig {
  // Settings by name, so a cluster found in the catalog or GKE gets its own too.
  const clusters: ClusterPrometheusSource[] = mesh.clusterSettings.flatMap(
    cluster => {
      if (!cluster.prometheus) return [];
      const source: ClusterPrometheusSource = {
        name: cluster.name,
        ...toEndpoint(cluster.prometheus),
      };
      if (cluster.prometheus.clusterLabelValue !== undefined) {
        source.clusterLabelValue = cluster.prometheus.clusterLabelValue;
        source.clusterLabel = cluster.prometheus.clusterLabel ?? 'cluster';
      }
      return [source];
    },
  );
  const shared: SharedPrometheusSource | undefined = mesh.prometheus && {
    name: mesh.prometheus.name,
    ...toEndpoint(mesh.prometheus),
    clusterLabel: mesh.prometheus.clusterLabel,
  };
  return {
    sources: { clusters, shared },
    window: mesh.telemetry.window,
    scrapeIntervalSeconds: mesh.telemetry.scrapeIntervalSeconds,
    cacheTtlMs: mesh.telemetry.cacheTtlMs,
    links: linkTemplatesFrom(mesh.links),
  };
}
