import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/**
 * Read the mesh view (placement, membership, mTLS, traffic) of one catalog entity.
 *
 * A resource permission on catalog entities, so a policy can decide per entity
 * (for example with the catalog's `isEntityOwner` rule). The caller must also be
 * able to read the entity itself in the catalog.
 * @public
 */
export const meshEntityReadPermission = createPermission({
  name: 'mesh.entity.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Read the mesh-wide mTLS audit, the explorer graph and the CSV export.
 * @public
 */
export const meshAuditReadPermission = createPermission({
  name: 'mesh.audit.read',
  attributes: { action: 'read' },
});

/**
 * Every permission of the mesh plugins, for `permissionsRegistry.addPermissions`.
 * @public
 */
export const meshPermissions = [
  meshEntityReadPermission,
  meshAuditReadPermission,
];
