import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  meshAuditReadPermission,
  meshEntityReadPermission,
} from '@mesh-portal/plugin-mesh-common';
import type { EntityIndex } from '../../entities';
import type { SnapshotManager } from '../../snapshot';
import { CallerAccess } from './CallerAccess';
import { BoundedCache } from './BoundedCache';
import { CallerEntities } from './CallerEntities';
import {
  CatalogVisibility,
  principalKey,
  type VisibleEntities,
} from './catalogVisibility';

/** How long a caller's `mesh.audit.read` decision is reused. */
const AUDIT_DECISION_TTL_MS = 30_000;

/**
 * Turns a caller's credentials into a {@link CallerAccess}, and checks the
 * two permissions. Private to the service layer.
 * @internal
 */
export class AccessResolver {
  private readonly visibility: CatalogVisibility;
  private readonly catalogEntities: CallerEntities;
  private readonly auditDecisions = new BoundedCache<boolean>({
    maxEntries: 2_000,
    ttlMs: AUDIT_DECISION_TTL_MS,
  });

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      permissions: PermissionsService;
      entities: EntityIndex;
      snapshot: SnapshotManager;
    },
  ) {
    this.visibility = new CatalogVisibility(deps.catalog, deps.permissions);
    this.catalogEntities = new CallerEntities(deps.catalog);
  }

  /**
   * One access per cached visibility answer: the namespaces, owners and
   * hidden workloads it derives are worked out once, not per request. Goes
   * with the answer (30 s, bounded; see `CatalogVisibility`).
   */
  private readonly accesses = new WeakMap<VisibleEntities, CallerAccess>();

  /** What the caller may see. */
  async forCaller(credentials: BackstageCredentials): Promise<CallerAccess> {
    const { entities, snapshot } = this.deps;
    // Normally loaded by the `mesh-entities` task; a request may come first.
    if (!entities.isLoaded()) await entities.reload();
    const visible = await this.visibility.visible(
      entities.refList(),
      credentials,
    );
    let access = this.accesses.get(visible);
    if (!access) {
      // The answer's list version includes the snapshot's: this index is
      // the one its claims were computed from.
      access = new CallerAccess(visible, entities, snapshot.view().index);
      this.accesses.set(visible, access);
    }
    return access;
  }

  /**
   * Whether the caller holds `mesh.audit.read`; the answer is kept 30 s per
   * caller, like the visibility answers (the audit page pages and filters
   * interactively).
   */
  async mayReadAudit(credentials: BackstageCredentials): Promise<boolean> {
    const ask = async () => {
      const [decision] = await this.deps.permissions.authorize(
        [{ permission: meshAuditReadPermission }],
        { credentials },
      );
      return decision.result === AuthorizeResult.ALLOW;
    };
    const principal = principalKey(credentials);
    return principal ? this.auditDecisions.get(principal, ask) : ask();
  }

  /** Throws `NotAllowedError` unless the caller holds `mesh.audit.read`. */
  async requireAudit(credentials: BackstageCredentials): Promise<CallerAccess> {
    const [allowed, access] = await Promise.all([
      this.mayReadAudit(credentials),
      this.forCaller(credentials),
    ]);
    if (!allowed) {
      throw new NotAllowedError('Not allowed to read the mesh audit');
    }
    return access;
  }

  /**
   * The entity, if the caller can read it in the catalog (asked with the
   * caller's credentials, so invisible and missing look the same: 404) and
   * holds `mesh.entity.read` for it (403), with the caller's access. The
   * catalog's answer is reused for 10 s per caller and entity
   * ({@link CallerEntities}): a service page asks for one entity three times.
   */
  async requireEntity(
    entityRef: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<{ entity: Entity; ref: string; access: CallerAccess }> {
    const ref = stringifyEntityRef(entityRef);
    const [entity, access] = await Promise.all([
      this.catalogEntities.get(ref, credentials),
      this.forCaller(credentials),
    ]);
    if (!entity) {
      throw new NotFoundError(`No entity ${ref} found`);
    }
    // The cached answer covers every annotated entity; an entity the index
    // does not hold yet (or a denial, which may be a fresh grant) is asked.
    if (access.canSeeEntity(ref)) return { entity, ref, access };
    const [decision] = await this.deps.permissions.authorize(
      [{ permission: meshEntityReadPermission, resourceRef: ref }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed to read the mesh view of ${ref}`);
    }
    return { entity, ref, access: access.withEntity(ref) };
  }
}
