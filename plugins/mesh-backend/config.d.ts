import type { HumanDuration } from '@backstage/types';

export interface Config {
  /**
   * The Kubernetes plugin's cluster configuration, which the mesh backend
   * reads too (every locator: `config`, `catalog`, `gke`,
   * `localKubectlProxy`; the Kubernetes plugin's schema declares the keys of
   * the others). Declared here as well so that the secrets stay secret even
   * without the Kubernetes backend installed.
   */
  kubernetes?: {
    /**
     * Which clusters an entity's workloads are looked for in: `multiTenant`
     * (all), `singleTenant` (the one `backstage.io/kubernetes-cluster`
     * names), `catalogRelation` (the clusters it dependsOn). Without it,
     * mesh restricts to the clusters `backstage.io/kubernetes-cluster` lists.
     */
    serviceLocatorMethod?: {
      type: string;
    };
    /**
     * Service account key (JSON) of the `googleServiceAccount` provider and
     * of the GKE locator's listing.
     * @visibility secret
     */
    googleServiceAccountCredentials?: string;
    clusterLocatorMethods?: Array<{
      /** Locator type: `config`, `catalog`, `gke` or `localKubectlProxy`. */
      type: string;
      clusters?: Array<{
        /** Cluster name, used in annotations, mesh settings and responses. */
        name: string;
        /** API server URL. `http://` needs `skipTLSVerify: true`. */
        url: string;
        /**
         * `serviceAccount`, `aws`, `azure`, `googleServiceAccount`, `oidc`,
         * `google`, `aks` or `localKubectlProxy` (or set
         * `authMetadata['kubernetes.io/auth-provider']`). `oidc`, `google`
         * and `aks` need `mesh.clusters[].serviceAccountToken`.
         */
        authProvider?: string;
        /** Auth metadata (`kubernetes.io/...` keys), overriding the flat keys. */
        authMetadata?: { [key: string]: string };
        /** The `oidc` provider's token provider (e.g. `okta`). */
        oidcTokenProvider?: string;
        /**
         * Bearer token of the service account (needs `list` on the kinds
         * the README lists).
         * @visibility secret
         */
        serviceAccountToken?: string;
        /**
         * Base64-encoded PEM CA bundle of the API server.
         * @visibility secret
         */
        caData?: string;
        /** Path to a PEM CA bundle of the API server. */
        caFile?: string;
        /** Skip TLS certificate checks. Defaults to `false`. */
        skipTLSVerify?: boolean;
      }>;
    }>;
  };

