import { UNOWNED_KEY } from '@mesh-portal/plugin-mesh-common';
import type { EntityIndex } from '../../entities';
import type { WorkloadIndex } from '../../snapshot';
import type { VisibleEntities } from './catalogVisibility';

/**
 * What one caller may see, decided from the catalog and permission answers
 * (kept with the caller's cached answer, so what it derives is worked out
 * once per answer, not per request). This is the only place visibility is decided; the
 * `scope*` functions apply it to each kind of response.
 *
 * - an entity: readable in the catalog and `mesh.entity.read` on it;
 * - a workload: every entity claiming it is visible (an entity with a broad
 *   selector must not expose another team's workloads); unowned workloads
 *   are visible;
 * - a namespace: it holds no workloads, or at least one visible workload;
 * - an owner: it owns a visible entity (or is the unowned key).
 * @internal
 */
export class CallerAccess {
  private visibleNamespaces?: Set<string>;
  private hiddenNamespaces?: Set<string>;
  private owners?: Set<string>;
  private hidden?: Set<string>;
  private refs?: Set<string>;
  private key?: string;

  constructor(
    private readonly entities: VisibleEntities,
    private readonly index: EntityIndex,
    private readonly workloads: WorkloadIndex,
    /** Entities checked one by one in this request (see `withEntity`). */
    private readonly extra: ReadonlySet<string> = new Set(),
  ) {}

  /**
   * The same access plus one entity the caller was just found to be allowed
   * (checked directly, when the cached answer predates it).
   */
  withEntity(ref: string): CallerAccess {
    return new CallerAccess(
      this.entities,
      this.index,
      this.workloads,
      new Set([...this.extra, ref]),
    );
  }

  canSeeEntity(ref: string): boolean {
    return this.extra.has(ref) || this.entities.has(ref);
  }

  canSeeWorkload(workloadId: string): boolean {
    return this.index
      .claimantsOf(workloadId)
      .every(claimant => this.canSeeEntity(claimant.ref));
  }

  canSeeNamespace(cluster: string | undefined, namespace: string): boolean {
    if (!this.visibleNamespaces || !this.hiddenNamespaces) {
      const visible = new Set<string>();
      const seen = new Set<string>();
      for (const workload of this.workloads.model.workloads) {
        const key = `${workload.cluster}/${workload.namespace}`;
        seen.add(key);
        if (!visible.has(key) && this.canSeeWorkload(workload.id)) {
          visible.add(key);
        }
      }
      this.visibleNamespaces = visible;
      this.hiddenNamespaces = new Set(
        [...seen].filter(key => !visible.has(key)),
      );
    }
    if (cluster !== undefined) {
      return !this.hiddenNamespaces.has(`${cluster}/${namespace}`);
    }
    // Without a cluster (history keys, filters): hidden only when it is
    // hidden in every cluster that has it.
    let present = false;
    for (const key of this.hiddenNamespaces) {
      if (key.endsWith(`/${namespace}`)) present = true;
    }
    if (!present) return true;
    for (const key of this.visibleNamespaces) {
      if (key.endsWith(`/${namespace}`)) return true;
    }
    return false;
  }

  canSeeOwner(owner: string): boolean {
    if (owner === UNOWNED_KEY) return true;
    if (!this.owners) {
      this.owners = new Set();
      for (const ref of this.index.refs()) {
        const info = this.index.get(ref);
        if (info?.owner && this.canSeeEntity(ref)) this.owners.add(info.owner);
      }
    }
    return this.owners.has(owner);
  }

  /**
   * The visible entity refs, for the telemetry filters: one set per access,
   * never changed, so the telemetry service recognises it (and its filtered
   * graph) on the caller's next request.
   */
  visibleEntityRefs(): Set<string> {
    if (!this.refs) {
      this.refs = this.entities.toSet();
      for (const ref of this.extra) this.refs.add(ref);
    }
    return this.refs;
  }

  /**
   * Equal for two accesses exactly when they decide every question the same
   * way (same visible entities of the same entity list and claims): what is
   * scoped for one may be reused for the other.
   */
  visibilityKey(): string {
    this.key ??= [this.entities.key, ...[...this.extra].sort()].join('\n');
    return this.key;
  }

  /**
   * Workloads the caller may not see although their shown owner is visible:
   * those also claimed by an entity the caller cannot read.
   */
  hiddenContestedWorkloads(): Set<string> {
    if (!this.hidden) {
      this.hidden = new Set(
        this.index.contestedWorkloads().filter(id => !this.canSeeWorkload(id)),
      );
    }
    return this.hidden;
  }
}
