import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { BoundedCache } from './BoundedCache';
import { principalKey } from './catalogVisibility';

/** How long one caller's catalog answer for one entity is reused. */
const TTL_MS = 10_000;
/** Most (caller, entity) answers kept at once. */
const MAX_ENTRIES = 2_000;

/**
 * The catalog's answer to "may this caller read entity X, and what is it?",
 * asked with the caller's own credentials and kept a few seconds per caller
 * and entity. A service page fires the card, graph and inbound mTLS
 * requests for the same entity at once, and each used to cost a catalog
 * request (which itself asks the permission backend); now concurrent
 * requests of one caller share one lookup.
 *
 * Only entities found are kept: a missing (or newly hidden) entity is asked
 * again on every request, so a new entity shows up as soon as the catalog
 * has it. A caller without a stable identity is never cached, and an answer
 * is never shared between two callers.
 * @internal
 */
export class CallerEntities {
  private readonly cache: BoundedCache<Entity | undefined>;

  constructor(
    private readonly catalog: CatalogService,
    options: { now?: () => number; maxEntries?: number; ttlMs?: number } = {},
  ) {
    this.cache = new BoundedCache({
      maxEntries: options.maxEntries ?? MAX_ENTRIES,
      ttlMs: options.ttlMs ?? TTL_MS,
      now: options.now,
      keep: entity => entity !== undefined,
    });
  }

  /** Answers currently kept (for tests). */
  get size(): number {
    return this.cache.size;
  }

  /** The entity `ref` as the caller may read it, or undefined. */
  async get(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> {
    const ask = () => this.catalog.getEntityByRef(ref, { credentials });
    const principal = principalKey(credentials);
    if (!principal) return ask();
    return this.cache.get(`${principal}\n${ref}`, ask);
  }
}
