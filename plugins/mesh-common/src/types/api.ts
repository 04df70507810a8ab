import type {
  ClusterMeshInfo,
  CoverageClass,
  CoverageCounts,
  Finding,
  FindingSeverity,
  MtlsMode,
  ServiceSummary,
  Workload,
  WorkloadMembership,
} from './model';

/**
 * Freshness and health of one cluster's snapshot, shown next to its data.
 * @public
 */
export interface ClusterStatus {
  /** Backstage cluster name. */
  name: string;
  /** Whether the last refresh succeeded. */
  ok: boolean;
  /** What went wrong on the last refresh, safe to show (never contains credentials). */
  error?: string;
  /** When the data served now was read (ISO 8601); absent if never read. */
  lastSuccess?: string;
  /** When the last refresh was attempted (ISO 8601). */
  lastAttempt?: string;
  /** Seconds since `lastSuccess`. */
  ageSeconds?: number;
  /** True when the data is older than two refresh intervals. */
  stale: boolean;
  /** Istio CRD groups missing in that cluster (Istio not installed there). */
  missingApis?: string[];
}

/**
 * `GET /entity/:namespace/:kind/:name`: the mesh view of one entity.
 * @public
 */
export interface EntityMeshResponse {
  entityRef: string;
  /** The clusters that may hold this entity's workloads, with their freshness. */
  clusters: ClusterStatus[];
  workloads: Workload[];
  /** Services selecting the entity's workloads, with what clients send them. */
  services: ServiceSummary[];
  /** Findings touching the entity's workloads or services. */
  findings: Finding[];
  /** Link-outs (Grafana, traces, Kiali) per workload id, where configured. */
  links?: Record<string, LinkOut[]>;
}

/**
 * One row of the mTLS audit.
 * @public
 */
export interface AuditRow {
  workloadId: string;
  cluster: string;
  namespace: string;
  kind: string;
  workload: string;
  /** Entity claiming the workload; absent when unowned. */
  entityRef?: string;
  entityTitle?: string;
  /** Owner entity ref (usually a Group). */
  owner?: string;
  system?: string;
  membership: WorkloadMembership;
  coverage: CoverageClass;
  /** Workload-level effective mode; `MIXED` when ports differ. */
  mode: MtlsMode | 'MIXED';
  /**
   * Whether a proxy enforces `mode` on the wire: false when no pod of the
   * workload is meshed (a STRICT policy then does nothing). Absent from older
   * backends.
   */
  enforced?: boolean;
  /** The deciding policy of the workload-level mode, as `namespace/name`, or `default`. */
  decidedBy: string;
  decidedScope: string;
  /**
   * Share (0-1) of observed inbound requests that were mTLS, as the
   * destination reported them; absent without inbound traffic or telemetry.
   */
  observedMtlsShare?: number;
  /**
   * Share (0-1) of the workload's observed outbound requests (bytes for TCP
   * only) whose security is known that were mTLS: an out-of-mesh client
   * sending plaintext shows here, not in `observedMtlsShare`. Absent without
   * such traffic or telemetry, and from older backends.
   */
  observedOutboundMtlsShare?: number;
  /**
   * Native sidecar (an init container that keeps running, M4) or classic,
   * for workloads with injected proxies where the engine knows; absent
   * otherwise.
   */
  nativeSidecar?: boolean;
  /** Open findings touching the workload (one finding may touch several workloads). */
  findings: number;
}

/**
 * Totals per group key (owner, cluster, namespace, system).
 * @public
 */
export type CoverageBreakdown = Record<string, CoverageCounts>;

/**
 * `GET /audit`: mesh-wide coverage, filtered and paged.
 * @public
 */
export interface AuditResponse {
  items: AuditRow[];
  /** Rows matching the filters (before paging). */
  totalItems: number;
  /** Totals over the filtered rows. */
  totals: CoverageCounts;
  byOwner: CoverageBreakdown;
  byCluster: CoverageBreakdown;
  byNamespace: CoverageBreakdown;
  bySystem: CoverageBreakdown;
  /** Distinct findings touching the filtered rows, by severity. */
  findingsBySeverity: Record<'error' | 'warning' | 'info', number>;
  /**
   * How many filtered rows have at least one finding. One finding can touch
   * several workloads, so the rows' `findings` add up to more than
   * `findingsBySeverity`. Absent from older backends.
   */
  workloadsWithFindings?: number;
  /**
   * Share (0-1) of observed inbound requests that were mTLS, summed over the
   * filtered rows (weighted by volume); by bytes only when no row has request
   * traffic. Absent without telemetry.
   */
  observedMtlsShare?: number;
  clusters: ClusterStatus[];
  /** Telemetry sources queried for the observed shares; absent from older backends. */
  sources?: TelemetrySourceStatus[];
}

/**
 * Query of `GET /audit/findings`: the audit's filters (sorting is ignored;
 * findings come most severe first), optionally narrowed to one workload or
 * one severity, paged by `offset` and `limit`.
 * @public
 */
