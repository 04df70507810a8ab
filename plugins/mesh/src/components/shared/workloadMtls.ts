import type { MtlsMode, Workload } from '@mesh-portal/plugin-mesh-common';

/**
 * The workload-level mode as people read it: the ports' common mode, or
 * `MIXED` when a port-level exception makes them differ; the workload
 * decision when no port is known.
 * @public
 */
export function workloadMtlsMode(workload: Workload): MtlsMode | 'MIXED' {
  const modes = new Set(workload.mtls.ports.map(port => port.decision.mode));
  if (modes.size === 0) {
    return workload.mtls.workload.mode;
  }
  if (modes.size > 1) {
    return 'MIXED';
  }
  return [...modes][0];
}

/**
 * One sentence for the workload-level chip: the workload decision's reason,
 * plus which ports differ.
 * @public
 */
export function workloadMtlsReason(workload: Workload): string {
  const base = workload.mtls.workload.reason;
  const exceptions = workload.mtls.ports.filter(
    port => port.decision.mode !== workload.mtls.workload.mode,
  );
  if (exceptions.length === 0) {
    return base;
  }
  const list = exceptions
    .map(port => `port ${port.port} is ${port.decision.mode}`)
    .join(', ');
  return `${base}; except ${list}`;
}
