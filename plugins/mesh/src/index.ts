/**
 * Istio service mesh on Backstage service pages: where a service runs,
 * whether it is in the mesh, its effective mTLS per port and why, its
 * traffic graph and what is misconfigured.
 *
 * @packageDocumentation
 */

export {
  meshPlugin,
  EntityMeshCard,
  EntityMeshContent,
  MeshAuditPage,
  MeshExplorerPage,
} from './plugin';
export {
  meshEntityContentRouteRef,
  meshAuditRouteRef,
  meshExplorerRouteRef,
} from './routes';
export { isMeshAvailable } from './conditions';
export { meshApiRef, MeshClient } from './api';
export type { MeshApi } from './api';
export type { EntityMeshCardProps } from './components/EntityMeshCard';
export type { EntityMeshContentProps } from './components/EntityMeshContent';
export type {
  TrafficDepth,
  TrafficView,
  TrafficWindow,
} from './components/EntityMeshContent/TrafficControls';
export type { MeshAuditPageProps } from './components/MeshAuditPage';
export type { MeshExplorerPageProps } from './components/MeshExplorerPage';
