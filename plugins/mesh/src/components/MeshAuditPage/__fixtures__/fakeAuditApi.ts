import {
  UNOWNED_KEY,
  matchesAuditQuery,
  sortAuditRows,
  summarizeAuditCoverage,
} from '@mesh-portal/plugin-mesh-common';
import type {
  AuditFinding,
  AuditFindingsQuery,
  AuditFindingsResponse,
  AuditQuery,
  AuditResponse,
  AuditRow,
  Finding,
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
 * The findings behind the rows' counts, as the backend's model would hold
 * them: one warning per namespace shared by every row of it with a finding
 * (so one finding touches several workloads), and one error of its own for
 * each further finding of a row.
 */
export function fixtureFindings(rows: AuditRow[] = AUDIT_ROWS): Finding[] {
  const withFindings = rows.filter(row => row.findings > 0);
  const namespaces = [
    ...new Set(withFindings.map(row => `${row.cluster}/${row.namespace}`)),
  ];
  const shared: Finding[] = namespaces.map(key => {
    const [cluster, namespace] = key.split('/');
    return {
      code: 'MESH-NAMESPACE-PERMISSIVE',
      severity: 'warning',
      cluster,
      message: `Namespace ${namespace} accepts plaintext (PERMISSIVE).`,
      fix: `Apply a STRICT PeerAuthentication in ${namespace}.`,
      objects: [],
      workloads: withFindings
        .filter(row => `${row.cluster}/${row.namespace}` === key)
        .map(row => row.workloadId),
    };
  });
  const own: Finding[] = withFindings.flatMap(row =>
    Array.from({ length: row.findings - 1 }, (_, i) => ({
      code: `MESH-OWN-${i + 1}`,
      severity: 'error' as const,
      cluster: row.cluster,
      message: `${row.workload} has problem ${i + 1}.`,
      fix: `Fix problem ${i + 1} of ${row.workload}.`,
      objects: [],
      workloads: [row.workloadId],
    })),
  );
  return [...shared, ...own];
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };

/**
 * Answers `GET /audit/findings` over `rows` the way the backend does: the
 * distinct findings of the matching rows, each with the matching rows it
 * touches, most severe first, paged.
 */
export function answerAuditFindings(
  query: AuditFindingsQuery = {},
  rows: AuditRow[] = AUDIT_ROWS,
): AuditFindingsResponse {
  const matching = rows.filter(row => matchesAuditQuery(row, query));
  const byId = new Map(matching.map(row => [row.workloadId, row]));
  const items: AuditFinding[] = fixtureFindings(rows)
    .filter(finding => !query.severity || finding.severity === query.severity)
    .filter(finding =>
      (finding.workloads ?? []).some(
        id => byId.has(id) && (!query.workload || id === query.workload),
      ),
    )
    .map(finding => {
      const affected = (finding.workloads ?? []).flatMap(id => {
        const row = byId.get(id);
        return row
          ? [
              {
                workloadId: row.workloadId,
                cluster: row.cluster,
                namespace: row.namespace,
                kind: row.kind,
                workload: row.workload,
                entityRef: row.entityRef,
                entityTitle: row.entityTitle,
              },
            ]
          : [];
      });
      return {
        ...finding,
        workloads: affected.map(a => a.workloadId),
        affected,
      };
    })
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
        a.code.localeCompare(b.code) ||
        a.message.localeCompare(b.message),
    );
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 100;
  return {
    items: items.slice(offset, offset + limit),
    totalItems: items.length,
    workloads: new Set(items.flatMap(item => item.workloads ?? [])).size,
  };
}

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
    findingsBySeverity: countBySeverity(
      answerAuditFindings({ ...query, offset: 0, limit: 10_000 }, rows).items,
    ),
    workloadsWithFindings: filtered.filter(r => r.findings > 0).length,
    observedMtlsShare: withTelemetry.length
      ? withTelemetry.reduce((sum, r) => sum + (r.observedMtlsShare ?? 0), 0) /
        withTelemetry.length
      : undefined,
    clusters,
  };
}

function countBySeverity(findings: Finding[]) {
  const counts = { error: 0, warning: 0, info: 0 };
  findings.forEach(finding => counts[finding.severity]++);
  return counts;
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
    | 'getAudit'
    | 'getAuditFindings'
    | 'getAuditHistory'
    | 'exportAuditCsv'
    | 'getClusters'
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
    getAuditFindings: jest.fn(async (query?: AuditFindingsQuery) =>
      answerAuditFindings(query, overrides.rows),
    ),
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
