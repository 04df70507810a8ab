import type { EngineMemo } from './engineMemo';
/**
 * Input of the semantics engine: the plain objects read from one cluster, as
 * the Kubernetes API returns them. Everything is `unknown` on purpose: objects
 * come from clusters we do not control, and a malformed one must become a
 * finding, never a crash.
 * @public
 */
export interface ClusterObjects {
  /** Backstage cluster name. */
  cluster: string;
  /** Istio cluster id from config, when it differs from what istiod says. */
  istioClusterId?: string;
  /** Root namespace override from config (else read from the mesh config, E2). */
  rootNamespace?: string;
  /**
   * Primary-remote meshes (C4): the Backstage name of the cluster whose
   * istiod manages this one. Its PeerAuthentications, DestinationRules and
   * mesh config then decide this cluster's mTLS. Absent: the cluster's own.
   */
  configCluster?: string;
  /**
   * Revisions and revision tags that have a sidecar injector webhook in the
   * cluster (the `istio.io/rev` and `istio.io/tag` labels of its
   * MutatingWebhookConfigurations, M1). Absent when they could not be read:
   * `istio.io/rev` values are then checked against istiod's revisions only.
   */
  injectorRevisions?: string[];
  namespaces: unknown[];
  pods: unknown[];
  services: unknown[];
  /** ConfigMaps the engine needs: `istio*` in the istiod namespace and every `istio-ca-root-cert`. */
  configMaps: unknown[];
  deployments: unknown[];
  replicaSets: unknown[];
  statefulSets: unknown[];
  daemonSets: unknown[];
  jobs: unknown[];
  cronJobs?: unknown[];
  peerAuthentications: unknown[];
  destinationRules: unknown[];
  authorizationPolicies?: unknown[];
  requestAuthentications?: unknown[];
  virtualServices?: unknown[];
  gateways?: unknown[];
  serviceEntries?: unknown[];
  sidecars?: unknown[];
}

/**
 * Options of one engine run.
 * @public
 */
export interface EngineOptions {
  /** The time certificate expiry is judged against (defaults to now). */
  now?: Date;
  /**
   * Steps of earlier runs to reuse for clusters whose input object is
   * unchanged (the same object); the model is the same either way.
   */
  memo?: EngineMemo;
}
