export { ClusterDirectory } from './ClusterDirectory';
export type { ClusterDirectoryOptions, FindClusters } from './ClusterDirectory';
export { createClusterFinder } from './createClusterFinder';
export type { ClusterFinderOptions } from './createClusterFinder';
export { createClusterCredentials } from './clusterCredentials';
export type {
  ClusterCredentials,
  ClusterCredentialsOptions,
} from './clusterCredentials';
export { checkApiServerUrl, isNonPublicAddress } from './apiServerUrl';
export { catalogEntityToCluster } from './catalogClusters';
