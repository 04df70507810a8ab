/**
 * Tech Insights facts (and, with the JSON rules engine, checks) from the mesh
 * posture of each catalog entity: membership, STRICT mTLS on every port,
 * findings, observed inbound mTLS and STRICT readiness, as the mesh backend
 * computed them; and a mesh module that notifies owners when that posture
 * regresses between two mesh snapshots.
 *
 * @packageDocumentation
 */

export { techInsightsModuleMeshFacts as default } from './module';
export { techInsightsModuleMeshFacts } from './module';
export { meshModulePostureNotifications } from './notificationsModule';
export {
  createMeshFactRetriever,
  MESH_FACT_RETRIEVER_ID,
  meshFactNames,
  meshFactSchema,
  type MeshFactValues,
} from './facts';
export { meshDefaultChecks, type JsonRulesCheckConfig } from './checks';
export {
  PostureNotifier,
  type PostureNotificationSettings,
  type EntityPosture,
} from './notifications';
