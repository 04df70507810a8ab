import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './browser';

/** The demo backend. */
export const BACKEND_URL =
  process.env.MESH_E2E_BACKEND_URL ?? 'http://localhost:7007';

/** The simulator's fault-control API (see packages/k8s-sim). */
export const SIM_CONTROL_URL =
  process.env.MESH_E2E_SIM_CONTROL_URL ?? 'http://127.0.0.1:16440';

const STATE = path.join(REPO_ROOT, '.state');
const BACKEND_PID_FILE = path.join(STATE, 'pids', 'backend.pid');

/**
 * Signs in as the demo's guest user through the auth backend, as the app
 * does, and returns the Backstage token.
 */
export async function guestToken(): Promise<string> {
  const res = await fetch(
    `${BACKEND_URL}/api/auth/guest/refresh?env=development`,
    { headers: { 'x-requested-with': 'XMLHttpRequest' } },
  );
  if (!res.ok) {
    throw new Error(`guest sign-in failed: ${res.status} ${await res.text()}`);
  }
  const body = (await res.json()) as {
    backstageIdentity?: { token?: string };
  };
  const token = body.backstageIdentity?.token;
  if (!token) {
    throw new Error('guest sign-in returned no token');
  }
  return token;
}

/** Calls the mesh API as the guest user and parses the JSON answer. */
export async function meshGet<T>(route: string, token: string): Promise<T> {
  const res = await fetch(`${BACKEND_URL}/api/mesh${route}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) {
    throw new Error(`GET ${route}: ${res.status} ${await res.text()}`);
  }
  return (await res.json()) as T;
}

/** A fault of the simulated API server of one cluster. */
export type ClusterFault =
  | { mode: 'none' }
  | { mode: 'down' }
  | { mode: 'drop' }
  | { mode: 'slow'; delayMs: number }
  | { mode: 'status'; status: number };

/** Switches a fault on (or off, with `mode: 'none'`) in the simulator. */
export async function setClusterFault(
  cluster: string,
  fault: ClusterFault,
): Promise<void> {
  const res = await fetch(
    `${SIM_CONTROL_URL}/clusters/${encodeURIComponent(cluster)}/fault`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fault),
    },
  );
  if (!res.ok) {
    throw new Error(`setting fault ${fault.mode} failed: ${res.status}`);
  }
}

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 90_000,
  intervalMs = 1_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) {
        return value;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${
          lastError ? `: ${String(lastError)}` : ''
        }`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
}

/** Process group id of the running backend (started with setsid). */
export function backendProcessGroup(): number {
  return Number(fs.readFileSync(BACKEND_PID_FILE, 'utf8').trim());
}

/**
 * Resident memory (bytes) of every process in the backend's process group:
 * the yarn wrapper, the CLI and the backend's node process.
 */
export function backendRssBytes(): number {
  const pgid = backendProcessGroup();
  let total = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start after ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      const status = fs.readFileSync(`/proc/${entry}/status`, 'utf8');
      const rss = /VmRSS:\s+(\d+) kB/.exec(status);
      if (rss) total += Number(rss[1]) * 1024;
    } catch {
      // The process ended while we looked.
    }
  }
  return total;
}

/**
 * Stops the backend (its whole process group) and starts it again the way
 * scripts/lib/stack.sh does, then waits for readiness.
 */
export async function restartBackend(): Promise<void> {
  const pgid = backendProcessGroup();
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    // already gone
  }
  await eventually('the old backend to stop', async () => {
    try {
      process.kill(-pgid, 0);
      return undefined;
    } catch {
      return true;
    }
  });
  const log = fs.openSync(path.join(STATE, 'logs', 'backend.log'), 'a');
  // detached: the child leads a new session and process group, like setsid.
  // MESH_BACKEND_WATCH=0 (set by scripts/e2e.sh): the backend without the
  // dev runner's file watcher, as scripts/lib/stack.sh starts it then.
  const child =
    process.env.MESH_BACKEND_WATCH === '0'
      ? spawn(
          process.execPath,
          [
            '--require',
            '@backstage/cli/config/nodeTransform.cjs',
            'src/index.ts',
            '--config',
            '../../app-config.yaml',
          ],
          {
            cwd: path.join(REPO_ROOT, 'packages', 'backend'),
            detached: true,
            stdio: ['ignore', log, log],
            env: { ...process.env, NODE_ENV: 'development' },
          },
        )
      : spawn('yarn', ['workspace', 'backend', 'start'], {
          cwd: REPO_ROOT,
          detached: true,
          stdio: ['ignore', log, log],
        });
  child.unref();
  fs.writeFileSync(BACKEND_PID_FILE, String(child.pid));
  await eventually(
    'the backend to be ready again',
    async () => {
      const res = await fetch(`${BACKEND_URL}/.backstage/health/v1/readiness`);
      return res.ok ? true : undefined;
    },
    180_000,
    2_000,
  );
}

/** Fetches a catalog entity as the guest user, or undefined while it is missing. */
async function catalogEntityExists(
  kind: string,
  name: string,
  token: string,
): Promise<boolean> {
  const res = await fetch(
    `${BACKEND_URL}/api/catalog/entities/by-name/${kind}/default/${name}`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  return res.ok;
}

/**
 * Waits until the demo is ready for the browser tests: the catalog has
 * ingested the demo entities (about a minute after a fresh start), the mesh
 * backend has read both clusters, and Prometheus reports traffic. Returns a
 * fresh guest token.
 */
export async function waitForDemoData(): Promise<string> {
  const token = await eventually('the guest sign-in', () => guestToken());
  await eventually(
    'the catalog to ingest the demo entities',
    async () =>
      (await catalogEntityExists('component', 'web-frontend', token)) &&
      (await catalogEntityExists('component', 'spark-job-runner', token))
        ? true
        : undefined,
    180_000,
    2_000,
  );
  await eventually(
    'the mesh backend to read both clusters and see traffic',
    async () => {
      const mesh = await meshGet<{
        clusters: Array<{ name: string; ok: boolean }>;
        workloads: unknown[];
      }>('/entity/default/component/web-frontend', token);
      const graph = await meshGet<{ edges: unknown[] }>(
        '/graph/entity/default/component/web-frontend',
        token,
      );
      return mesh.workloads.length > 0 &&
        mesh.clusters.length === 2 &&
        mesh.clusters.every(cluster => cluster.ok) &&
        graph.edges.length > 0
        ? true
        : undefined;
    },
    180_000,
    2_000,
  );
  return token;
}

/**
 * Times one GET of the mesh API, so a fault test can show that no request
 * hung while a cluster misbehaved.
 */
export async function timedMeshGet<T>(
  route: string,
  token: string,
): Promise<{ body: T; ms: number }> {
  const started = performance.now();
  const body = await meshGet<T>(route, token);
  return { body, ms: performance.now() - started };
}
