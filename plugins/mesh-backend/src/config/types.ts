import type { HumanDuration } from '@backstage/types';

/**
 * How to reach one Prometheus server.
 * @public
 */
export interface PrometheusEndpointConfig {
  /** Base URL, e.g. `http://prometheus.istio-system:9090` (validated http(s)). */
  url: string;
  /** Extra request headers (may carry credentials: never logged). */
  headers: Record<string, string>;
  /** Sent as `Authorization: Bearer <token>`. */
  bearerToken?: string;
  /** Sent as `Authorization: Basic ...`. */
  basicAuth?: { username: string; password: string };
  /** Per-query timeout in milliseconds (default 10 s). */
  timeoutMs: number;
  /** Label telling this cluster's series apart in a shared store. */
  clusterLabel?: string;
  /** Value of `clusterLabel` selecting this cluster's series. */
  clusterLabelValue?: string;
}

/**
 * A Prometheus shared by several clusters, told apart by a series label.
 * @public
 */
export interface SharedPrometheusConfig extends PrometheusEndpointConfig {
  /** Name of the source in responses (default `shared`). */
  name: string;
  /** The series label holding the Istio cluster id (default `cluster`). */
  clusterLabel: string;
}

/**
 * One cluster as the mesh backend sees it: the Kubernetes plugin's cluster
 * entry merged with its `mesh.clusters[]` settings.
 * @public
 */
export interface MeshClusterConfig {
  /** Backstage cluster name (`kubernetes.clusterLocatorMethods[].clusters[].name`). */
  name: string;
  /** API server URL. */
  url: string;
  /** Bearer token of the `serviceAccount` auth provider (secret). */
  serviceAccountToken?: string;
  /** Base64 PEM CA bundle. */
  caData?: string;
  /** Path to a PEM CA bundle. */
  caFile?: string;
  skipTLSVerify: boolean;
  /**
   * Set when the cluster cannot be read by this plugin (e.g. an auth provider
   * other than `serviceAccount`); the cluster is reported with this error.
   */
  unsupportedReason?: string;
  /** Istio cluster id, when it differs from what istiod reports. */
  istioClusterId?: string;
  /** Istio root namespace override. */
  rootNamespace?: string;
  /** This cluster's own Prometheus. */
  prometheus?: PrometheusEndpointConfig;
}

/**
 * URL templates for link-outs; `{{cluster}}`, `{{istioClusterId}}`,
 * `{{namespace}}`, `{{workload}}`, `{{kind}}`, `{{service}}`, `{{entity}}`
 * are replaced by URL-encoded values.
 * @public
 */
export interface MeshLinksConfig {
  grafana?: string;
  traces?: string;
  kiali?: string;
}

/**
 * The parsed, validated configuration of the mesh backend.
 * @public
 */
export interface MeshConfig {
  clusters: MeshClusterConfig[];
  refresh: {
    frequency: HumanDuration;
    frequencyMs: number;
    timeout: HumanDuration;
    timeoutMs: number;
  };
  /** Timeout of each Kubernetes API call, in milliseconds. */
  requestTimeoutMs: number;
  /** Namespaces whose objects are dropped after collection. */
  excludeNamespaces: string[];
  /** A Prometheus shared by every cluster without its own. */
  prometheus?: SharedPrometheusConfig;
  telemetry: {
    /** Default rate window, e.g. `5m` (s/m/h, at least two scrape intervals, at most 24h). */
    window: string;
    /** Scrape interval of the sources, in seconds (default 15). */
    scrapeIntervalSeconds: number;
    /** How long raw query results are cached, in milliseconds (default 15 s). */
    cacheTtlMs: number;
    /**
     * Background collection: one replica at a time runs the query set of
     * every listed window each interval and shares the result through the
     * database, so graph requests for these windows never wait for Prometheus.
     */
    background: {
      /** Windows collected in the background; empty turns it off. */
      windows: string[];
      interval: HumanDuration;
      intervalMs: number;
    };
  };
  links: MeshLinksConfig;
  history: {
    frequency: HumanDuration;
    frequencyMs: number;
  };
}
