import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Finding } from '@mesh-portal/plugin-mesh-common';
import { matchEntityWorkloads, type EntityIndex } from '../entities';
import type {
  MeshSnapshot,
  MeshSnapshotEntity,
  MeshSnapshotListener,
} from '../extensions';
import type { MeshView, RefreshListener } from '../snapshot';

function serviceKey(s: { cluster: string; namespace?: string; name: string }) {
  return `${s.cluster}/${s.namespace}/${s.name}`;
}

/** An entity's workloads and findings in one model, unscoped (mesh-wide). */
function entityMeshIn(
  view: MeshView,
  entities: EntityIndex,
  entityRef: string,
): MeshSnapshotEntity | undefined {
  const selector = entities.selectorOfRef(entityRef);
  if (!selector) return undefined;
  const { index } = view;
  const workloads = matchEntityWorkloads(selector, index).sort((a, b) =>
    a.id.localeCompare(b.id),
  );
  const findings = new Set<Finding>();
  const serviceKeys = new Set<string>();
  for (const workload of workloads) {
    for (const f of index.findingsByWorkload.get(workload.id) ?? []) {
      findings.add(f);
    }
    for (const s of index.servicesByWorkload.get(workload.id) ?? []) {
      serviceKeys.add(serviceKey(s));
    }
  }
  for (const finding of index.model.findings) {
    if (
      finding.objects.some(
        o => o.kind === 'Service' && serviceKeys.has(serviceKey(o)),
      )
    ) {
      findings.add(finding);
    }
  }
  // Claims are computed against the model the entity index serves (the
  // current one); a workload of the previous model only is not contested.
  const contestedWorkloads = workloads
    .map(w => w.id)
    .filter(id => entities.claimantsOf(id).some(c => c.ref !== entityRef));
  return { workloads, findings: [...findings], contestedWorkloads };
}

function toSnapshot(view: MeshView, entities: EntityIndex): MeshSnapshot {
  return {
    computedAt: new Date(view.computedAt ?? 0).toISOString(),
    model: view.index.model,
    entityMesh: ref => entityMeshIn(view, entities, ref),
  };
}

/**
 * Turns the snapshot manager's refresh events into the public
 * {@link MeshSnapshotChange}s of `meshSnapshotExtensionPoint` and calls every
 * listener, one after the other; a listener's error is logged and does not
 * keep the others from running.
 */
export function publishSnapshots(options: {
  listeners: readonly MeshSnapshotListener[];
  entities: EntityIndex;
  logger: LoggerService;
}): RefreshListener {
  const { listeners, entities, logger } = options;
  return async ({ previous, current }) => {
    if (!entities.isLoaded()) await entities.reload();
    const change = {
      previous: previous && toSnapshot(previous, entities),
      current: toSnapshot(current, entities),
      entityRefs: entities.refs(),
    };
    for (const listener of listeners) {
      try {
        await listener(change);
      } catch (error) {
        logger.error('A mesh snapshot listener failed', {
          error: (error as Error)?.message,
        });
      }
    }
  };
}
