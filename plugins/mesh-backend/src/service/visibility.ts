import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { meshEntityReadPermission } from '@mesh-portal/plugin-mesh-common';

/** How long one caller's visible set is reused. */
const TTL_MS = 30_000;
/** Most callers remembered at once. */
const MAX_ENTRIES = 1_000;

function principalKey(credentials: BackstageCredentials): string | undefined {
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
 * Answers "which of these entities' mesh data may this caller see?": the
 * entity must be readable in the catalog (asked with the caller's own
 * credentials, `getEntitiesByRefs`) and the caller must hold
 * `mesh.entity.read` on it (one batched authorize call), the same two checks
 * as the per-entity routes, so the audit, the CSV export and the graphs never
 * show what an entity page would refuse. Answers are kept briefly per caller:
 * the audit is paged and filtered interactively, and one catalog round trip
 * per keystroke would dominate its cost.
 */
export class CatalogVisibility {
  private readonly cache = new Map<
    string,
    { at: number; key: string; refs: Set<string> }
  >();

  constructor(
    private readonly catalog: CatalogService,
    private readonly permissions: PermissionsService,
    private readonly now: () => number = Date.now,
  ) {}

  async visible(
    refs: string[],
    refsKey: string,
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const principal = principalKey(credentials);
    const cached = principal ? this.cache.get(principal) : undefined;
    if (cached && cached.key === refsKey && this.now() - cached.at < TTL_MS) {
      return cached.refs;
    }
    const visible = new Set<string>();
    if (refs.length > 0) {
      const { items } = await this.catalog.getEntitiesByRefs(
        {
          entityRefs: refs,
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
          if (decisions[i]?.result === AuthorizeResult.ALLOW) visible.add(ref);
        });
      }
    }
    if (principal) {
      if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
      this.cache.set(principal, {
        at: this.now(),
        key: refsKey,
        refs: visible,
      });
    }
    return visible;
  }
}
