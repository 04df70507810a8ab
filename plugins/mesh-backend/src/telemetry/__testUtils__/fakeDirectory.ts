import type { WorkloadDirectory, WorkloadEntry } from '../types';

/**
 * An in-memory `WorkloadDirectory` for tests: workloads keyed by cluster,
 * namespace and name, with their entities.
 */
export class FakeDirectory implements WorkloadDirectory {
  readonly #entries: WorkloadEntry[];

  constructor(entries: WorkloadEntry[]) {
    this.#entries = entries;
  }

  findWorkload(
    cluster: string,
    namespace: string,
    workload: string,
  ): WorkloadEntry | undefined {
    return this.#entries.find(
      e =>
        e.cluster === cluster &&
        e.namespace === namespace &&
        e.name === workload,
    );
  }

  listWorkloads(): WorkloadEntry[] {
    return [...this.#entries];
  }

  workloadsOfEntity(entityRef: string): string[] {
    return this.#entries
      .filter(e => e.entity?.ref === entityRef)
      .map(e => e.workloadId);
  }
}

/** A Deployment entry with an optional entity. */
export function deployment(
  cluster: string,
  namespace: string,
  name: string,
  entity?: WorkloadEntry['entity'],
  extra: Partial<WorkloadEntry> = {},
): WorkloadEntry {
  return {
    workloadId: `${cluster}/${namespace}/Deployment/${name}`,
    cluster,
    namespace,
    name,
    kind: 'Deployment',
    ...(entity ? { entity } : {}),
    ...extra,
  };
}
