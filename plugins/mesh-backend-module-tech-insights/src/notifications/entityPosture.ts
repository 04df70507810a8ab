import type { EntityMeshResponse } from '@mesh-portal/plugin-mesh-common';
import {
  applicationWorkloads,
  isMeshed,
  isStrict,
} from '../facts/entityMeshFacts';

/**
 * What the regression detector compares of one entity between two snapshots:
 * per workload whether it is meshed and STRICT on every port, and the error
 * findings by identity (code and objects), so a finding that stays is not new.
 * @public
 */
export interface EntityPosture {
  workloads: Record<string, { meshed: boolean; strict: boolean }>;
  errorFindings: string[];
}

/**
 * The posture of an entity's part of a snapshot; undefined without
 * workloads. Workloads another entity claims too are left out, with the
 * error findings touching only them: mesh shows such a workload only to
 * people who may read every claimant, and a notification cannot ask.
 */
export function entityPosture(
  view: Pick<EntityMeshResponse, 'workloads' | 'findings'> & {
    contestedWorkloads?: readonly string[];
  },
): EntityPosture | undefined {
  const contested = new Set(view.contestedWorkloads ?? []);
  const workloads = applicationWorkloads(view.workloads).filter(
    w => !contested.has(w.id),
  );
  if (workloads.length === 0) return undefined;
  const errorFindings = view.findings
    .filter(f => f.severity === 'error')
    .filter(
      f => !f.workloads?.length || f.workloads.some(id => !contested.has(id)),
    )
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
