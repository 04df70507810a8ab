import type {
  EntityMeshResponse,
  EntityReadinessResponse,
  Finding,
  Workload,
} from '@mesh-portal/plugin-mesh-common';
import { meshFactNames } from './factSchema';
import { strictReadiness } from './strictReadiness';

/**
 * The mesh facts of one entity, keyed by {@link meshFactNames}.
 * @public
 */
export type MeshFactValues = Record<string, number | boolean>;

/** Workloads that count for posture: Istio's own pods never do. */
export function applicationWorkloads(
  workloads: readonly Workload[],
): Workload[] {
  return workloads.filter(w => w.coverage !== 'infrastructure');
}

/** Every pod runs with a proxy or in ambient mode (M6-M8). */
export function isMeshed(workload: Workload): boolean {
  const state = workload.membership.state;
  return state === 'sidecar' || state === 'ambient';
}

/** Meshed and STRICT on every port: the audit's `strict` class. */
export function isStrict(workload: Workload): boolean {
  return workload.coverage === 'strict';
}

function countSeverity(
  findings: readonly Finding[],
  severity: Finding['severity'],
) {
  return findings.filter(f => f.severity === severity).length;
}

/**
 * Turns an entity's mesh view (and, where telemetry exists, the observed share
 * of inbound mTLS and the STRICT readiness) into its facts. Undefined when
 * the entity has no application workloads: such an entity has no mesh
 * posture, which is neither passing nor failing.
 */
export function entityMeshFacts(
  view: Pick<EntityMeshResponse, 'workloads' | 'findings'>,
  observedInboundMtlsShare?: number,
  readiness?: Pick<EntityReadinessResponse, 'workloads'>,
): MeshFactValues | undefined {
  const workloads = applicationWorkloads(view.workloads);
  if (workloads.length === 0) return undefined;
  const strict = workloads.filter(isStrict).length;
  const facts: MeshFactValues = {
    [meshFactNames.workloads]: workloads.length,
    [meshFactNames.allWorkloadsMeshed]: workloads.every(isMeshed),
    [meshFactNames.strictOnEveryPort]: strict === workloads.length,
    [meshFactNames.strictWorkloadShare]: strict / workloads.length,
    [meshFactNames.errorFindings]: countSeverity(view.findings, 'error'),
    [meshFactNames.warningFindings]: countSeverity(view.findings, 'warning'),
  };
  if (
    observedInboundMtlsShare !== undefined &&
    Number.isFinite(observedInboundMtlsShare)
  ) {
    facts[meshFactNames.observedInboundMtlsShare] = observedInboundMtlsShare;
  }
  if (readiness) {
    const { ready, readyToTighten } = strictReadiness(workloads, readiness);
    facts[meshFactNames.workloadsReadyToTighten] = readyToTighten;
    if (ready !== undefined) facts[meshFactNames.strictReady] = ready;
  }
  return facts;
}
