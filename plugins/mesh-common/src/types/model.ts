/**
 * The mesh model: what the semantics engine computes from the Kubernetes and
 * Istio objects of one or more clusters. Plain data, safe to serialise as JSON.
 *
 * Rule numbers (M1-M8, E1-E11, C1-C5) refer to the Istio semantics reference
 * the engine implements; see the engine's README.
 */

/**
 * A pointer to a Kubernetes or Istio object in one cluster.
 * @public
 */
export interface ObjectRef {
  /** Backstage cluster name (the `name` in `kubernetes.clusterLocatorMethods`). */
  cluster: string;
  /** Kubernetes kind, e.g. `PeerAuthentication`, `Deployment`, `Namespace`. */
  kind: string;
  namespace?: string;
  name: string;
}

/**
 * How one pod takes part in the mesh (M6-M8, section 1.4).
 * @public
 */
export type PodMembership =
  | 'sidecar'
  | 'ambient'
  | 'ambient-pending'
  | 'infrastructure'
  | 'none';

/**
 * How a workload takes part in the mesh: its pods' common state, `partial`
 * when they differ, `unknown` when it has no pods (never assumed meshed).
 * @public
 */
export type WorkloadMembership = PodMembership | 'partial' | 'unknown';

/**
 * Why a pod is outside the mesh.
 * - `host-network`: `hostNetwork: true` pods are never captured (M2, M7).
 * - `opted-out`: `sidecar.istio.io/inject=false` or `istio.io/dataplane-mode=none` (M2, M7).
 * - `namespace-not-enabled`: neither injection nor ambient is enabled for it (M1).
 * - `revision-not-installed`: its namespace or pod names, with `istio.io/rev`,
 *   a control-plane revision or tag that is not installed, so no injector
 *   webhook selects it (M1).
 * - `needs-restart`: it should have been injected or enrolled but was created
 *   before that was enabled (IST0103 analogue).
 * @public
 */
export type NotMeshedReason =
  | 'host-network'
  | 'opted-out'
  | 'namespace-not-enabled'
  | 'needs-restart'
  | 'revision-not-installed';

/**
 * Kind of Istio infrastructure pod (M8).
 * @public
 */
export type InfrastructureRole = 'gateway' | 'waypoint' | 'ztunnel' | 'istiod';

/**
 * PeerAuthentication modes after inheritance (E5); `UNSET` never survives composition.
 * @public
 */
export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

/**
 * Where the deciding policy sits (E1, E4). `default` means no policy applied
 * and Istio's default (PERMISSIVE) holds.
 * @public
 */
export type PolicyScope =
  | 'mesh'
  | 'namespace'
  | 'workload'
  | 'port'
  | 'default';

/**
 * The effective server-side mTLS mode and why (E1-E6).
 * @public
 */
export interface MtlsDecision {
  mode: MtlsMode;
  scope: PolicyScope;
  /** The PeerAuthentication that decided; absent for `default`. */
  policy?: ObjectRef;
  /**
   * Policies that matched at the same scope but lost to the oldest one (E4).
   */
  ignored?: ObjectRef[];
  /** One sentence a person can read, e.g. "STRICT from mesh-wide policy istio-system/default". */
  reason: string;
}

/**
 * Effective mTLS on one container port of a workload.
 * @public
 */
export interface PortMtls {
  /** Container (target) port number: PeerAuthentication `portLevelMtls` keys on it (E4). */
  port: number;
  /** Container port name, when declared. */
  name?: string;
  /** Service ports that route to this container port, as `service:port`. */
  servicePorts?: string[];
  decision: MtlsDecision;
}

/**
 * Audit classification of a workload (issue "audit figures").
 * - `strict`: meshed on every pod, STRICT on every port (ambient counts when STRICT).
 * - `meshed-not-strict`: meshed but some port accepts plaintext, or `partial`
 *   with at least one meshed pod (never STRICT).
 * - `outside`: no pod in the mesh (including `unknown`: never STRICT).
 * - `infrastructure`: Istio's own pods, excluded from coverage ratios.
 * @public
 */
