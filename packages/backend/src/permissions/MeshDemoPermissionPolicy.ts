import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  meshAuditReadPermission,
  meshEntityReadPermission,
} from '@mesh-portal/plugin-mesh-common';

/**
 * Entities carrying this annotation with the value `"true"` show their mesh
 * data to their owners only.
 */
export const RESTRICTED_ANNOTATION = 'mesh.demo/restricted';

/**
 * The demo portal's permission policy.
 *
 * - `mesh.audit.read`: only members of a group (team leads and their teams);
 *   a signed-in user who belongs to no group is denied.
 * - `mesh.entity.read`: everyone, except for entities annotated
 *   {@link RESTRICTED_ANNOTATION}, which only their owners may see. This is a
 *   conditional decision, so the catalog evaluates it against the entity.
 * - Everything else is allowed, as in a typical internal portal.
 */
export class MeshDemoPermissionPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: UserInfoService) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (isPermission(request.permission, meshAuditReadPermission)) {
      const refs = await this.ownershipRefs(user);
      return refs.some(ref => ref.startsWith('group:'))
        ? { result: AuthorizeResult.ALLOW }
        : { result: AuthorizeResult.DENY };
    }

    if (
      isPermission(request.permission, meshEntityReadPermission) &&
      isResourcePermission(request.permission, 'catalog-entity')
    ) {
      const refs = await this.ownershipRefs(user);
      return createCatalogConditionalDecision(request.permission, {
        anyOf: [
          catalogConditions.isEntityOwner({ claims: refs }),
          {
            not: catalogConditions.hasAnnotation({
              annotation: RESTRICTED_ANNOTATION,
              value: 'true',
            }),
          },
        ],
      });
    }

    return { result: AuthorizeResult.ALLOW };
  }

  private async ownershipRefs(user?: PolicyQueryUser): Promise<string[]> {
    if (!user || !isUserCredentials(user.credentials)) {
      return [];
    }
    const info = await this.userInfo.getUserInfo(user.credentials);
    return info.ownershipEntityRefs;
  }
}

function isUserCredentials(
  credentials: BackstageCredentials,
): credentials is BackstageCredentials<BackstageUserPrincipal> {
  return (credentials.principal as { type?: string }).type === 'user';
}
