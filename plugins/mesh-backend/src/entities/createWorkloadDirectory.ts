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
  return {
    findWorkload(cluster, namespace, workload): WorkloadEntry | undefined {
      const found = snapshot
        .view()
        .index.byName.get(`${cluster}/${namespace}/${workload}`);
      if (!found) return undefined;
      const owner = entities.ownerOf(found.id);
      return {
        workloadId: found.id,
        cluster: found.cluster,
        namespace: found.namespace,
        name: found.name,
        kind: found.kind,
        membership: found.membership.state,
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
    },
    workloadsOfEntity(entityRef) {
      return entities.workloadsOf(entityRef);
    },
  };
}
