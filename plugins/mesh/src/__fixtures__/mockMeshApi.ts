import type { MeshApi } from '../api/MeshApi';
import { webFrontendMesh } from './entityMesh';
import { webFrontendGraph, webFrontendInboundMtls } from './graph';
import { edgeDetailFixture } from './edgeDetail';
import { readinessAudit, webFrontendReadiness } from './readiness';

/**
 * A {@link MeshApi} for tests and the dev app, answering with the web
 * frontend fixtures. Pass overrides to change single methods; methods
 * without a fixture reject so that an unexpected call fails the test.
 */
export function createMockMeshApi(overrides: Partial<MeshApi> = {}): MeshApi {
  const notMocked = (name: string) => () =>
    Promise.reject(new Error(`${name} is not mocked in this test`));
  return {
    getEntityMesh: async () => webFrontendMesh,
    getEntityGraph: async () => webFrontendGraph,
    getInboundMtls: async () => webFrontendInboundMtls,
    getEdgeDetail: async query =>
      edgeDetailFixture(query.source, query.destination),
    getEntityReadiness: async () => webFrontendReadiness,
    getReadinessAudit: async () => readinessAudit,
    getAudit: notMocked('getAudit'),
    getAuditFindings: notMocked('getAuditFindings'),
    getAuditHistory: notMocked('getAuditHistory'),
    exportAuditCsv: notMocked('exportAuditCsv'),
    getMeshGraph: async () => webFrontendGraph,
    getClusters: notMocked('getClusters'),
    ...overrides,
  };
}
