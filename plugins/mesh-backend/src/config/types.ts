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
 * Where a cluster was found: the `type` of its
 * `kubernetes.clusterLocatorMethods[]` entry.
 * @public
 */
export type ClusterLocatorType =
  | 'config'
  | 'catalog'
  | 'gke'
  | 'localKubectlProxy';

/**
 * One cluster as the mesh backend sees it: the Kubernetes plugin's cluster
 * (from any locator) merged with its `mesh.clusters[]` settings.
 * @public
 */
export interface MeshClusterConfig {
  /** Backstage cluster name (`kubernetes.clusterLocatorMethods[].clusters[].name`). */
  name: string;
  /** API server URL. */
  url: string;
  /** The locator that found the cluster (default `config`). */
  source?: ClusterLocatorType;
  /** The Kubernetes plugin's auth provider (default `serviceAccount`). */
  authProvider?: string;
  /**
   * The Kubernetes plugin's auth metadata (`kubernetes.io/...` keys such as
   * `kubernetes.io/aws-assume-role`), passed to its auth strategies.
   */
  authMetadata?: Record<string, string>;
  /**
   * The bearer token mesh reads with (secret): the `serviceAccount` token,
   * or the background token of a provider that otherwise needs the
   * signed-in user's token (`oidc`, `google`, `aks`).
   */
  serviceAccountToken?: string;
  /** Base64 PEM CA bundle. */
  caData?: string;
  /** Path to a PEM CA bundle. */
  caFile?: string;
  skipTLSVerify: boolean;
  /**
   * Set when the cluster cannot be read by this plugin (e.g. its auth
   * provider needs a signed-in user, or its catalog entity is malformed);
   * the cluster is reported with this error and never called.
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
 * The mesh-only settings of one cluster (`mesh.clusters[]`), applied to the
 * cluster of that name whichever locator finds it.
 * @public
 */
export interface MeshClusterSettings {
  /** The cluster's Backstage name, as a locator finds it. */
  name: string;
  /** Istio cluster id, when it differs from what istiod reports. */
  istioClusterId?: string;
  /** Istio root namespace override. */
  rootNamespace?: string;
  /** This cluster's own Prometheus. */
  prometheus?: PrometheusEndpointConfig;
  /**
   * Bearer token for reading the cluster in the background when its auth
   * provider needs the signed-in user's token (`oidc`, `google`, `aks`).
   */
  serviceAccountToken?: string;
}

/**
 * A `kubernetes.clusterLocatorMethods[]` entry whose clusters are found at
 * runtime; `key` names the entry in messages.
 * @public
 */
export type DynamicClusterLocatorConfig =
  | {
      type: 'catalog';
      key: string;
      /** Host names (`*.` wildcards) exempt from the public-HTTPS rule. */
      dangerouslyAllowClusterUrls: string[];
      /** Whether `kubernetes.io/skip-tls-verify: 'true'` is honoured. */
      dangerouslyAllowSkipTLSVerify: boolean;
    }
  | {
      type: 'gke';
      key: string;
      projectId: string;
      /** A GKE location, or `-` for all. */
      region: string;
      authProvider: 'google' | 'googleServiceAccount';
      skipTLSVerify: boolean;
      matchingResourceLabels: Array<{ key: string; value: string }>;
      endpointType: 'public' | 'dns';
    }
  | { type: 'localKubectlProxy'; key: string };

/**
 * `kubernetes.serviceLocatorMethod.type`: which clusters an entity's
 * workloads are looked for in.
 * @public
 */
export type ServiceLocatorMethod =
  | 'multiTenant'
  | 'singleTenant'
  | 'catalogRelation';

/**
 * `mesh.collection`: how clusters are kept current.
 * @public
 */
export interface MeshCollectionConfig {
  /**
   * `watch` (default): each kind is listed once, then kept current with
   * watches by the one replica holding the collection lease; `poll`: every
   * cluster is listed in full each `mesh.refresh.frequency`.
   */
  mode: 'watch' | 'poll';
  /** Watch mode: quiet time after a change before the model is recomputed. */
  debounceMs: number;
  /** Watch mode: longest time a change waits for the recomputation. */
  maxDelayMs: number;
  /** Watch mode: every kind is listed again this often, as a safety net. */
  resyncMs: number;
}

/**
 * The parsed, validated configuration of the mesh backend.
 * @public
 */
export interface MeshConfig {
  /** Clusters of `type: config` locators (the others are found at runtime). */
  clusters: MeshClusterConfig[];
  /** Locators whose clusters are found at runtime: catalog, GKE, kubectl proxy. */
  locators: DynamicClusterLocatorConfig[];
  /** Every `mesh.clusters[]` entry. */
  clusterSettings: MeshClusterSettings[];
  /**
   * `kubernetes.serviceLocatorMethod.type`; absent means mesh's own rule
   * (`backstage.io/kubernetes-cluster` restricts, comma-separated).
   */
  serviceLocatorMethod?: ServiceLocatorMethod;
  refresh: {
    frequency: HumanDuration;
    frequencyMs: number;
    timeout: HumanDuration;
    timeoutMs: number;
  };
  /** How clusters are kept current (`mesh.collection`). */
  collection: MeshCollectionConfig;
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
