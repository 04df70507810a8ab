import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  meshAuditReadPermission,
  meshEntityReadPermission,
} from '@mesh-portal/plugin-mesh-common';
import {
  MeshDemoPermissionPolicy,
  RESTRICTED_ANNOTATION,
} from './MeshDemoPermissionPolicy';

function policyFor(ownershipEntityRefs: string[]) {
  return new MeshDemoPermissionPolicy(
    mockServices.userInfo({
      userEntityRef: 'user:default/alice',
      ownershipEntityRefs,
    }),
  );
}

const alice = {
  credentials: mockCredentials.user('user:default/alice'),
  info: {
    userEntityRef: 'user:default/alice',
    ownershipEntityRefs: [],
  },
};

describe('MeshDemoPermissionPolicy', () => {
  it('allows mesh.audit.read to a member of a group', async () => {
    const policy = policyFor(['user:default/alice', 'group:default/team-web']);
    await expect(
      policy.handle({ permission: meshAuditReadPermission }, alice),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('denies mesh.audit.read to a user in no group', async () => {
    const policy = policyFor(['user:default/alice']);
    await expect(
      policy.handle({ permission: meshAuditReadPermission }, alice),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('denies mesh.audit.read without a user', async () => {
    const policy = policyFor(['group:default/team-web']);
    await expect(
      policy.handle({ permission: meshAuditReadPermission }),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('makes mesh.entity.read conditional on ownership or the restricted annotation', async () => {
    const policy = policyFor(['user:default/alice', 'group:default/team-web']);
    const decision = await policy.handle(
      { permission: meshEntityReadPermission },
      alice,
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        anyOf: [
          {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'catalog-entity',
            params: {
              claims: ['user:default/alice', 'group:default/team-web'],
            },
          },
          {
            not: {
              rule: 'HAS_ANNOTATION',
              resourceType: 'catalog-entity',
              params: { annotation: RESTRICTED_ANNOTATION, value: 'true' },
            },
          },
        ],
      },
    });
  });

  it('allows other permissions, such as reading the catalog', async () => {
    const policy = policyFor([]);
    await expect(
      policy.handle({ permission: catalogEntityReadPermission }, alice),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });
});
