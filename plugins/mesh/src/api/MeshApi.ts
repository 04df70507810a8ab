import { createApiRef } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  AuditFindingsQuery,
  AuditFindingsResponse,
  AuditQuery,
  AuditResponse,
  ClustersResponse,
  CoverageHistoryResponse,
  EdgeDetailResponse,
  EntityGraphQuery,
  EntityMeshResponse,
  EntityReadinessResponse,
  GraphResponse,
  InboundMtlsResponse,
  MeshGraphQuery,
  ReadinessAuditResponse,
} from '@mesh-portal/plugin-mesh-common';

/**
 * Client of the mesh backend (`/api/mesh`).
 * @public
 */
export interface MeshApi {
  /** Placement, membership, mTLS and findings of one entity. */
  getEntityMesh(entity: CompoundEntityRef): Promise<EntityMeshResponse>;
  /** Traffic neighbourhood of one entity. */
  getEntityGraph(
    entity: CompoundEntityRef,
    query?: EntityGraphQuery,
  ): Promise<GraphResponse>;
  /** Observed inbound mTLS of one entity, with plaintext sources. */
  getInboundMtls(
    entity: CompoundEntityRef,
    query?: { window?: string },
  ): Promise<InboundMtlsResponse>;
  /**
   * One workload-to-workload edge in detail: codes, flags, quantiles, bytes,
   * mTLS and the rate over the window. Ends are workload ids.
   */
  getEdgeDetail(query: {
    source: string;
    destination: string;
    window?: string;
  }): Promise<EdgeDetailResponse>;
  /**
   * Whether the entity's workloads and namespaces can go STRICT, from the
   * plaintext observed over `window` (default `7d`), with what to apply.
   */
  getEntityReadiness(
    entity: CompoundEntityRef,
    query?: { window?: string },
  ): Promise<EntityReadinessResponse>;
  /** Every visible workload's STRICT readiness ("ready to tighten"). */
  getReadinessAudit(query?: {
    window?: string;
  }): Promise<ReadinessAuditResponse>;
  /** The mesh-wide mTLS audit. */
  getAudit(query?: AuditQuery): Promise<AuditResponse>;
  /**
   * The distinct findings of the audit rows matching the filters, each with
   * the matching workloads it touches (narrowed to one workload or severity).
   */
  getAuditFindings(query?: AuditFindingsQuery): Promise<AuditFindingsResponse>;
  /** Coverage over time. */
  getAuditHistory(query?: {
    groupBy?: 'owner' | 'cluster' | 'namespace' | 'all';
    key?: string[];
    days?: number;
  }): Promise<CoverageHistoryResponse>;
  /** The filtered audit as CSV text, produced (and permission-checked) by the backend. */
  exportAuditCsv(query?: AuditQuery): Promise<string>;
  /** The whole mesh as a graph. */
  getMeshGraph(query?: MeshGraphQuery): Promise<GraphResponse>;
  /** Cluster reachability, freshness and control-plane facts. */
  getClusters(): Promise<ClustersResponse>;
}

/**
 * Reference to the {@link MeshApi}.
 * @public
 */
export const meshApiRef = createApiRef<MeshApi>({
  id: 'plugin.mesh.service',
});
