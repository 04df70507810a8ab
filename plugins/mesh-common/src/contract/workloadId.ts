/**
 * The parts of a workload id.
 * @public
 */
export interface WorkloadIdParts {
  cluster: string;
  namespace: string;
  kind: string;
  name: string;
}

/**
 * The id of a workload: `<cluster>/<namespace>/<kind>/<name>`. Cluster names,
 * namespaces, kinds and names cannot contain `/`, so the id parses back.
 * @public
 */
export function workloadId(parts: WorkloadIdParts): string {
  return `${parts.cluster}/${parts.namespace}/${parts.kind}/${parts.name}`;
}

/**
 * The parts of a workload id, or undefined when it does not have four
 * non-empty parts.
 * @public
 */
export function parseWorkloadId(id: string): WorkloadIdParts | undefined {
  const parts = id.split('/');
  if (parts.length !== 4 || parts.some(part => !part)) return undefined;
  const [cluster, namespace, kind, name] = parts;
  return { cluster, namespace, kind, name };
}
