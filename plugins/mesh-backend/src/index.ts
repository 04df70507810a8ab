/**
 * The mesh backend plugin: Istio membership, mTLS and traffic of every
 * catalog entity's workloads, read from all clusters.
 *
 * @packageDocumentation
 */

export { meshPlugin as default } from './plugin';
export { meshPlugin } from './plugin';
export { readMeshConfig, MeshConfigError } from './config';
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
} from './config';
export {
  meshHistoryExtensionPoint,
  meshSnapshotExtensionPoint,
} from './extensions';
export type {
  MeshHistoryExtensionPoint,
  MeshSnapshot,
  MeshSnapshotChange,
  MeshSnapshotEntity,
  MeshSnapshotExtensionPoint,
  MeshSnapshotListener,
} from './extensions';
export type {
  CoverageSummaryEntry,
  HistoryGroupBy,
  HistorySeeder,
  SeededCoveragePoint,
} from './history';
