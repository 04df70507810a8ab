import { execFileSync } from 'node:child_process';
import { eventually } from '../backend';
import { BalancedLoad } from './balancedLoad';
import { judgeFailover, reportFigures, type ClusterStatus } from './outcome';
import {
  guestToken,
  isAlive,
  meshTasks,
  REPLICAS,
  replicaPid,
  type Replica,
} from './replicas';

/**
 * Failover of the production stack (scripts/prod.sh, app-config.prod-demo.yaml)
 * in watch mode, the default: the replica holding the `collection` lease in
 * the plugin database (the one that watches the clusters) is killed with
 * SIGKILL under steady load on both replicas. The survivor must take the
 * lease once it expires (30 s TTL, renewed every 10 s), list and watch every
 * cluster itself and report each current again; no request may fail but
 * those in flight on the killed replica, and no answer may show data older
 * than the stale threshold without flagging it stale.
 */

const LOAD_ROUTES = [
  '/api/mesh/entity/default/component/web-frontend',
  '/api/mesh/entity/default/component/spark-job-runner',
  '/api/mesh/clusters',
  '/api/mesh/audit?limit=50',
];
const USERS = 10;
/** Lease TTL and the mesh-watch task's interval (createMeshBackend, tasks.ts). */
const LEASE_TTL_MS = 30_000;
const WATCH_TICK_MS = 10_000;
/** Listing both demo clusters again; generous for a loaded machine. */
const LIST_MARGIN_MS = 50_000;

/** The pid in the lease's holder (`<host>-<pid>-<uuid>`), read from PostgreSQL. */
function leaseHolderPid(): number | undefined {
  const connection = process.env.MESH_PROD_DATABASE_URL;
  if (!connection) throw new Error('MESH_PROD_DATABASE_URL is not set');
  // Backstage gives each plugin its own database (pluginDivisionMode: database).
  const url = new URL(connection);
  url.pathname = '/backstage_plugin_mesh';
  const holder = execFileSync(
    'psql',
    [
      url.toString(),
      '-At',
      '-c',
      "select holder from mesh_leases where name = 'collection' and expires_at > extract(epoch from now()) * 1000",
    ],
    { encoding: 'utf8' },
  ).trim();
  const match = /-(\d+)-[0-9a-f-]{36}$/.exec(holder);
  return match ? Number(match[1]) : undefined;
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe('lease failover in watch mode (production build, two replicas, PostgreSQL)', () => {
  it('moves the watches to the surviving replica without failing requests or hiding stale data', async () => {
    const token = await eventually('the guest sign-in', () =>
      guestToken(REPLICAS[0]),
    );
    const tasks = await meshTasks(REPLICAS[0], token);
    expect(tasks.map(t => t.taskId)).toContain('mesh-watch');
    expect(tasks.map(t => t.taskId)).not.toContain('mesh-refresh');

    // One replica holds the lease and has read every cluster.
    let victim: Replica | undefined;
    await eventually(
      'a replica to hold the collection lease and serve every cluster',
      async () => {
        const pid = leaseHolderPid();
        victim = REPLICAS.find(r => replicaPid(r) === pid);
        if (!victim) return undefined;
        const res = await fetch(`${victim.url}/api/mesh/clusters`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const { clusters } = (await res.json()) as {
          clusters: ClusterStatus[];
        };
        return clusters.length > 0 && clusters.every(c => c.ok)
          ? true
          : undefined;
      },
      120_000,
      1_000,
    );
    const killed = victim!;
    const survivor = REPLICAS.find(r => r.name !== killed.name)!;
    const staleThresholdSeconds = 30; // 2 x refresh.frequency (15 s) in app-config.prod-demo.yaml

    const load = new BalancedLoad(REPLICAS, token, LOAD_ROUTES);
    load.start(USERS);
    await sleep(5_000);

    const pid = replicaPid(killed);
    const killedAt = Date.now();
    load.remove(killed);
    process.kill(pid, 'SIGKILL');
    await eventually('the killed replica to exit', async () =>
      isAlive(pid) ? undefined : true,
    );

    const limitMs = LEASE_TTL_MS + WATCH_TICK_MS + LIST_MARGIN_MS;
    await eventually(
      'the surviving replica to take the lease',
      async () =>
        leaseHolderPid() === replicaPid(survivor) ? true : undefined,
      limitMs,
      1_000,
    );
    const leaseTakenMs = Date.now() - killedAt;
    // Every cluster current again, read by the survivor's own watches (a new
    // holder's clusters report success only once each kind is listed).
    const current = await eventually(
      'the surviving replica to report every cluster current',
      async () => {
        const res = await fetch(`${survivor.url}/api/mesh/clusters`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const { clusters } = (await res.json()) as {
          clusters: ClusterStatus[];
        };
        const times = clusters.map(c => Date.parse(c.lastSuccess ?? '') || 0);
        return times.every(t => t > killedAt) ? Math.min(...times) : undefined;
      },
      limitMs,
      1_000,
    );
    const takeoverMs = current - killedAt;
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
      leaseTakenSeconds: Number((leaseTakenMs / 1000).toFixed(1)),
      everyClusterCurrentSeconds: Number((takeoverMs / 1000).toFixed(1)),
      limitSeconds: limitMs / 1000,
      ...outcome.figures,
    };
    reportFigures('failover-watch.json', figures);

    expect(figures.requestsToSurvivorAfterKill).toBeGreaterThan(0);
    expect(takeoverMs).toBeLessThanOrEqual(limitMs);
    expect(outcome.failedOtherwise).toEqual([]);
    expect(outcome.unflaggedOld).toEqual([]);
    expect(outcome.ages.length).toBeGreaterThan(0);
  });
});