  /**
   * Settings of the mesh plugins, shared with the frontend plugin
   * (`@mesh-portal/plugin-mesh`'s config.d.ts declares `refreshIntervalMs`).
   * Startup fails naming any key that neither plugin declares.
   */
  mesh?: {
    refresh?: {
      /**
       * How often every cluster is read (`poll` mode), or probed with one
       * cheap request (`watch` mode: open watches do not notice a server
       * that starts refusing the credential or answering slowly). Defaults
       * to 30 seconds. Data older than two intervals is reported as stale.
       */
      frequency?: HumanDuration | string;
      /** Longest time one refresh may take. Defaults to the frequency. */
      timeout?: HumanDuration | string;
    };
    /** How clusters are kept current. */
    collection?: {
      /**
       * `watch` (default): each kind is listed once, then kept current with
       * watches by the one replica holding the collection lease (in the
       * plugin database); the model is recomputed when a watched object
       * changes. Other replicas read the shared snapshot. `poll`: every
       * cluster is listed in full each `refresh.frequency`.
       */
      mode?: 'watch' | 'poll';
      /** Watch mode: quiet time after a change before recomputing. Defaults to 100 ms. */
      debounce?: HumanDuration | string;
      /** Watch mode: longest wait of a change for its recomputation. Defaults to 2 seconds. */
      maxDelay?: HumanDuration | string;
      /** Watch mode: every kind is listed again this often, as a safety net. Defaults to 15 minutes. */
      resync?: HumanDuration | string;
    };
    /** Timeout of each Kubernetes API call. Defaults to 10 seconds. */
    requestTimeout?: HumanDuration | string;
    /**
     * Namespaces whose workloads (pods, controllers, Services) are hidden,
     * e.g. `kube-system`. Istio configuration and istiod are always read, so
     * excluding the Istio namespace never changes effective mTLS. Defaults to none.
     */
    excludeNamespaces?: string[];
    /** Per-cluster mesh settings, by cluster name. */
    clusters?: Array<{
      /** Name of a cluster in `kubernetes.clusterLocatorMethods`. */
      name: string;
      /** Istio cluster id, when it differs from what istiod reports. */
      istioClusterId?: string;
      /**
       * Bearer token mesh reads this cluster with in the background when its
       * auth provider otherwise uses the signed-in user's token (`oidc`,
       * `google`, `aks`); the cluster may come from any locator. For a
       * `serviceAccount` cluster it replaces the entry's own token.
       * @visibility secret
       */
      serviceAccountToken?: string;
      /** Istio root namespace. Defaults to the mesh config's, else `istio-system`. */
      rootNamespace?: string;
      /** This cluster's Prometheus. */
      prometheus?: {
        /** Base URL, e.g. `http://prometheus.istio-system:9090`. */
        url: string;
        /**
         * Extra request headers, e.g. `X-Scope-OrgID`.
         * @visibility secret
         */
        headers?: { [name: string]: string };
        /**
         * Sent as `Authorization: Bearer <token>`.
         * @visibility secret
         */
        bearerToken?: string;
        basicAuth?: {
          username: string;
          /** @visibility secret */
          password: string;
        };
        /** Per-query timeout. Defaults to 10 seconds. */
        timeout?: HumanDuration | string;
        /** Series label telling this cluster apart in a shared store. Defaults to `cluster`. */
        clusterLabel?: string;
        /** Value of `clusterLabel` selecting this cluster's series. */
        clusterLabelValue?: string;
      };
    }>;
    /** A Prometheus (Thanos, Mimir) shared by every cluster without its own. */
    prometheus?: {
      /** Name of the source in responses. Defaults to `shared`. */
      name?: string;
      url: string;
      /** @visibility secret */
      headers?: { [name: string]: string };
      /** @visibility secret */
      bearerToken?: string;
      basicAuth?: {
        username: string;
        /** @visibility secret */
        password: string;
      };
      timeout?: HumanDuration | string;
      /** Series label holding the cluster (Istio cluster id or name). Defaults to `cluster`. */
      clusterLabel?: string;
    };
    telemetry?: {
      /**
       * Default rate window: a number and `s`, `m` or `h` (the same rule as a
       * request's `window`), at least two scrape intervals, at most 24h.
       * Defaults to `5m`.
       */
      window?: string;
      /** Scrape interval of the sources (windows must span two). Defaults to `15s`. */
      scrapeInterval?: string;
      /** How long query results are cached. Defaults to 15 seconds. */
      cacheTtl?: HumanDuration | string;
      /**
       * Background collection: one replica at a time (a global task of the
       * scheduler) runs the query set of every listed window once per
       * interval and stores the result in the plugin database, where every
       * replica reads it. Graph and inbound mTLS requests for these windows
       * are then answered from memory, never waiting for Prometheus, and say
       * the data's age; other windows are queried on request.
       */
      background?: {
        /**
         * How often the windows are collected, from 1 second to 1 hour.
         * Defaults to the scrape interval.
         */
        interval?: HumanDuration | string;
        /**
         * The windows collected: each one of `1m`, `5m`, `15m`, `1h`, `6h`,
         * `24h` or the default `window`, at least two scrape intervals long.
         * Defaults to the default window; `[]` turns background collection off.
         */
        windows?: string[];
      };
    };
    /**
     * Link-out URL templates; `{{cluster}}`, `{{istioClusterId}}`,
     * `{{namespace}}`, `{{workload}}`, `{{kind}}`, `{{service}}` and
     * `{{entity}}` are replaced by URL-encoded values.
     */
    links?: {
      grafana?: string;
      traces?: string;
      kiali?: string;
    };
    history?: {
      /** How often coverage is recorded. Defaults to one day. */
      frequency?: HumanDuration | string;
    };
  };
}
