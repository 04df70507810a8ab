import {
  meshAuditReadPermission,
  meshEntityReadPermission,
  meshPermissions,
} from './permissions';

describe('mesh permissions', () => {
  it('makes mesh.entity.read a resource permission on catalog entities, so policies can decide per entity', () => {
    expect(meshEntityReadPermission).toEqual({
      type: 'resource',
      name: 'mesh.entity.read',
      attributes: { action: 'read' },
      resourceType: 'catalog-entity',
    });
  });

  it('makes mesh.audit.read a basic permission', () => {
    expect(meshAuditReadPermission).toEqual({
      type: 'basic',
      name: 'mesh.audit.read',
      attributes: { action: 'read' },
    });
  });

  it('lists every permission once for registration', () => {
    expect(meshPermissions.map(p => p.name)).toEqual([
      'mesh.entity.read',
      'mesh.audit.read',
    ]);
  });
});
