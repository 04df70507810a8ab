export * from './entity';
export * from './entityMesh';
export * from './graph';
export * from './mockMeshApi';
export * from './edgeDetail';
export * from './readiness';
