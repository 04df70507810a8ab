import type {
  EdgeDetailResponse,
  GraphResponse,
  InboundMtlsResponse,
  TelemetrySourceStatus,
  WorkloadMembership,
} from '@mesh-portal/plugin-mesh-common';
import type { InboundObservation } from './readiness/inbound';

/**
 * What the telemetry side needs to know about workloads and entities to join
 * Prometheus series to the catalog. Implemented by the backend's snapshot
 * store, so telemetry never reads clusters itself.
 * @public
 */
export interface WorkloadDirectory {
  /**
   * Finds the workload a telemetry series names. `workload` is the
   * `*_workload` label (the top owner's name, e.g. a Deployment name).
   */
  findWorkload(
    cluster: string,
    namespace: string,
    workload: string,
  ): WorkloadEntry | undefined;
  /** Every workload id claimed by the entity (may span clusters). */
  workloadsOfEntity(entityRef: string): string[];
  /**
   * Every workload the mesh knows, one per telemetry name (as
   * `findWorkload` resolves it): the idle ones are added to the mesh graph
   * on request. Without it, no idle workload is listed.
   */
  listWorkloads?(): WorkloadEntry[];
  /**
   * What a meshed client in `client.cluster`/`client.namespace` sends to the
   * Service `host` according to the engine's configuration (E7-E10):
   * `plaintext` when no port of it is sent with mutual TLS (DestinationRule
   * `DISABLE` or `SIMPLE`, or auto-mTLS toward endpoints without proxy),
   * `mtls` when every port is, undefined when unknown or mixed. Telemetry
   * uses it where the proxies cannot tell (a source-only series, O1).
   * `clientTlsLookupFrom(model)` implements it from the mesh model.
   */
  clientTlsToward?(
    client: { cluster: string; namespace: string },
    host: string,
  ): 'mtls' | 'plaintext' | undefined;
  /**
   * Changes whenever an answer of this directory may change (new snapshot,
   * reloaded entities). With it, graphs are built once per data and
   * directory version; without it, on every request.
   */
  version?(): string;
}

/**
 * A workload and the entity claiming it, as the directory knows them.
 * @public
 */
export interface WorkloadEntry {
  workloadId: string;
  cluster: string;
  namespace: string;
  name: string;
  /** Workload kind (`Deployment`...), for link-out templates. */
  kind?: string;
  /** Mesh membership from the engine; `none` lets source-only traffic count as plaintext. */
  membership?: WorkloadMembership;
  /** For sidecar (and partial) workloads: native sidecar (M4) or classic. */
  nativeSidecar?: boolean;
  /** Part of Istio itself (istiod, gateways): never listed as idle. */
  infrastructure?: boolean;
  /** A Service selecting the workload (`name`), for link-out templates using `{{service}}`. */
  service?: string;
  entity?: {
    ref: string;
    title?: string;
    owner?: string;
    system?: string;
    /** Declared `dependsOn` and `consumesApi` targets (entity refs), for declared-vs-observed. */
    dependsOn?: string[];
    consumesApis?: string[];
    providesApis?: string[];
  };
}

/**
 * Options shared by graph requests.
 * @public
 */
export interface GraphRequestOptions {
  /** Rate window, e.g. `5m` (validated, never shorter than two scrape intervals). */
  window?: string;
  view?: 'workload' | 'service';
}

/**
 * The telemetry service: a constant number of PromQL queries per source per
 * refresh, cached, turned into graphs on request. A `visibleEntities` or
 * `hiddenWorkloads` set passed to it must not change afterwards: the
 * filtered graph is remembered per set.
 * @public
 */
