export { usePolledAsync } from './usePolledAsync';
export type { PolledAsyncState } from './usePolledAsync';
export {
  DEFAULT_REFRESH_INTERVAL_MS,
  useRefreshInterval,
} from './useRefreshInterval';
export {
  useEntityGraph,
  useEntityMesh,
  useEntityReadiness,
  useInboundMtls,
} from './useEntityMeshData';
export {
  LIVE_SAFETY_INTERVAL_MS,
  liveRefreshInterval,
  useMeshLiveUpdates,
  useReloadOnUpdate,
} from './useMeshLiveUpdates';
export type { MeshLiveUpdates } from './useMeshLiveUpdates';
