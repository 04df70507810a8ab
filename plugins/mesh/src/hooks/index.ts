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
