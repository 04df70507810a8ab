export { createMeshService } from './createMeshService';
export type { MeshServiceOptions } from './createMeshService';
export type { MeshRequestOptions, MeshService } from './types';
export { withVisibleOwners } from './historyVisibility';
