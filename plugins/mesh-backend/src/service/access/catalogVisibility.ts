import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { meshEntityReadPermission } from '@mesh-portal/plugin-mesh-common';
import { BoundedCache } from './BoundedCache';

/** How long one caller's answer is reused. */
const TTL_MS = 30_000;
/** Most callers remembered at once (each answer is one bit per annotated entity). */
const MAX_CALLERS = 2_000;

/**
 * The annotated entities, as one list shared by every cached answer.
 * @internal
 */
export interface EntityRefList {
  /** Changes whenever the list or the claims change. */
  version: string;
  refs: readonly string[];
  /** ref -> position in `refs`. */
  positions: ReadonlyMap<string, number>;
}

/**
 * Which entities of an {@link EntityRefList} one caller may read: one bit
 * per entity, so thousands of callers cost kilobytes, not sets of strings.
 * @internal
 */
export class VisibleEntities {
  private key_?: string;

  constructor(
    private readonly list: EntityRefList,
    private readonly bits: Uint8Array,
  ) {}

  /**
   * Equal for two answers exactly when they allow the same entities of the
   * same list version (which also fixes the claims): views filtered for one
   * caller may be shared with the other.
   */
  get key(): string {
    this.key_ ??= `${this.list.version}:${Buffer.from(this.bits).toString(
      'base64',
    )}`;
    return this.key_;
  }

  has(ref: string): boolean {
    const i = this.list.positions.get(ref);
    return i !== undefined && (this.bits[i >> 3] & (1 << (i & 7))) !== 0;
  }

  /** The visible refs as a set (for the telemetry filters). */
  toSet(): Set<string> {
    const set = new Set<string>();
    this.list.refs.forEach((ref, i) => {
      if (this.bits[i >> 3] & (1 << (i & 7))) set.add(ref);
    });
    return set;
  }
}

/**
 * A stable key for the caller, or undefined when it has none (never cached).
 * @internal
 */
export function principalKey(
  credentials: BackstageCredentials,
): string | undefined {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef) {
    return `user:${principal.userEntityRef}`;
  }
  if (principal.type === 'service' && principal.subject) {
    return `service:${principal.subject}`;
  }
  return undefined;
}

/**
 * Answers "which annotated entities may this caller see?": the entity must be
 * readable in the catalog (asked with the caller's own credentials,
 * `getEntitiesByRefs`) and the caller must hold `mesh.entity.read` on it (one
 * batched authorize call), the same two checks as the per-entity routes.
 *
 * Answers are kept per caller for 30 s in a bounded LRU, and concurrent
 * requests of one caller share one lookup: the audit is paged and filtered
 * interactively, and a portal page fires several requests at once.
 * @internal
 */
export class CatalogVisibility {
  private readonly cache: BoundedCache<VisibleEntities>;

  constructor(
    private readonly catalog: CatalogService,
    private readonly permissions: PermissionsService,
    options: { now?: () => number; maxCallers?: number } = {},
  ) {
    this.cache = new BoundedCache({
      maxEntries: options.maxCallers ?? MAX_CALLERS,
      ttlMs: TTL_MS,
      now: options.now,
    });
  }

  /** Callers currently remembered (for tests). */
  get cachedCallers(): number {
    return this.cache.size;
  }

  async visible(
    list: EntityRefList,
    credentials: BackstageCredentials,
  ): Promise<VisibleEntities> {
    const principal = principalKey(credentials);
    const lookup = () => this.lookup(list, credentials);
    // A caller without a stable identity is never cached.
    if (!principal) return lookup();
    return this.cache.get(`${principal}\n${list.version}`, lookup);
  }

  private async lookup(
    list: EntityRefList,
    credentials: BackstageCredentials,
  ): Promise<VisibleEntities> {
    const bits = new Uint8Array(Math.ceil(list.refs.length / 8));
    if (list.refs.length > 0) {
      const { items } = await this.catalog.getEntitiesByRefs(
        {
          entityRefs: [...list.refs],
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        },
        { credentials },
      );
      const readable = items.flatMap(entity =>
        entity ? [stringifyEntityRef(entity)] : [],
      );
      if (readable.length > 0) {
        const decisions = await this.permissions.authorize(
          readable.map(ref => ({
            permission: meshEntityReadPermission,
            resourceRef: ref,
          })),
          { credentials },
        );
        readable.forEach((ref, i) => {
          const position = list.positions.get(ref);
          if (
            position !== undefined &&
            decisions[i]?.result === AuthorizeResult.ALLOW
          ) {
            bits[position >> 3] |= 1 << (position & 7);
          }
        });
      }
    }
    return new VisibleEntities(list, bits);
  }
}
