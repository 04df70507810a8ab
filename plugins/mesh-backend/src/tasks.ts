import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { MeshConfig } from './config';
import type { EntityIndex } from './entities';
import {
  recordCoverage,
  summarizeAuditRows,
  type HistorySeeder,
  type HistoryStore,
} from './history';
import { toAuditRow } from './service/auditRows';
import type { SnapshotManager, WatchRefresher } from './snapshot';
import type { BackgroundTelemetry } from './telemetry';

/** How often every replica checks the store for another replica's refresh. */
const MAX_SYNC_INTERVAL_MS = 5_000;

/**
 * Watch mode: how often every replica takes or renews the collection lease
 * (a third of its TTL, so a renewal can fail twice before it expires).
 */
const LEASE_TICK_MS = 10_000;

/**
 * Schedules the plugin's background work:
 * - `mesh-refresh` (global: one replica at a time) reads every cluster into
 *   the shared snapshot store; in watch mode `mesh-watch` (local) instead
 *   takes or renews the collection lease, and its holder keeps the clusters
 *   current with watches;
 * - `mesh-sync` (local: every replica) loads what the refreshing replica
 *   stored, so all replicas answer alike within one sync interval;
 * - `mesh-entities` (local) re-reads the annotated catalog entities;
 * - `mesh-history` (global) records the day's coverage;
 * - `mesh-telemetry` (global) runs the Prometheus query set of the
 *   background windows into the shared store, and `mesh-telemetry-sync`
 *   (local) loads it, so graph requests never wait for Prometheus.
 * @internal
 */
export async function scheduleMeshTasks(options: {
  scheduler: SchedulerService;
  config: MeshConfig;
  logger: LoggerService;
  snapshot: SnapshotManager;
  /** Watch mode: replaces the scheduled full refresh. */
  watchRefresher?: WatchRefresher;
  entities: EntityIndex;
  history?: HistoryStore;
  /** Fills past periods before each recording (the demo's trend). */
  historySeeder?: HistorySeeder;
  telemetryBackground?: BackgroundTelemetry;
}) {
  const { scheduler, config, snapshot, entities, history, logger } = options;
  const { historySeeder } = options;

  const background = options.telemetryBackground;
  if (background) {
    const { intervalMs } = config.telemetry.background;
    // Each window's queries are bounded by the source timeout; the collection
    // of all windows must still end before the next run is due.
    const timeout = {
      milliseconds: Math.max(intervalMs, 30_000),
    };
    await scheduler.scheduleTask({
      id: 'mesh-telemetry',
      frequency: { milliseconds: intervalMs },
      timeout,
      fn: signal => background.collect(signal),
    });
    await scheduler.scheduleTask({
      id: 'mesh-telemetry-sync',
      scope: 'local',
      frequency: { milliseconds: Math.min(MAX_SYNC_INTERVAL_MS, intervalMs) },
      timeout,
      fn: () => background.sync(),
    });
  }

  const { watchRefresher } = options;
  if (watchRefresher) {
    await scheduler.scheduleTask({
      id: 'mesh-watch',
      scope: 'local',
      frequency: { milliseconds: LEASE_TICK_MS },
      timeout: { milliseconds: 3 * LEASE_TICK_MS },
      fn: () => watchRefresher.tick(),
    });
  } else {
    await scheduler.scheduleTask({
      id: 'mesh-refresh',
      frequency: config.refresh.frequency,
      timeout: config.refresh.timeout,
      fn: signal => snapshot.refresh(signal),
    });
  }

  await scheduler.scheduleTask({
    id: 'mesh-sync',
    scope: 'local',
    frequency: {
      milliseconds: Math.min(MAX_SYNC_INTERVAL_MS, config.refresh.frequencyMs),
    },
    timeout: config.refresh.timeout,
    fn: () => snapshot.sync(),
  });

  await scheduler.scheduleTask({
    id: 'mesh-entities',
    scope: 'local',
    frequency: config.refresh.frequency,
    timeout: config.refresh.timeout,
    fn: () => entities.reload(),
  });

  if (history) {
    await scheduler.scheduleTask({
      id: 'mesh-history',
      frequency: config.history.frequency,
      timeout: { minutes: 5 },
      // Give the first refresh time to finish, so a start never records an empty mesh.
      initialDelay: {
        milliseconds: Math.min(config.refresh.frequencyMs, 60_000),
      },
      fn: async () => {
        if (!snapshot.clusterStatuses().some(status => status.ok)) {
          logger.info('Mesh coverage not recorded: no cluster has been read');
          return;
        }
        if (!entities.isLoaded()) await entities.reload();
        const { index } = snapshot.view();
        const rows = index.model.workloads.map(workload =>
          toAuditRow(
            workload,
            entities.ownerOf(workload.id),
            index.findingsByWorkload.get(workload.id)?.length ?? 0,
            undefined,
          ),
        );
        if (historySeeder) {
          // Existing periods are kept, so seeding on every run is harmless.
          await history.seed(historySeeder, summarizeAuditRows(rows));
        }
        await recordCoverage(history, rows);
        await history.prune();
      },
    });
  }
}
