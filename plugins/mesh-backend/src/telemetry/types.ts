import type {
  GraphResponse,
  InboundMtlsResponse,
  WorkloadMembership,
} from '@internal/plugin-mesh-common';

/**
 * What the telemetry side needs to know about workloads and entities to join
 * Prometheus series to the catalog. Implemented by the backend's snapshot
 * store, so telemetry never reads clusters itself.
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
}

/**
 * A workload and the entity claiming it, as the directory knows them.
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
 */
export interface GraphRequestOptions {
  /** Rate window, e.g. `5m` (validated, never shorter than two scrape intervals). */
  window?: string;
  view?: 'workload' | 'service';
}

/**
 * The telemetry service: a constant number of PromQL queries per source per
 * refresh, cached, turned into graphs on request.
 */
export interface TelemetryService {
  /** The neighbourhood of one entity (inbound and outbound), depth 1-3. */
  getEntityGraph(
    entityRef: string,
    options: GraphRequestOptions & {
      depth?: number;
      /** Limits neighbours to entities the caller may read (refs); unknown and external nodes stay. */
      visibleEntities?: Set<string>;
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
      /** With `visibleEntities`: keep workloads no entity claims (default false). */
      includeUnowned?: boolean;
    },
  ): Promise<GraphResponse>;
  /** Inbound observed mTLS of one entity, with the plaintext sources. */
  getInboundMtls(
    entityRef: string,
    options: { window?: string },
  ): Promise<InboundMtlsResponse>;
  /** Observed inbound mTLS share (0-1) per workload id, for the audit. */
  getObservedMtlsByWorkload(): Promise<Map<string, number>>;
}
