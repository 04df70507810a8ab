import type { WorkloadEntry } from '../types';
import type { TrafficGraph } from './model';
import { workloadNodeOf } from './nodeResolver';

/**
 * The graph with every known workload that had no traffic in the window
 * added as a node without edges (`idle: true`). Istio's own workloads are
 * left out: they are not anyone's service. The input graph is not changed
 * (graphs are shared by every view); visibility and filters apply to the
 * result exactly as to traffic nodes.
 */
export function withIdleWorkloads(
  graph: TrafficGraph,
  workloads: readonly WorkloadEntry[],
): TrafficGraph {
  const nodes = new Map(graph.nodes);
  const entities = new Map(graph.entities);
  for (const entry of workloads) {
    if (entry.infrastructure || nodes.has(entry.workloadId)) continue;
    nodes.set(entry.workloadId, { ...workloadNodeOf(entry), idle: true });
    if (entry.entity && !entities.has(entry.entity.ref)) {
      entities.set(entry.entity.ref, entry.entity);
    }
  }
  return { ...graph, nodes, entities };
}