export interface TelemetryService {
  /** The neighbourhood of one entity (inbound and outbound), depth 1-3. */
  getEntityGraph(
    entityRef: string,
    options: GraphRequestOptions & {
      depth?: number;
      /** Limits neighbours to entities the caller may read (refs); unknown and external nodes stay. */
      visibleEntities?: Set<string>;
      /** Workload ids removed whatever their entity (claimed by an entity the caller may not read too). */
      hiddenWorkloads?: ReadonlySet<string>;
      /** With `visibleEntities`: keep workloads no entity claims (default true here). */
      includeUnowned?: boolean;
    },
  ): Promise<GraphResponse>;
  /** The whole mesh, filtered, with a node limit and a truncation flag. */
  getMeshGraph(
    options: GraphRequestOptions & {
      cluster?: string[];
      namespace?: string[];
      owner?: string[];
      system?: string[];
      limit?: number;
      /** Limits the graph to entities the caller may read (refs). Unowned workloads stay visible only when `includeUnowned`. */
      visibleEntities?: Set<string>;
      /** Workload ids removed whatever their entity (claimed by an entity the caller may not read too). */
      hiddenWorkloads?: ReadonlySet<string>;
      /** With `visibleEntities`: keep workloads no entity claims (default false). */
      includeUnowned?: boolean;
      /**
       * Also list the directory's workloads without traffic in the window
       * (`idle: true`, no edges), before visibility and filters apply.
       */
      includeIdle?: boolean;
    },
  ): Promise<GraphResponse>;
  /**
   * Inbound mTLS of one entity, with the plaintext sources. Sources of
   * entities outside `visibleEntities` count in the share but are listed
   * only as one anonymous entry (`hidden: true`).
   */
  getInboundMtls(
    entityRef: string,
    options: {
      window?: string;
      /** Entity refs the caller may read; absent: every source is named. */
      visibleEntities?: Set<string>;
      /** Workload ids removed whatever their entity (claimed by an entity the caller may not read too). */
      hiddenWorkloads?: ReadonlySet<string>;
      /** With `visibleEntities`: name workloads no entity claims (default true). */
      includeUnowned?: boolean;
    },
  ): Promise<InboundMtlsResponse>;
  /**
   * Observed inbound traffic rates per workload id (default window), for the
   * audit to weigh by volume, with the status of every source queried.
   */
  getObservedMtlsByWorkload(): Promise<ObservedMtls>;
  /**
   * The detail of one workload-to-workload edge (ids), read with its own
   * small query set (`edgeDetail/`). The caller must have checked that both
   * ends are visible.
   */
  getEdgeDetail(
    source: string,
    destination: string,
    options: { window?: string },
  ): Promise<EdgeDetailResponse>;

  /**
   * What arrived at every destination workload over a long window (default
   * `7d`), by caller and security: the STRICT-readiness evidence, from one
   * query set per source (`readiness/queries.ts`).
   */
  getInboundObservations(window?: string): Promise<InboundObservations>;
}

/**
 * What {@link TelemetryService.getInboundObservations} returns.
 * @public
 */
export interface InboundObservations {
  window: string;
  /** The oldest evaluation time among the sources that answered. */
  dataTime: string;
  observations: InboundObservation[];
  sources: TelemetrySourceStatus[];
}

/**
 * Inbound traffic of one workload whose security is known, and how much of it
 * was mutual TLS. Requests and bytes are kept apart: they do not add up.
 * @public
 */
export interface ObservedMtlsRates {
  /** HTTP and gRPC requests per second. */
  requests?: { known: number; mtls: number };
  /** TCP bytes per second. */
  bytes?: { known: number; mtls: number };
}

/**
 * What {@link TelemetryService.getObservedMtlsByWorkload} returns.
 * @public
 */
export interface ObservedMtls {
  /** Inbound traffic by destination workload id. */
  byWorkload: Map<string, ObservedMtlsRates>;
  /** Outbound traffic by source workload id; absent from older implementations. */
  outboundByWorkload?: Map<string, ObservedMtlsRates>;
  /** Every source queried, so a missing share can be explained. */
  sources: TelemetrySourceStatus[];
}
