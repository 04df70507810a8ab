import type { EntityMeshResponse } from '@mesh-portal/plugin-mesh-common';
import {
  applicationWorkloads,
  isMeshed,
  isStrict,
} from '../facts/entityMeshFacts';

/**
 * What the regression detector remembers of one entity between two readings:
 * per workload whether it is meshed and STRICT on every port, and the error
 * findings by identity (code and objects), so a finding that stays is not new.
 * @public
 */
export interface EntityPosture {
  workloads: Record<string, { meshed: boolean; strict: boolean }>;
  errorFindings: string[];
}

/** The posture of an entity's mesh view; undefined without workloads. */
export function entityPosture(
  view: Pick<EntityMeshResponse, 'workloads' | 'findings'>,
): EntityPosture | undefined {
  const workloads = applicationWorkloads(view.workloads);
  if (workloads.length === 0) return undefined;
  const errorFindings = view.findings
    .filter(f => f.severity === 'error')
    .map(f => {
      const objects = f.objects
        .map(o => `${o.cluster}/${o.namespace ?? ''}/${o.kind}/${o.name}`)
        .sort()
        .join(',');
      return `${f.code} ${f.cluster ?? ''} ${objects}`;
    });
  return {
    workloads: Object.fromEntries(
      workloads.map(w => [w.id, { meshed: isMeshed(w), strict: isStrict(w) }]),
    ),
    errorFindings: [...new Set(errorFindings)].sort(),
  };
}
