import {
  UNOWNED_KEY,
  matchesAuditQuery,
  sortAuditRows,
  summarizeAuditCoverage,
} from '@mesh-portal/plugin-mesh-common';
import type {
  AuditQuery,
  AuditResponse,
  AuditRow,
  ClusterStatus,
  CoverageHistoryResponse,
  TelemetrySourceStatus,
} from '@mesh-portal/plugin-mesh-common';
import type { MeshApi } from '../../../api/MeshApi';
import { AUDIT_ROWS } from './auditRows';

/** The backend's breakdown key (and filter value) for "no owner" or "no system". */
export const UNOWNED = UNOWNED_KEY;

/** Both fixture clusters, healthy. */
export const FIXTURE_CLUSTERS: ClusterStatus[] = [
  { name: 'platform', ok: true, stale: false, ageSeconds: 12 },
  { name: 'compute', ok: true, stale: false, ageSeconds: 12 },
];

/**
 * Answers an audit query over `rows` the way the backend does, with the
 * backend's own filter, sort and counter: filter, then totals and breakdowns
 * over the filtered rows, then sort and page.
 */
export function answerAudit(
  query: AuditQuery = {},
  rows: AuditRow[] = AUDIT_ROWS,
  clusters: ClusterStatus[] = FIXTURE_CLUSTERS,
): AuditResponse {
  // The backend's own filter and sort (mesh-common), so the UI tests see the
  // rows the backend would return.
  const filtered = rows.filter(row => matchesAuditQuery(row, query));
  const sorted = sortAuditRows([...filtered], query);
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 25;
  const withTelemetry = filtered.filter(r => r.observedMtlsShare !== undefined);
  return {
    items: sorted.slice(offset, offset + limit),
    totalItems: filtered.length,
    ...summarizeAuditCoverage(filtered),
    findingsBySeverity: {
      error: filtered.filter(r => r.findings > 1).length,
      warning: filtered.filter(r => r.findings === 1).length,
      info: 0,
    },
    observedMtlsShare: withTelemetry.length
      ? withTelemetry.reduce((sum, r) => sum + (r.observedMtlsShare ?? 0), 0) /
        withTelemetry.length
      : undefined,
    clusters,
  };
}

/** Seven days of history for the whole mesh and the three owners. */
export const FIXTURE_HISTORY: CoverageHistoryResponse = {
  series: {
    all: Array.from({ length: 7 }, (_, day) => ({
      time: new Date(Date.UTC(2026, 10, 19 + day)).toISOString(),
      counts: {
        strict: 4 + day,
        meshedNotStrict: 6 - Math.floor(day / 2),
        outside: 8 - Math.floor(day / 2),
        infrastructure: 2,
        total: 20,
      },
    })),
  },
};

/** A MeshApi double whose audit methods answer from the fixtures. */
export type FakeAuditApi = jest.Mocked<
  Pick<
    MeshApi,
    'getAudit' | 'getAuditHistory' | 'exportAuditCsv' | 'getClusters'
  >
>;

/**
 * Creates a {@link FakeAuditApi}; pass overrides to simulate errors.
 */
export function createFakeAuditApi(
  overrides: Partial<{
    rows: AuditRow[];
    clusters: ClusterStatus[];
    history: CoverageHistoryResponse;
    sources: TelemetrySourceStatus[];
  }> = {},
): FakeAuditApi {
  return {
    getAudit: jest.fn(async (query?: AuditQuery) => ({
      ...answerAudit(query, overrides.rows, overrides.clusters),
      ...(overrides.sources ? { sources: overrides.sources } : {}),
    })),
    getAuditHistory: jest.fn(async () => overrides.history ?? FIXTURE_HISTORY),
    exportAuditCsv: jest.fn(
      async () => 'workload,cluster\nweb-frontend,platform\n',
    ),
    getClusters: jest.fn(async () => ({
      clusters: overrides.clusters ?? FIXTURE_CLUSTERS,
      findings: [],
    })),
  };
}
