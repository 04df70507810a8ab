export { EntityMeshCard } from './EntityMeshCard';
export type { EntityMeshCardProps } from './EntityMeshCard';
