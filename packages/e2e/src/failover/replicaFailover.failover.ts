import { eventually } from '../backend';
import { BalancedLoad } from './balancedLoad';
import { judgeFailover, reportFigures, type ClusterStatus } from './outcome';
import {
  getJson,
  guestToken,
  isAlive,
  meshTasks,
  REPLICAS,
  replicaPid,
  type Replica,
} from './replicas';

/**
 * Failover of the production stack (scripts/prod.sh with
 * app-config.failover-test.yaml): two replicas from the built bundle share
 * one PostgreSQL. Under steady load on both, the replica that is running the
 * `mesh-refresh` task (Backstage's scheduler lets one replica at a time hold
 * it) is killed with SIGKILL. The survivor must take the refresh over within
 * two refresh intervals, no request may fail but those in flight on the
 * killed replica, and no answer may show data older than the stale threshold
 * without flagging it stale.
 */

const ENTITY_ROUTES = [
  '/api/mesh/entity/default/component/web-frontend',
  '/api/mesh/entity/default/component/spark-job-runner',
];
const LOAD_ROUTES = [
  ...ENTITY_ROUTES,
  '/api/mesh/graph/entity/default/component/web-frontend',
  '/api/mesh/clusters',
  '/api/mesh/audit?limit=50',
  '/api/catalog/entities/by-name/component/default/web-frontend',
];
const USERS = 10;

/** Milliseconds of an ISO 8601 duration of the form the scheduler stores (PT45S, PT1M30S). */
function durationMs(iso: string): number {
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(iso);
  if (!match) throw new Error(`unexpected duration ${iso}`);
  const [, h = '0', m = '0', s = '0'] = match;
  return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000;
}

/** The answer without what legitimately differs from one second to the next. */
function comparable(value: unknown): string {
  return JSON.stringify(value, (key, v) =>
    ['ageSeconds', 'stale'].includes(key) ? undefined : v,
  );
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe('replica failover (production build, two replicas, PostgreSQL)', () => {
  it('moves the refresh to the surviving replica without failing requests or hiding stale data', async () => {
    const token = await eventually('the guest sign-in', () =>
      guestToken(REPLICAS[0]),
    );

    // Both replicas serve the same data from the shared snapshot.
    for (const route of ENTITY_ROUTES) {
      await eventually(
        `identical answers to ${route} from both replicas`,
        async () => {
          const answers = await Promise.all(
            REPLICAS.map(async r => comparable(await getJson(r, route, token))),
          );
          return answers.every(a => a === answers[0]) ? true : undefined;
        },
        120_000,
        2_000,
      );
    }

    const refreshTask = (await meshTasks(REPLICAS[0], token)).find(
      t => t.taskId === 'mesh-refresh',
    ) as unknown as {
      settings: { cadence: string; timeoutAfterDuration: string };
    };
    const intervalMs = durationMs(refreshTask.settings.cadence);
    // The plugin flags a cluster stale when its last success is older than
    // two refresh intervals (SnapshotManager.clusterStatuses).
    const staleThresholdSeconds = (2 * intervalMs) / 1000;

    const load = new BalancedLoad(REPLICAS, token, LOAD_ROUTES);
    load.start(USERS);
    await sleep(5_000);

    // Find the replica whose worker is running the refresh right now.
    let victim: Replica | undefined;
    await eventually(
      'a replica to run mesh-refresh',
      async () => {
        for (const replica of REPLICAS) {
          const tasks = await meshTasks(replica, token);
          const refresh = tasks.find(t => t.taskId === 'mesh-refresh');
          if (refresh?.workerState?.status === 'running') {
            victim = replica;
            return true;
          }
        }
        return undefined;
      },
      3 * intervalMs,
      100,
    );
    const killed = victim!;
    const survivor = REPLICAS.find(r => r.name !== killed.name)!;
    const pid = replicaPid(killed);
    const killedAt = Date.now();
    load.remove(killed);
    process.kill(pid, 'SIGKILL');
    await eventually('the killed replica to exit', async () =>
      isAlive(pid) ? undefined : true,
    );
    // The database still holds the dead replica's claim on the task.
    const lockAfterKill = (await meshTasks(survivor, token)).find(
      t => t.taskId === 'mesh-refresh',
    )?.taskState;

    // The survivor refreshes every cluster itself.
    const takenOver = await eventually(
      'the surviving replica to refresh every cluster',
      async () => {
        const { clusters } = await getJson<{ clusters: ClusterStatus[] }>(
          survivor,
          '/api/mesh/clusters',
          token,
        );
        const times = clusters.map(c => Date.parse(c.lastSuccess ?? '') || 0);
        return times.every(t => t > killedAt) ? Math.min(...times) : undefined;
      },
      3 * intervalMs,
      1_000,
    );
    const takeoverMs = takenOver - killedAt;
    await sleep(5_000);
    await load.stop();

    const outcome = judgeFailover(
      load.records,
      killed,
      killedAt,
      staleThresholdSeconds,
    );
    const figures = {
      killed: killed.name,
      lockHeldWhenKilled: lockAfterKill?.status === 'running',
      refreshIntervalSeconds: intervalMs / 1000,
      staleThresholdSeconds,
      takeoverSeconds: Number((takeoverMs / 1000).toFixed(1)),
      ...outcome.figures,
    };
    reportFigures('failover.json', figures);

    expect(figures.requestsToSurvivorAfterKill).toBeGreaterThan(0);
    expect(takeoverMs).toBeLessThanOrEqual(2 * intervalMs);
    expect(outcome.failedOtherwise).toEqual([]);
    expect(outcome.unflaggedOld).toEqual([]);
    expect(outcome.ages.length).toBeGreaterThan(0);
  });
});
