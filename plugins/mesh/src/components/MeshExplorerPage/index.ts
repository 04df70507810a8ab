export { MeshExplorerPage } from './MeshExplorerPage';
export type { MeshExplorerPageProps } from './MeshExplorerPage';