export type CoverageClass =
  | 'strict'
  | 'meshed-not-strict'
  | 'outside'
  | 'infrastructure';

/**
 * Top-level owner kinds a workload can have.
 * @public
 */
export type WorkloadKind =
  | 'Deployment'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'Job'
  | 'CronJob'
  | 'ReplicaSet'
  | 'Pod';

/**
 * How Prometheus scrapes a workload by its pods' `prometheus.io/scrape` and
 * `prometheus.io/port` annotations. Istio's metrics merging (on by default,
 * off mesh-wide with `meshConfig.enablePrometheusMerge: false` or per pod
 * with `prometheus.istio.io/merge-metrics: "false"`) makes the injector point
 * them at the sidecar agent's status port (15020), which the proxy does not
 * capture: such a scrape is outside mTLS. Otherwise the annotated port is
 * scraped through the inbound proxy and a STRICT policy applies to it.
 * @public
 */
export interface MetricsScrape {
  /**
   * Annotated ports scraped through the inbound proxy (or, on pods without
   * a proxy, directly): the ports a plaintext scraper needs a `portLevelMtls`
   * exception on. Empty when every annotated pod is merged.
   */
  ports: number[];
  /** Whether some pods are scraped on the agent's status port (metrics merging). */
  merged: boolean;
}

/**
 * One workload (pods grouped under their top owner) in one cluster.
 * @public
 */
export interface Workload {
  /** Stable id: `<cluster>/<namespace>/<kind>/<name>`. */
  id: string;
  cluster: string;
  namespace: string;
  kind: WorkloadKind;
  name: string;
  /** Labels of the pod template (or of the first pod when there is no template). */
  labels: Record<string, string>;
  /**
   * The top owner's own `metadata.labels` (Deployment, StatefulSet, DaemonSet,
   * Job, CronJob, ReplicaSet), when it has any. Catalog entities match on
   * them as well, as the Kubernetes plugin does; policies never do.
   */
  controllerLabels?: Record<string, string>;
  replicas: {
    /** From the owner's spec, where it has one. */
    desired?: number;
    /** Pods whose Ready condition is True. */
    ready: number;
    /** Pods that exist. */
    current: number;
  };
  /** Distinct canonical revisions (M5) of its pods, e.g. `["v1", "v2"]`. */
  versions: string[];
  /** Distinct container images of its pods (without the proxy). */
  images: string[];
  membership: {
    state: WorkloadMembership;
    /** How many pods are in each state. */
    pods: Partial<Record<PodMembership, number>>;
    /** Why pods are out of the mesh, with counts. */
    notMeshedReasons?: Partial<Record<NotMeshedReason, number>>;
    infrastructure?: InfrastructureRole;
    /** Native sidecar (init container with restartPolicy Always, M4). */
    nativeSidecar?: boolean;
    /** Istio revision (`istio.io/rev`) of the injected proxies, when known. */
    revision?: string;
    /** One sentence a person can read. */
    reason: string;
  };
  mtls: {
    /** Workload-level decision (before port-level exceptions). */
    workload: MtlsDecision;
    /** One entry per declared container port (and per port a Service targets). */
    ports: PortMtls[];
    /**
     * Whether the decision is enforced on the wire: false when the workload is
     * not meshed (no proxy terminates mTLS, so traffic is plaintext).
     */
    enforced: boolean;
    /**
     * Ambient workloads always send mTLS between ztunnels; the policy only
     * governs whether plaintext is accepted (E6).
     */
    ambientTransport?: boolean;
  };
  coverage: CoverageClass;
  /** Services (same cluster and namespace) whose selector matches this workload. */
  services: string[];
  /** Present when its pods ask Prometheus to scrape them by annotation. */
  metricsScrape?: MetricsScrape;
}

