/**
 * A simulated Kubernetes API server: serves plain YAML manifests over the real
 * REST conventions (discovery, list/get, selectors, pagination, `Status`
 * errors), one loopback port and bearer token per cluster, with fault switches
 * for tests.
 *
 * @packageDocumentation
 */

export { startSimulator } from './simulator';
export type {
  Simulator,
  SimulatorOptions,
  SimulatedClusterOptions,
  SimulatedClusterState,
  SimulatorWatchOptions,
} from './simulator';
export type { ObjectReference } from './clusterState';
export { loadClusterObjects } from './loadClusterObjects';
export type {
  LoadClusterObjectsOptions,
  LoadedClusterObjects,
} from './loadClusterObjects';
export { parseFault } from './faults';
export type { Fault } from './faults';
export type { KubeObject } from './normalize';
export { RESOURCE_DEFINITIONS } from './resources';
export type { ResourceDefinition } from './resources';
