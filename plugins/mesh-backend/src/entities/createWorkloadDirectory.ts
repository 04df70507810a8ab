import type { Workload } from '@mesh-portal/plugin-mesh-common';
import type { SnapshotManager } from '../snapshot';
import type { WorkloadDirectory, WorkloadEntry } from '../telemetry/types';
import type { EntityIndex } from './EntityIndex';

/**
 * The {@link WorkloadDirectory} the telemetry service joins series with:
 * workloads from the current snapshot, owners from the entity index. Answers
 * from memory only.
 * @public
 */
export function createWorkloadDirectory(options: {
  snapshot: SnapshotManager;
  entities: EntityIndex;
}): WorkloadDirectory {
  const { snapshot, entities } = options;

  function entryOf(found: Workload): WorkloadEntry {
    const owner = entities.ownerOf(found.id);
    const { state, nativeSidecar, infrastructure } = found.membership;
    const entry: WorkloadEntry = {
      workloadId: found.id,
      cluster: found.cluster,
      namespace: found.namespace,
      name: found.name,
      kind: found.kind,
      membership: state,
      // The first Service selecting it, for the `{{service}}` link placeholder.
      service: found.services[0],
      entity: owner && {
        ref: owner.ref,
        title: owner.title,
        owner: owner.owner,
        system: owner.system,
        dependsOn: owner.dependsOn,
        consumesApis: owner.consumesApis,
        providesApis: owner.providesApis,
      },
    };
    // Only proxies injected as sidecars are native or classic (M4); the
    // engine sets the flag only when true.
    if (state === 'sidecar' || state === 'partial') {
      entry.nativeSidecar = nativeSidecar === true;
    }
    if (infrastructure) entry.infrastructure = true;
    return entry;
  }

  return {
    findWorkload(cluster, namespace, workload): WorkloadEntry | undefined {
      const found = snapshot
        .view()
        .index.byName.get(`${cluster}/${namespace}/${workload}`);
      return found && entryOf(found);
    },
    workloadsOfEntity(entityRef) {
      return entities.workloadsOf(entityRef);
    },
    listWorkloads() {
      // One workload per telemetry name, as `findWorkload` resolves it.
      return [...snapshot.view().index.byName.values()].map(entryOf);
    },
  };
}
