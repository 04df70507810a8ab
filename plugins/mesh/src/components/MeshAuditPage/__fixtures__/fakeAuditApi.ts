import type {
  AuditQuery,
  AuditResponse,
  AuditRow,
  ClusterStatus,
  CoverageBreakdown,
  CoverageCounts,
  CoverageHistoryResponse,
  TelemetrySourceStatus,
} from '@mesh-portal/plugin-mesh-common';
import type { MeshApi } from '../../../api/MeshApi';
import { AUDIT_ROWS } from './auditRows';

/** The backend's breakdown key (and filter value) for "no owner" or "no system". */
export const UNOWNED = 'unowned';

const emptyCounts = (): CoverageCounts => ({
  strict: 0,
  meshedNotStrict: 0,
  outside: 0,
  infrastructure: 0,
  total: 0,
});

function addTo(counts: CoverageCounts, row: AuditRow) {
  counts.total += 1;
  if (row.coverage === 'strict') counts.strict += 1;
  else if (row.coverage === 'meshed-not-strict') counts.meshedNotStrict += 1;
  else if (row.coverage === 'outside') counts.outside += 1;
  else counts.infrastructure += 1;
}

function breakdown(
  rows: AuditRow[],
  key: (row: AuditRow) => string | undefined,
): CoverageBreakdown {
  const result: CoverageBreakdown = {};
  for (const row of rows) {
    const k = key(row) ?? '';
    result[k] = result[k] ?? emptyCounts();
    addTo(result[k], row);
  }
  return result;
}

function matches(row: AuditRow, query: AuditQuery): boolean {
  const inList = (list: string[] | undefined, value: string | undefined) =>
    !list?.length || (value !== undefined && list.includes(value));
  if (!inList(query.owner, row.owner ?? UNOWNED)) return false;
  if (!inList(query.cluster, row.cluster)) return false;
  if (!inList(query.namespace, row.namespace)) return false;
  if (!inList(query.system, row.system ?? UNOWNED)) return false;
  if (query.state?.length && !query.state.includes(row.coverage)) return false;
  if (
    query.notStrict &&
    (row.coverage === 'strict' || row.coverage === 'infrastructure')
  ) {
    return false;
  }
  if (query.q) {
    const q = query.q.toLowerCase();
    const text = [row.workload, row.entityRef, row.namespace, row.owner]
      .filter(Boolean)
      .join(' ')
      .toLowerCase();
    if (!text.includes(q)) return false;
  }
  return true;
}

/** Both fixture clusters, healthy. */
export const FIXTURE_CLUSTERS: ClusterStatus[] = [
  { name: 'platform', ok: true, stale: false, ageSeconds: 12 },
  { name: 'compute', ok: true, stale: false, ageSeconds: 12 },
];

/**
 * Answers an audit query over `rows` the way the backend does: filter, then
 * totals and breakdowns over the filtered rows, then sort and page.
 */
export function answerAudit(
  query: AuditQuery = {},
  rows: AuditRow[] = AUDIT_ROWS,
  clusters: ClusterStatus[] = FIXTURE_CLUSTERS,
): AuditResponse {
  const filtered = rows.filter(row => matches(row, query));
  const totals = emptyCounts();
  filtered.forEach(row => addTo(totals, row));
  const sortKey = query.sort ?? 'workload';
  const direction = query.order === 'desc' ? -1 : 1;
  const value = (row: AuditRow): string | number => {
    switch (sortKey) {
      case 'entity':
        return row.entityRef ?? '';
      case 'observedMtlsShare':
        return row.observedMtlsShare ?? -1;
      case 'findings':
        return row.findings;
      default:
        return String(row[sortKey as keyof AuditRow] ?? '');
    }
  };
  const sorted = [...filtered].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va < vb) return -direction;
    if (va > vb) return direction;
    return a.workloadId.localeCompare(b.workloadId);
  });
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 25;
  const withTelemetry = filtered.filter(r => r.observedMtlsShare !== undefined);
  return {
    items: sorted.slice(offset, offset + limit),
    totalItems: filtered.length,
    totals,
    byOwner: breakdown(filtered, r => r.owner ?? UNOWNED),
    byCluster: breakdown(filtered, r => r.cluster),
    byNamespace: breakdown(filtered, r => r.namespace),
    bySystem: breakdown(filtered, r => r.system ?? UNOWNED),
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
