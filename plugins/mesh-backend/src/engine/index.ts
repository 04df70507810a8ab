/**
 * The Istio semantics engine: a pure, synchronous function from the plain
 * Kubernetes and Istio objects of one or more clusters to the mesh model
 * (membership, effective mTLS per port, client TLS, findings).
 */
export { computeMeshModel } from './computeMeshModel';
export { EngineMemo } from './engineMemo';
export { emptyClusterObjects } from './emptyClusterObjects';
export { countCoverage, coverageOf, UNOWNED_KEY } from './coverage';
export type { CoverageTally } from './coverage';
export { FINDING_CODES } from './findings/codes';
export type { FindingCode } from './findings/codes';
export type { ClusterObjects, EngineOptions } from './types';
export type {
  CoverageCounts,
  Finding,
  MeshModel,
  Workload,
} from '@mesh-portal/plugin-mesh-common';
