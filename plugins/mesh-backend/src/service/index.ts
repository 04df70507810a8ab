export { createMeshService } from './createMeshService';
export type { MeshServiceOptions } from './createMeshService';
export type {
  EntityGraphQuery,
  HistoryRequest,
  MeshRequestOptions,
  MeshService,
} from './types';
