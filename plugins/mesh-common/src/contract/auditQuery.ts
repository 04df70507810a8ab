import type { AuditQuery, AuditRow, CoverageBreakdown } from '../types/api';
import type { CoverageClass, CoverageCounts } from '../types/model';
import { countCoverage } from './coverageCounts';
import { UNOWNED_KEY } from './vocabulary';

/** Key of unowned workloads in the owner and system filters. */
const UNOWNED = UNOWNED_KEY;

/**
 * Whether an audit row passes the query's filters (`GET /audit`).
 * @public
 */
export function matchesAuditQuery(row: AuditRow, query: AuditQuery): boolean {
  const inList = (list: string[] | undefined, value: string | undefined) =>
    !list || list.length === 0 || (value !== undefined && list.includes(value));
  if (!inList(query.cluster, row.cluster)) return false;
  if (!inList(query.namespace, row.namespace)) return false;
  if (query.owner?.length) {
    const owner = row.owner ?? UNOWNED;
    if (!query.owner.includes(owner)) return false;
  }
  if (query.system?.length) {
    const system = row.system ?? UNOWNED;
    if (!query.system.includes(system)) return false;
  }
  if (query.state?.length && !query.state.includes(row.coverage)) return false;
  if (
    query.notStrict &&
    (row.coverage === 'strict' || row.coverage === 'infrastructure')
  ) {
    return false;
  }
  if (query.q) {
    const needle = query.q.toLocaleLowerCase('en-US');
    const haystack = [
      row.workload,
      row.entityRef,
      row.entityTitle,
      row.namespace,
      row.owner,
      row.cluster,
      row.system,
    ];
    if (
      !haystack.some(
        value => value && value.toLocaleLowerCase('en-US').includes(needle),
      )
    ) {
      return false;
    }
  }
  return true;
}

const COVERAGE_ORDER: Record<CoverageClass, number> = {
  outside: 0,
  'meshed-not-strict': 1,
  strict: 2,
  infrastructure: 3,
};

type SortKey = NonNullable<AuditQuery['sort']>;

const SORT_VALUE: Record<SortKey, (row: AuditRow) => string | number> = {
  workload: row => row.workload,
  entity: row => row.entityRef ?? '',
  owner: row => row.owner ?? '',
  cluster: row => row.cluster,
  namespace: row => row.namespace,
  coverage: row => COVERAGE_ORDER[row.coverage] ?? 9,
  mode: row => row.mode,
  observedMtlsShare: row => row.observedMtlsShare ?? -1,
  observedOutboundMtlsShare: row => row.observedOutboundMtlsShare ?? -1,
  findings: row => row.findings,
};

/**
 * Sorts audit rows in place by the query's key and order; ties by workload id.
 * @public
 */
export function sortAuditRows(rows: AuditRow[], query: AuditQuery): AuditRow[] {
  const value = SORT_VALUE[query.sort ?? 'cluster'];
  const direction = query.order === 'desc' ? -1 : 1;
  return rows.sort((a, b) => {
    const left = value(a);
    const right = value(b);
    let result = 0;
    if (typeof left === 'number' && typeof right === 'number') {
      result = left - right;
    } else {
      result = String(left).localeCompare(String(right));
    }
    if (result === 0 && !query.sort) {
      result =
        a.namespace.localeCompare(b.namespace) ||
        a.workload.localeCompare(b.workload);
    }
    return result * direction || a.workloadId.localeCompare(b.workloadId);
  });
}

/**
 * The audit's totals and its breakdowns by owner, cluster, namespace and
 * system over `rows`, counted by the one coverage counter.
 * @public
 */
export function summarizeAuditCoverage(rows: AuditRow[]): {
  totals: CoverageCounts;
  byOwner: CoverageBreakdown;
  byCluster: CoverageBreakdown;
  byNamespace: CoverageBreakdown;
  bySystem: CoverageBreakdown;
} {
  const { totals, by } = countCoverage(rows, {
    owner: row => row.owner ?? UNOWNED,
    cluster: row => row.cluster,
    namespace: row => row.namespace,
    system: row => row.system ?? UNOWNED,
  });
  const breakdown = (groups: Map<string, CoverageCounts>): CoverageBreakdown =>
    Object.fromEntries(groups);
  return {
    totals,
    byOwner: breakdown(by.owner),
    byCluster: breakdown(by.cluster),
    byNamespace: breakdown(by.namespace),
    bySystem: breakdown(by.system),
  };
}