export interface AuditFindingsQuery extends AuditQuery {
  /** Only findings touching this workload id (one of the matching rows). */
  workload?: string;
  severity?: FindingSeverity;
}

/**
 * A workload an audit finding touches, as its audit row names it.
 * @public
 */
export type AuditFindingWorkload = Pick<
  AuditRow,
  | 'workloadId'
  | 'cluster'
  | 'namespace'
  | 'kind'
  | 'workload'
  | 'entityRef'
  | 'entityTitle'
>;

/**
 * One finding of `GET /audit/findings`, scoped to what the caller may see.
 * @public
 */
export interface AuditFinding extends Finding {
  /**
   * The matching audit rows the finding touches (its `workloads`, limited to
   * the rows matching the filters), so one finding over several workloads
   * is listed once with all of them.
   */
  affected: AuditFindingWorkload[];
}

/**
 * `GET /audit/findings`: the distinct findings of the audit rows matching
 * the filters.
 * @public
 */
export interface AuditFindingsResponse {
  items: AuditFinding[];
  /** Distinct findings matching (before paging). */
  totalItems: number;
  /** Distinct matching workloads those findings touch. */
  workloads: number;
}

/**
 * One point of the coverage history.
 * @public
 */
export interface CoverageHistoryPoint {
  /** Day (or period start), ISO 8601. */
  time: string;
  counts: CoverageCounts;
  /**
   * True when the point was not recorded from the clusters but proposed by a
   * history seeder (the demo's synthetic trend); absent for recorded points.
   */
  seeded?: boolean;
}

/**
 * `GET /audit/history`.
 * @public
 */
export interface CoverageHistoryResponse {
  /** Group key the series is for, e.g. `owner:group:default/platform`, or `all`. */
  series: Record<string, CoverageHistoryPoint[]>;
  /** Set when more series matched than one answer holds (200). */
  truncated?: boolean;
}

/**
 * `GET /clusters`: what the backend knows of each cluster.
 * @public
 */
export interface ClustersResponse {
  clusters: Array<ClusterStatus & { mesh?: ClusterMeshInfo }>;
  /** Findings that span clusters (cluster id collisions, root cert mismatch). */
  findings: Finding[];
}

/**
 * Per-source status for telemetry responses.
 * @public
 */
export interface TelemetrySourceStatus {
  /** Prometheus source name (usually the cluster it serves). */
  name: string;
  ok: boolean;
  error?: string;
  /** Query count and duration of the query set that produced the data. */
  queries?: number;
  durationMs?: number;
  /** Warnings the source attached (e.g. a partial response from Thanos or Mimir). */
  warnings?: string[];
}

/**
 * Transport protocol of an edge.
 * @public
 */
export type EdgeProtocol = 'http' | 'grpc' | 'tcp';

/**
 * A node of the traffic graph.
 * @public
 */
export interface GraphNode {
  /** Workload id (`<cluster>/<namespace>/<kind>/<name>` when known, else `<cluster>/<namespace>/workload/<name>`), `entity:<ref>` in the service view, `unknown` for unknown sources, `external:<host>` for external services. */
  id: string;
  type: 'workload' | 'entity' | 'unknown' | 'external';
  cluster?: string;
  namespace?: string;
  /** Workload name, entity title or host. */
  name: string;
  entityRef?: string;
  title?: string;
  owner?: string;
  system?: string;
  membership?: WorkloadMembership;
  /**
   * For workloads with injected proxies (and entity nodes whose workloads
   * agree): true for a native sidecar (an init container with
   * `restartPolicy: Always`, M4), false for a classic one. Absent when not
   * known or not a sidecar.
   */
  nativeSidecar?: boolean;
  /**
   * True for a workload the mesh knows but that had no traffic in the window,
   * added on request (`includeIdle`); it has no edges.
   */
  idle?: boolean;
  /** The clusters this node spans (service view). */
  clusters?: string[];
  /** Link-outs (Grafana, traces, Kiali) for workload nodes, where configured. */
  links?: LinkOut[];
}

/**
 * A directed edge of the traffic graph (client to server).
 * @public
 */
export interface GraphEdge {
  source: string;
  target: string;
  protocol: EdgeProtocol;
  /** Requests per second (HTTP, gRPC). */
  requestsPerSecond?: number;
  /** Bytes per second (TCP), sent by the client. */
  bytesPerSecond?: number;
  /**
   * Share (0-1) of requests that failed, as Kiali counts it (G10): no
   * response, HTTP 4xx and 5xx, and for gRPC a non-OK status.
   */
  errorRatio?: number;
  /**
   * The failed share by kind (HTTP and gRPC edges); the parts add up to
   * `errorRatio`. `1 - http5xx` is the server-error-only success rate.
   * Absent when `errorRatio` is 0 (every part would be 0); older backends
   * sent it with zeros.
   */
  errors?: {
    /** No response at all (code 0, e.g. a reset or a client disconnect). */
    noResponse: number;
    http4xx: number;
    http5xx: number;
    /** gRPC status other than OK on an HTTP success. */
    grpc: number;
  };
  /** Latency quantiles in milliseconds (HTTP, gRPC). */
  latencyMs?: { p50?: number; p95?: number; p99?: number };
  /** True when `latencyMs` comes from the client's histogram because the destination reported none. */
  latencyFromSource?: boolean;
  /**
   * Share (0-1) of traffic that was mutual TLS: as the destination reported
   * it (O1, O2), or, where only the source reported, as the engine's
   * configuration makes certain (a destination without proxy, a client
   * DestinationRule disabling TLS).
   */
  mtlsShare?: number;
  /** True when part of `mtlsShare` comes from the configuration, not from telemetry. */
  mtlsFromConfiguration?: boolean;
  crossCluster: boolean;
}

