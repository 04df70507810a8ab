import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  AuditQuery,
  AuditResponse,
  AuditRow,
  ClustersResponse,
  EntityMeshResponse,
} from '@mesh-portal/plugin-mesh-common';

/**
 * Options every service call takes: who is asking.
 * @public
 */
export interface MeshRequestOptions {
  credentials: BackstageCredentials;
}

/**
 * The mesh backend's service layer. Everything is answered from the
 * in-memory snapshot; every method enforces the caller's catalog visibility
 * and mesh permissions itself, so the router stays thin.
 * @public
 */
export interface MeshService {
  /**
   * Checks that the caller may read the entity in the catalog (else
   * `NotFoundError`) and holds `mesh.entity.read` for it (else
   * `NotAllowedError`); returns the entity ref.
   */
  authorizeEntity(
    entity: CompoundEntityRef,
    options: MeshRequestOptions,
  ): Promise<string>;
  /** Checks `mesh.audit.read` (else `NotAllowedError`). */
  authorizeAudit(options: MeshRequestOptions): Promise<void>;
  /** Entity refs (of annotated entities) the caller may read in the catalog. */
  visibleEntityRefs(options: MeshRequestOptions): Promise<Set<string>>;
  /** `GET /entity/:namespace/:kind/:name`. */
  getEntityMesh(
    entity: CompoundEntityRef,
    options: MeshRequestOptions,
  ): Promise<EntityMeshResponse>;
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
   * Owners (group or user refs) of the entities the caller may read, for
   * limiting owner-keyed coverage history.
   */
  visibleOwners(options: MeshRequestOptions): Promise<Set<string>>;
  /**
   * `GET /clusters`. Cross-cluster findings only for callers holding
   * `mesh.audit.read`, and only those naming no workload of an entity the
   * caller may not read.
   */
  getClusters(options: MeshRequestOptions): Promise<ClustersResponse>;
}
