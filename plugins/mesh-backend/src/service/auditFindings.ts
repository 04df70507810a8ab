import {
  MESH_REQUEST_LIMITS,
  type AuditFinding,
  type AuditFindingWorkload,
  type AuditFindingsQuery,
  type AuditFindingsResponse,
  type AuditRow,
  type Finding,
  type FindingSeverity,
} from '@mesh-portal/plugin-mesh-common';
import type { WorkloadIndex } from '../snapshot/WorkloadIndex';
import { scopeFinding, type CallerAccess } from './access';

const SEVERITY_ORDER: Record<FindingSeverity, number> = {
  error: 0,
  warning: 1,
  info: 2,
};

function affectedOf(row: AuditRow): AuditFindingWorkload {
  const { workloadId, cluster, namespace, kind, workload } = row;
  const affected: AuditFindingWorkload = {
    workloadId,
    cluster,
    namespace,
    kind,
    workload,
  };
  if (row.entityRef) affected.entityRef = row.entityRef;
  if (row.entityTitle) affected.entityTitle = row.entityTitle;
  return affected;
}

/**
 * The distinct findings of `rows` (the audit rows matching the filters, all
 * visible to the caller), each listed once with the rows it touches, most
 * severe first, then paged. The same findings the headline counts: a finding
 * touching several workloads is one finding here and one in each row's count.
 */
export function listAuditFindings(
  rows: AuditRow[],
  index: WorkloadIndex,
  query: AuditFindingsQuery,
  access: CallerAccess,
): AuditFindingsResponse {
  const rowsById = new Map(rows.map(row => [row.workloadId, row]));
  const wanted = query.workload
    ? rows.filter(row => row.workloadId === query.workload)
    : rows;
  const distinct = new Set<Finding>();
  for (const row of wanted) {
    for (const finding of index.findingsByWorkload.get(row.workloadId) ?? []) {
      if (!query.severity || finding.severity === query.severity) {
        distinct.add(finding);
      }
    }
  }
  // A Service named by a finding is visible through the workloads it selects.
  const services = new Map(
    index.model.services.map(s => [`${s.cluster}/${s.namespace}/${s.name}`, s]),
  );
  const items: AuditFinding[] = [];
  const touched = new Set<string>();
  for (const finding of distinct) {
    const scoped = scopeFinding(finding, access, services);
    if (!scoped) continue;
    // Only the matching rows: a finding's other workloads are in other
    // filters' views (or hidden from the caller).
    const affected = [...new Set(finding.workloads ?? [])]
      .map(id => rowsById.get(id))
      .filter((row): row is AuditRow => row !== undefined);
    affected.forEach(row => touched.add(row.workloadId));
    items.push({
      ...scoped,
      workloads: affected.map(row => row.workloadId),
      affected: affected.map(affectedOf),
    });
  }
  items.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.code.localeCompare(b.code) ||
      a.message.localeCompare(b.message),
  );
  const offset = query.offset ?? 0;
  const limit = query.limit ?? MESH_REQUEST_LIMITS.auditPageSizeDefault;
  return {
    items: items.slice(offset, offset + limit),
    totalItems: items.length,
    workloads: touched.size,
  };
}
