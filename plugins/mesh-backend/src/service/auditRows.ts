import {
  matchesAuditQuery,
  sortAuditRows,
  summarizeAuditCoverage,
} from '@mesh-portal/plugin-mesh-common';
import type {
  AuditRow,
  Finding,
  MtlsMode,
  Workload,
} from '@mesh-portal/plugin-mesh-common';
import type { EntityInfo } from '../entities';

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
  observedOutboundMtlsShare?: number,
): AuditRow {
  const decision = workload.mtls.workload;
  const { state, nativeSidecar } = workload.membership;
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
    observedOutboundMtlsShare,
    // Said only where there are injected proxies to tell apart.
    nativeSidecar:
      state === 'sidecar' || state === 'partial' ? nativeSidecar : undefined,
    findings,
  };
}

// The audit's filter and sort are part of the wire contract (the frontend's
// test doubles apply them too), so they live in mesh-common.
export { matchesAuditQuery, sortAuditRows };

/** Totals and breakdowns over rows: the audit's summary, shared with mesh-common. */
export const summarizeRows = summarizeAuditCoverage;

/** Counts distinct findings by severity. */
export function countFindings(findings: Iterable<Finding>) {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const finding of new Set(findings)) {
    if (finding.severity in counts) counts[finding.severity]++;
  }
  return counts;
}
