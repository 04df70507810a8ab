import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  MESH_SNAPSHOT_SIGNAL_CHANNEL,
  meshEntitySignalChannel,
  type MeshSignalMessage,
} from '@mesh-portal/plugin-mesh-common';
import type { EntityIndex } from '../entities';
import type { MeshView, RefreshListener } from '../snapshot';
import {
  changedEntityRefs,
  meshFingerprints,
  type MeshFingerprints,
} from './meshFingerprints';

/** Signals published at once; the rest wait (a mesh-wide change can touch every entity). */
const CONCURRENT_PUBLISHES = 8;

/** What {@link publishMeshSignals} needs. */
export interface PublishMeshSignalsOptions {
  signals: SignalsService;
  entities: EntityIndex;
  logger: LoggerService;
}

/**
 * Tells open pages that their data changed, through Backstage signals: after
 * each new snapshot on the replica that computed it, one signal per entity
 * whose part of the model changed, on `mesh:entity:<ref>` (its card and Mesh
 * tab reload), and one on `mesh:snapshot` when anything in the model changed
 * (the audit and the explorer reload).
 *
 * The signals are broadcast: the signals backend delivers them only to
 * connections subscribed to the channel, and they carry nothing but the
 * snapshot's time. Someone who subscribes to the channel of an entity they
 * may not read learns when its mesh view changed, never what changed: the
 * data is read through the REST API, which scopes every answer. Addressing
 * each signal to the users who may read the entity would need a permission
 * check per user and entity on every change.
 *
 * Snapshots are compared by digests ({@link meshFingerprints}), kept from one
 * snapshot to the next, so a change costs one pass over the new model.
 */
export function publishMeshSignals(
  options: PublishMeshSignalsOptions,
): RefreshListener {
  const { signals, entities, logger } = options;
  let last: { view: MeshView; fingerprints: MeshFingerprints } | undefined;

  return async ({ previous, current }) => {
    const started = Date.now();
    if (!entities.isLoaded()) await entities.reload();
    const after = meshFingerprints(current, entities);
    let before: MeshFingerprints | undefined;
    if (previous) {
      before =
        last?.view === previous
          ? last.fingerprints
          : meshFingerprints(previous, entities);
    }
    last = { view: current, fingerprints: after };

    // Nothing was stored before: every entity's page showed no data.
    const changed = before
      ? changedEntityRefs(before, after)
      : [...after.entities.keys()];
    if (before?.model === after.model && changed.length === 0) return;

    const message: MeshSignalMessage = {
      computedAt: new Date(current.computedAt ?? Date.now()).toISOString(),
    };
    const channels = [
      MESH_SNAPSHOT_SIGNAL_CHANNEL,
      ...changed.map(meshEntitySignalChannel),
    ];
    let failed = 0;
    let firstError: string | undefined;
    for (let i = 0; i < channels.length; i += CONCURRENT_PUBLISHES) {
      const results = await Promise.allSettled(
        channels.slice(i, i + CONCURRENT_PUBLISHES).map(channel =>
          signals.publish<MeshSignalMessage>({
            recipients: { type: 'broadcast' },
            channel,
            message,
          }),
        ),
      );
      for (const result of results) {
        if (result.status === 'rejected') {
          failed += 1;
          firstError ??= (result.reason as Error)?.message;
        }
      }
    }
    if (failed > 0) {
      // Pages still reload on their safety poll.
      logger.warn('Could not publish mesh signals', {
        failed,
        of: channels.length,
        error: firstError,
      });
    }
    logger.debug('Published mesh signals', {
      changedEntities: changed.length,
      durationMs: Date.now() - started,
    });
  };
}
