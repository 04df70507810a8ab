export { SnapshotManager } from './SnapshotManager';
export type {
  ClusterList,
  CollectCluster,
  ComputeModel,
  MeshView,
  RefreshListener,
  SnapshotManagerOptions,
  WatchedClusterUpdate,
} from './SnapshotManager';
export { DatabaseLease } from './DatabaseLease';
export type { DatabaseLeaseOptions, Lease } from './DatabaseLease';
export { WatchRefresher } from './WatchRefresher';
export type { WatchRefresherOptions } from './WatchRefresher';
export { DatabaseSnapshotStore, objectsVersion } from './SnapshotStore';
export type { SnapshotStore, StoredClusterState } from './SnapshotStore';
export { WorkloadIndex, emptyWorkloadIndex } from './WorkloadIndex';
