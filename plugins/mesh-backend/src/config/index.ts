export { readMeshConfig, MeshConfigError } from './readMeshConfig';
export type {
  MeshConfig,
  MeshClusterConfig,
  MeshLinksConfig,
  PrometheusEndpointConfig,
  SharedPrometheusConfig,
} from './types';
