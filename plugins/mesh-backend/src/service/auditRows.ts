import { UNOWNED_KEY } from '@mesh-portal/plugin-mesh-common';
import type {
  AuditQuery,
  AuditRow,
  CoverageBreakdown,
  CoverageClass,
  CoverageCounts,
  Finding,
  MtlsMode,
  Workload,
} from '@mesh-portal/plugin-mesh-common';
import { countCoverage } from '../engine/coverage';
import type { EntityInfo } from '../entities';

/** Key of unowned workloads in the owner and system breakdowns. */
const UNOWNED = UNOWNED_KEY;

/** The audit's mode column: the workload-level mode, `MIXED` when ports differ. */
export function modeOf(workload: Workload): MtlsMode | 'MIXED' {
  const modes = new Set<MtlsMode>([workload.mtls.workload.mode]);
  for (const port of workload.mtls.ports) modes.add(port.decision.mode);
  return modes.size > 1 ? 'MIXED' : workload.mtls.workload.mode;
}

/** Builds one audit row; entity columns only when an entity is given. */
export function toAuditRow(
  workload: Workload,
  entity: EntityInfo | undefined,
  findings: number,
  observedMtlsShare: number | undefined,
): AuditRow {
  const decision = workload.mtls.workload;
  return {
    workloadId: workload.id,
    cluster: workload.cluster,
    namespace: workload.namespace,
    kind: workload.kind,
    workload: workload.name,
    entityRef: entity?.ref,
    entityTitle: entity?.title,
    owner: entity?.owner,
    system: entity?.system,
    membership: workload.membership.state,
    coverage: workload.coverage,
    mode: modeOf(workload),
    enforced: workload.mtls.enforced,
    decidedBy: decision.policy
      ? `${decision.policy.namespace ?? ''}/${decision.policy.name}`.replace(
          /^\//,
          '',
        )
      : 'default',
    decidedScope: decision.scope,
    observedMtlsShare,
    findings,
  };
}

/** Whether a row passes the query's filters. */
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
  findings: row => row.findings,
};

/** Sorts rows in place by the query's key and order; ties by workload id. */
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

/** Totals and breakdowns over rows, counted by the engine's one counter. */
export function summarizeRows(rows: AuditRow[]) {
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

/** Counts distinct findings by severity. */
export function countFindings(findings: Iterable<Finding>) {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const finding of new Set(findings)) {
    if (finding.severity in counts) counts[finding.severity]++;
  }
  return counts;
}
