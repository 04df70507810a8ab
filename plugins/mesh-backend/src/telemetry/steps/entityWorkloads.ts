import type { EntityInfo, TrafficGraph } from '../graph/model';
import { entityNodeId } from '../graph/collapseToEntities';
import type { WorkloadDirectory } from '../types';

const norm = (ref: string) => ref.toLocaleLowerCase('en-US');

/** Splits `<cluster>/<namespace>/<kind>/<name>`. */
export function parseWorkloadId(
  id: string,
):
  | { cluster: string; namespace: string; kind: string; name: string }
  | undefined {
  const parts = id.split('/');
  if (parts.length !== 4) return undefined;
  const [cluster, namespace, kind, name] = parts;
  return { cluster, namespace, kind, name };
}

/**
 * The nodes an entity's views start from: its workloads (those with
 * traffic, and every workload the directory says it claims) or, in the
 * service view, its entity node.
 */
export function startNodesOf(
  graph: TrafficGraph,
  entityRef: string,
  view: 'workload' | 'service',
  directory: WorkloadDirectory,
): string[] {
  const wanted = norm(entityRef);
  const ids = new Set<string>();
  for (const node of graph.nodes.values()) {
    if (node.entityRef && norm(node.entityRef) === wanted) ids.add(node.id);
  }
  if (view === 'service') {
    ids.add(entityNodeId(entityRef));
  } else {
    for (const id of directory.workloadsOfEntity(entityRef)) ids.add(id);
  }
  return [...ids];
}

/** The entity's own catalog facts, even when it has no traffic. */
export function entityInfoOf(
  entityRef: string,
  directory: WorkloadDirectory,
): Map<string, EntityInfo> {
  const out = new Map<string, EntityInfo>();
  for (const id of directory.workloadsOfEntity(entityRef)) {
    const parsed = parseWorkloadId(id);
    if (!parsed) continue;
    const entry = directory.findWorkload(
      parsed.cluster,
      parsed.namespace,
      parsed.name,
    );
    if (entry?.entity) {
      out.set(entry.entity.ref, entry.entity);
      break;
    }
  }
  return out;
}
