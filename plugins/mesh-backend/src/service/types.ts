import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  AuditFindingsQuery,
  AuditFindingsResponse,
  AuditQuery,
  AuditResponse,
  AuditRow,
  ClustersResponse,
  CoverageHistoryResponse,
  EdgeDetailResponse,
  EntityMeshResponse,
  EntityReadinessResponse,
  GraphResponse,
  InboundMtlsResponse,
  MeshGraphQuery,
  ReadinessAuditResponse,
  TrafficWindow,
} from '@mesh-portal/plugin-mesh-common';

/**
 * Options every service call takes: who is asking.
 * @public
 */
export interface MeshRequestOptions {
  credentials: BackstageCredentials;
}

/**
 * Query of an entity's traffic graph, validated by the router.
 * @public
 */
export interface EntityGraphQuery {
  depth?: number;
  window?: TrafficWindow;
  view?: 'workload' | 'service';
}

/**
 * Query of the coverage history, validated by the router.
 * @public
 */
export interface HistoryRequest {
  groupBy?: 'all' | 'owner' | 'cluster' | 'namespace';
  key?: string[];
  days?: number;
}

/**
 * The mesh backend's service layer, and the only place that decides what a
 * caller may see: every method checks the caller's catalog visibility and
 * mesh permissions and filters every field of its answer, so the router only
 * parses and responds.
 * @public
 */
export interface MeshService {
  /** Whether traffic routes (`/graph/*`, `/mtls/*`) are served. */
  readonly hasTelemetry: boolean;
  /** Whether `/audit/history` is served. */
  readonly hasHistory: boolean;
  /** `GET /entity/:namespace/:kind/:name`. */
  getEntityMesh(
    entity: CompoundEntityRef,
    options: MeshRequestOptions,
  ): Promise<EntityMeshResponse>;
  /** `GET /graph/entity/:namespace/:kind/:name`. */
  getEntityGraph(
    entity: CompoundEntityRef,
    query: EntityGraphQuery,
    options: MeshRequestOptions,
  ): Promise<GraphResponse>;
  /** `GET /mtls/entity/:namespace/:kind/:name`. */
  getInboundMtls(
    entity: CompoundEntityRef,
    query: { window?: TrafficWindow },
    options: MeshRequestOptions,
  ): Promise<InboundMtlsResponse>;
  /**
   * `GET /readiness/entity/:namespace/:kind/:name`: STRICT readiness of the
   * entity's workloads and their namespaces (window default `7d`).
   */
  getEntityReadiness(
    entity: CompoundEntityRef,
    query: { window?: string },
    options: MeshRequestOptions,
  ): Promise<EntityReadinessResponse>;
  /** `GET /readiness/audit`: every visible workload's readiness ("ready to tighten"). */
  getReadinessAudit(
    query: { window?: string },
    options: MeshRequestOptions,
  ): Promise<ReadinessAuditResponse>;
  /** `GET /graph/mesh`. */
  getMeshGraph(
    query: MeshGraphQuery & { window?: TrafficWindow },
    options: MeshRequestOptions,
  ): Promise<GraphResponse>;
  /**
   * `GET /edge`: one workload-to-workload edge in detail. 404 unless the
   * caller may see both ends (as for an edge their graphs would not draw).
   */
  getEdgeDetail(
    query: { source: string; destination: string; window?: TrafficWindow },
    options: MeshRequestOptions,
  ): Promise<EdgeDetailResponse>;
  /** `GET /audit`: filtered, sorted, paged. */
  getAudit(
    query: AuditQuery,
    options: MeshRequestOptions,
  ): Promise<AuditResponse>;
  /** Every audit row matching the filters, sorted, unpaged (CSV export). */
  listAuditRows(
    query: AuditQuery,
    options: MeshRequestOptions,
  ): Promise<AuditRow[]>;
  /**
   * `GET /audit/findings`: the distinct findings of the rows matching the
   * filters, each with the matching workloads it touches.
   */
  getAuditFindings(
    query: AuditFindingsQuery,
    options: MeshRequestOptions,
  ): Promise<AuditFindingsResponse>;
  /** `GET /audit/history`. */
  getHistory(
    query: HistoryRequest,
    options: MeshRequestOptions,
  ): Promise<CoverageHistoryResponse>;
  /**
   * `GET /clusters`. Cross-cluster findings only for callers holding
   * `mesh.audit.read`, scoped like every other finding.
   */
  getClusters(options: MeshRequestOptions): Promise<ClustersResponse>;
}
