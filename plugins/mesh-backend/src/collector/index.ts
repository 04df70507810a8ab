export { collectCluster } from './collectCluster';
export type { ClusterCollection, CollectOptions } from './collectCluster';
export {
  ClusterReadError,
  redact,
  withoutSecretFragments,
} from './describeError';
export { ClusterWatcher } from './watch/ClusterWatcher';
export type {
  ClusterWatchOptions,
  WatchedClusterRead,
} from './watch/ClusterWatcher';
export type { WatchRequestCounts } from './watch/KindWatch';
