import type { MeshApi } from '../src/api/MeshApi';
import { createMockMeshApi } from '../src/__fixtures__';
import {
  answerAudit,
  answerAuditFindings,
  FIXTURE_CLUSTERS,
  FIXTURE_HISTORY,
} from '../src/components/MeshAuditPage/__fixtures__/fakeAuditApi';
import { graphResponse } from '../src/components/MeshExplorerPage/__fixtures__/graphFixtures';

/**
 * The {@link MeshApi} of the dev app: every method answers from the same
 * fixtures the tests use, so the card, the tab and both pages render without
 * a backend. The audit is filtered, sorted and paged like the backend does.
 */
export function createDevMeshApi(): MeshApi {
  return createMockMeshApi({
    getAudit: async query => answerAudit(query),
    getAuditFindings: async query => answerAuditFindings(query),
    getAuditHistory: async () => FIXTURE_HISTORY,
    exportAuditCsv: async () =>
      'workload,cluster,namespace,coverage\nweb-frontend,platform,web,strict\n',
    getMeshGraph: async () => graphResponse(),
    getClusters: async () => ({ clusters: FIXTURE_CLUSTERS, findings: [] }),
  });
}
