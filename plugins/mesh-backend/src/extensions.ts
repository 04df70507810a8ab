import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type {
  Finding,
  MeshModel,
  Workload,
} from '@mesh-portal/plugin-mesh-common';
import type { HistorySeeder } from './history';

/**
 * Lets a backend module of the `mesh` plugin extend what the plugin does
 * with coverage history.
 * @public
 */
export interface MeshHistoryExtensionPoint {
  /**
   * Fills past periods nothing recorded (for example a demo's trend) before
   * each recording. At most one seeder; a second call replaces the first.
   */
  setSeeder(seeder: HistorySeeder): void;
}

/**
 * The extension point behind {@link MeshHistoryExtensionPoint}.
 * @public
 */
export const meshHistoryExtensionPoint =
  createExtensionPoint<MeshHistoryExtensionPoint>({ id: 'mesh.history' });

/**
 * The mesh as one model, for {@link MeshSnapshotListener}s. Mesh-wide: it is
 * not narrowed to what any user may read, so whatever a listener passes on
 * to people must be narrowed by the listener.
 * @public
 */
export interface MeshSnapshot {
  /** When the model was computed (ISO 8601). */
  computedAt: string;
  /** Every cluster's workloads, Services and findings. */
  model: MeshModel;
  /**
   * What an annotated catalog entity claims in this model, as on its Mesh
   * tab: its workloads and the findings touching them or the Services
   * selecting them. Undefined when mesh does not know the entity.
   */
  entityMesh(entityRef: string): MeshSnapshotEntity | undefined;
}

/**
 * An entity's part of a {@link MeshSnapshot}.
 * @public
 */
export interface MeshSnapshotEntity {
  /** The workloads the entity claims, Istio's own included, by id. */
  workloads: Workload[];
  /** Findings touching those workloads or the Services selecting them. */
  findings: Finding[];
  /**
   * Ids of the entity's workloads that other entities claim too (mesh shows
   * them only to people who may read every claimant).
   */
  contestedWorkloads: string[];
}

/**
 * A new snapshot, as the replica whose refresh produced it tells it.
 * @public
 */
export interface MeshSnapshotChange {
  /**
   * The snapshot the new one replaced: the last one any replica committed,
   * read from the shared snapshot store before the refresh (so a restart
   * loses no baseline). Undefined only when nothing was ever stored.
   */
  previous?: MeshSnapshot;
  /** The new snapshot, already stored and served. */
  current: MeshSnapshot;
  /** The annotated catalog entities mesh knows, as last read. */
  entityRefs: string[];
}

/**
 * Receives each new snapshot. Awaited by the refresh task, one listener after
 * the other: keep it short. An error is logged and never fails the refresh.
 * @public
 */
export type MeshSnapshotListener = (
  change: MeshSnapshotChange,
) => void | Promise<void>;

/**
 * Lets a backend module of the `mesh` plugin follow the mesh snapshot.
 * @public
 */
export interface MeshSnapshotExtensionPoint {
  /**
   * Calls `listener` each time a refresh produces a new snapshot, only on
   * the replica whose scheduled refresh produced it (one replica refreshes
   * at a time) and after the snapshot is committed to the shared store.
   * Replicas that merely load it (`mesh-sync`) never call listeners, so each
   * change is seen once in a deployment.
   */
  addSnapshotListener(listener: MeshSnapshotListener): void;
}

/**
 * The extension point behind {@link MeshSnapshotExtensionPoint}.
 * @public
 */
export const meshSnapshotExtensionPoint =
  createExtensionPoint<MeshSnapshotExtensionPoint>({ id: 'mesh.snapshot' });