/**
 * `GET /graph/entity/...` and `GET /graph/mesh`.
 * @public
 */
export interface GraphResponse {
  /** Rate window, e.g. `5m`. */
  window: string;
  /** Evaluation time of the queries, i.e. when the data was collected (ISO 8601). */
  dataTime: string;
  /**
   * Seconds from `dataTime` to this answer: how old the rates are. Absent
   * from older backends.
   */
  ageSeconds?: number;
  /**
   * `background`: collected ahead of requests by the backend's scheduled
   * task (the window is one it collects); `on-demand`: queried for a request
   * (possibly shared through a short cache). Absent from older backends.
   */
  collection?: 'background' | 'on-demand';
  view: 'workload' | 'service';
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** True when the node limit cut the graph. */
  truncated: boolean;
  totalNodes?: number;
  sources: TelemetrySourceStatus[];
  /**
   * Dependencies compared with the catalog. In `GET /graph/mesh`, when the
   * node limit cut the graph (`truncated`), only the pairs whose entities
   * still have a node in the answer (or never had one: declared relations
   * to entities without traffic).
   */
  dependencies?: DeclaredVsObserved;
}

/**
 * Catalog relations compared with traffic.
 * @public
 */
export interface DeclaredVsObserved {
  /** Observed edges (entity refs) that the catalog does not declare. */
  undeclared: Array<{ source: string; target: string }>;
  /** Declared `dependsOn` / `consumesApi` relations with no traffic in the window. */
  unobserved: Array<{ source: string; target: string; relation: string }>;
  /** Declared and observed. */
  confirmed: Array<{ source: string; target: string }>;
}

/**
 * `GET /mtls/entity/...`: inbound observed mTLS of one entity.
 * @public
 */
export interface InboundMtlsResponse {
  entityRef: string;
  window: string;
  /** When the data was collected (ISO 8601). */
  dataTime: string;
  /** Seconds from `dataTime` to this answer. Absent from older backends. */
  ageSeconds?: number;
  /** As in {@link GraphResponse}. Absent from older backends. */
  collection?: 'background' | 'on-demand';
  /** Share (0-1) of inbound requests that were mTLS; absent without traffic. */
  mtlsShare?: number;
  plaintextSources: Array<{
    source: GraphNode;
    requestsPerSecond?: number;
    bytesPerSecond?: number;
    /**
     * Set on the one anonymous entry that sums the sources the caller may not
     * read (its `source` is `{ id: 'hidden', type: 'unknown', name: 'hidden workload' }`).
     */
    hidden?: boolean;
  }>;
  sources: TelemetrySourceStatus[];
}

/**
 * Link-outs to other tools for a workload, rendered from URL templates.
 * @public
 */
export interface LinkOut {
  title: string;
  url: string;
  kind: 'grafana' | 'traces' | 'kiali' | 'other';
}

/**
 * Filters, sorting and paging of the audit (`GET /audit`, `GET /audit/export.csv`).
 * Multi-valued filters are sent as repeated query parameters.
 * @public
 */
export interface AuditQuery {
  owner?: string[];
  cluster?: string[];
  namespace?: string[];
  system?: string[];
  /** Coverage classes to keep. */
  state?: CoverageClass[];
  /** Only workloads that are not enforced STRICT on every port. */
  notStrict?: boolean;
  /** Free-text search over workload, entity, namespace and owner. */
  q?: string;
  sort?:
    | 'workload'
    | 'entity'
    | 'owner'
    | 'cluster'
    | 'namespace'
    | 'coverage'
    | 'mode'
    | 'observedMtlsShare'
    | 'observedOutboundMtlsShare'
    | 'findings';
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

/**
 * Query of `GET /graph/mesh`.
 * @public
 */
export interface MeshGraphQuery {
  cluster?: string[];
  namespace?: string[];
  owner?: string[];
  system?: string[];
  /** Maximum number of nodes (default 500). */
  limit?: number;
  window?: string;
  view?: 'workload' | 'service';
  /** Also list the workloads without traffic in the window, as nodes without edges. */
  includeIdle?: boolean;
}

/**
 * Query of `GET /graph/entity/...`.
 * @public
 */
export interface EntityGraphQuery {
  /** 1 to 3, default 1. */
  depth?: number;
  window?: string;
  view?: 'workload' | 'service';
}
