export { readMeshConfig, MeshConfigError } from './readMeshConfig';
export { backgroundAuth, toMeshCluster } from './clusterAuth';
export type {
  ClusterLocatorType,
  DynamicClusterLocatorConfig,
  MeshClusterSettings,
  ServiceLocatorMethod,
  MeshConfig,
  MeshCollectionConfig,
  MeshClusterConfig,
  MeshLinksConfig,
  PrometheusEndpointConfig,
  SharedPrometheusConfig,
} from './types';
