export { SnapshotManager } from './SnapshotManager';
export type {
  ClusterList,
  CollectCluster,
  ComputeModel,
  MeshView,
  RefreshListener,
  SnapshotManagerOptions,
} from './SnapshotManager';
export { DatabaseSnapshotStore, objectsVersion } from './SnapshotStore';
export type { SnapshotStore, StoredClusterState } from './SnapshotStore';
export { WorkloadIndex, emptyWorkloadIndex } from './WorkloadIndex';
