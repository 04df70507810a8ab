export { MeshAuditPage } from './MeshAuditPage';
export type { MeshAuditPageProps } from './MeshAuditPage';
