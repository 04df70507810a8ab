export { createMeshFactRetriever } from './meshFactRetriever';
export {
  MESH_FACT_RETRIEVER_ID,
  meshFactNames,
  meshFactSchema,
} from './factSchema';
export { entityMeshFacts, type MeshFactValues } from './entityMeshFacts';
