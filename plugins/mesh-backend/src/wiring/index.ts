export { createMeshBackend } from './createMeshBackend';
export type {
  MeshBackend,
  MeshBackendDependencies,
  MeshBackendOverrides,
} from './createMeshBackend';
export { publishSnapshots } from './publishSnapshots';
