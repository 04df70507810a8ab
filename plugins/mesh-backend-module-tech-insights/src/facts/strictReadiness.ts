import type {
  EntityReadinessResponse,
  ReadinessState,
  Workload,
} from '@mesh-portal/plugin-mesh-common';

/** An entity's STRICT readiness, as the `meshStrictReady` facts say it. */
export interface StrictReadiness {
  /**
   * True when every workload is STRICT or ready; false when one is blocked
   * or not meshed; undefined when one is unknown (no traffic in the window:
   * unknown is never ready).
   */
  ready?: boolean;
  /** Workloads in state `ready`: not STRICT yet, and nothing observed would break. */
  readyToTighten: number;
}

/**
 * Sums the readiness mesh computed per workload (`GET /readiness/entity`)
 * over the entity's application workloads. A workload the readiness answer
 * does not list (it appeared between the two reads) counts as unknown.
 */
export function strictReadiness(
  workloads: readonly Workload[],
  readiness: Pick<EntityReadinessResponse, 'workloads'>,
): StrictReadiness {
  const stateById = new Map<string, ReadinessState>(
    readiness.workloads.map(w => [w.workloadId, w.state]),
  );
  const states = workloads.map(w => stateById.get(w.id) ?? 'unknown');
  const readyToTighten = states.filter(s => s === 'ready').length;
  if (states.some(s => s === 'blocked' || s === 'not-meshed')) {
    return { ready: false, readyToTighten };
  }
  if (states.some(s => s === 'unknown')) return { readyToTighten };
  return { ready: true, readyToTighten };
}