/**
 * What clients in the mesh send to one Service port (E7-E10).
 * @public
 */
export interface ServicePortClientTls {
  port: number;
  name?: string;
  /** Declared protocol from the port name prefix or `appProtocol`, if any. */
  protocol?: string;
  /** What a meshed client sends. `AUTO_MTLS`/`AUTO_PLAINTEXT` are the auto-mTLS outcomes (E8, E9). */
  clientMode:
    | 'ISTIO_MUTUAL'
    | 'MUTUAL'
    | 'SIMPLE'
    | 'DISABLE'
    | 'AUTO_MTLS'
    | 'AUTO_PLAINTEXT';
  /** The DestinationRule that decided, if any. */
  destinationRule?: ObjectRef;
  /** Subset-level settings that differ from the port setting, by subset name. */
  subsets?: Record<string, ServicePortClientTls['clientMode']>;
  /** Whether a meshed client and the server agree (E11). */
  outcome: 'mtls' | 'plaintext' | 'broken';
  reason: string;
}

/**
 * A Service and what its clients send.
 * @public
 */
export interface ServiceSummary {
  /** `<cluster>/<namespace>/<name>`. */
  id: string;
  cluster: string;
  namespace: string;
  name: string;
  /** `<name>.<namespace>.svc.cluster.local`. */
  host: string;
  /** Workload ids this Service selects. */
  workloads: string[];
  ports: ServicePortClientTls[];
  /**
   * What clients in other namespaces send, where a DestinationRule of their
   * own namespace overrides the Service's view (E10), by client namespace.
   */
  clientNamespaces?: Array<{
    namespace: string;
    ports: Array<{
      port: number;
      clientMode: ServicePortClientTls['clientMode'];
      destinationRule?: ObjectRef;
    }>;
  }>;
}

/**
 * Severity of a finding.
 * @public
 */
export type FindingSeverity = 'error' | 'warning' | 'info';

/**
 * A misconfiguration, with the objects involved and how to fix it.
 * @public
 */
export interface Finding {
  /** Stable code, e.g. `MESH-DR-DISABLES-STRICT`. */
  code: string;
  severity: FindingSeverity;
  /** Cluster the finding is in; absent for cross-cluster findings. */
  cluster?: string;
  /** One sentence: what is wrong. */
  message: string;
  /** What to do about it. */
  fix: string;
  objects: ObjectRef[];
  /** Workloads affected (ids), used to attach findings to entities. */
  workloads?: string[];
}

/**
 * Facts about one cluster's Istio control plane, derived from its objects.
 * @public
 */
export interface ClusterMeshInfo {
  cluster: string;
  /** Istio cluster id: config override, else istiod's `CLUSTER_ID`, else `Kubernetes` (C3). */
  istioClusterId: string;
  /** Root namespace (E2): override, else mesh config `rootNamespace`, else `istio-system`. */
  rootNamespace: string;
  /** Whether auto-mTLS is on (mesh config `enableAutoMtls`, default true, E8). */
  autoMtls: boolean;
  /** Revisions of the Istio control planes found (istiod pods' `istio.io/rev`). */
  revisions: string[];
  /** Istio version from istiod's image tag, where readable. */
  version?: string;
  rootCertificate?: {
    /** SHA-256 fingerprint, colon-separated hex. */
    fingerprint: string;
    subject?: string;
    notAfter: string;
  };
  /** Object counts by kind, e.g. `{ Pod: 120, PeerAuthentication: 4 }`. */
  counts: Record<string, number>;
}

/**
 * The engine's whole output.
 * @public
 */
export interface MeshModel {
  clusters: ClusterMeshInfo[];
  workloads: Workload[];
  services: ServiceSummary[];
  findings: Finding[];
}

/**
 * Workload counts by coverage class.
 * @public
 */
export interface CoverageCounts {
  strict: number;
  meshedNotStrict: number;
  outside: number;
  infrastructure: number;
  total: number;
}
