import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import path from 'node:path';

/** The repository root (the bench package's parent). */
export const REPO_ROOT = resolvePackagePath('@internal/mesh-bench', '..');

/** A backend replica of the production stack started by scripts/prod.sh. */
export interface Replica {
  name: string;
  url: string;
  pidFile: string;
}

/** The two replicas of scripts/prod.sh (override with MESH_LOAD_REPLICAS=name=url,...). */
export function productionReplicas(): Replica[] {
  const spec =
    process.env.MESH_LOAD_REPLICAS ??
    'a=http://127.0.0.1:7007,b=http://127.0.0.1:7008';
  return spec.split(',').map(entry => {
    const [name, url] = entry.split('=');
    return {
      name,
      url,
      pidFile: path.join(
        REPO_ROOT,
        '.state',
        'prod',
        'pids',
        `replica-${name}.pid`,
      ),
    };
  });
}

/** Whether every replica answers its readiness check. */
export async function replicasReady(replicas: Replica[]): Promise<boolean> {
  try {
    const answers = await Promise.all(
      replicas.map(r => fetch(`${r.url}/.backstage/health/v1/readiness`)),
    );
    return answers.every(res => res.ok);
  } catch {
    return false;
  }
}

/** Signs in as the demo's guest on `baseUrl`, as the app does. */
export async function guestToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh?env=development`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in failed: ${res.status}`);
  const body = (await res.json()) as { backstageIdentity?: { token?: string } };
  const token = body.backstageIdentity?.token;
  if (!token) throw new Error('guest sign-in returned no token');
  return token;
}

/**
 * CPU time (user + system, seconds) the replica's process has used so far,
 * from /proc; undefined when it is not running.
 */
export function replicaCpuSeconds(replica: Replica): number | undefined {
  try {
    const pid = fs.readFileSync(replica.pidFile, 'utf8').trim();
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command's closing parenthesis; utime and stime are
    // the 14th and 15th of the whole line, in clock ticks (100 per second
    // on Linux).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** The machine's CPU time so far (seconds over all cores): busy and idle. */
export function machineCpuSeconds(): { busy: number; idle: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  const idle = ticks[3] + ticks[4];
  const busy = ticks.slice(0, 8).reduce((sum, t) => sum + t, 0) - idle;
  return { busy: busy / 100, idle: idle / 100 };
}

/**
 * Resident memory of a replica's node process (VmRSS), in MiB; undefined
 * when its pid file is missing (a stack started some other way).
 */
export function replicaRssMiB(replica: Replica): number | undefined {
  try {
    const pid = fs.readFileSync(replica.pidFile, 'utf8').trim();
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    return rss ? Math.round(Number(rss[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Makes a replica write a heap snapshot (it must run with
 * `--heapsnapshot-signal=SIGUSR2`, e.g. `NODE_OPTIONS` given to
 * scripts/prod.sh) and waits until the file is complete. Returns its path,
 * in the replica's working directory, or undefined without a pid file.
 */
export async function replicaHeapSnapshot(
  replica: Replica,
  cwd: string,
): Promise<string | undefined> {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(replica.pidFile, 'utf8').trim());
  } catch {
    return undefined;
  }
  const ours = () =>
    fs
      .readdirSync(cwd)
      .filter(f => f.endsWith('.heapsnapshot') && f.includes(`.${pid}.`));
  const before = new Set(ours());
  process.kill(pid, 'SIGUSR2');
  // The replica writes synchronously: the file grows until it is done.
  let file: string | undefined;
  let lastSize = -1;
  for (let waited = 0; waited < 600_000; waited += 2_000) {
    await new Promise(resolve => setTimeout(resolve, 2_000));
    file ??= ours().find(f => !before.has(f));
    if (!file) continue;
    const size = fs.statSync(path.join(cwd, file)).size;
    // A complete snapshot ends with the strings table's closing brackets.
    if (size === lastSize && size > 0) {
      const fd = fs.openSync(path.join(cwd, file), 'r');
      const tail = Buffer.alloc(16);
      fs.readSync(fd, tail, 0, 16, Math.max(0, size - 16));
      fs.closeSync(fd);
      if (tail.toString().trimEnd().endsWith(']}')) {
        return path.join(cwd, file);
      }
    }
    lastSize = size;
  }
  throw new Error(`replica ${replica.name} wrote no complete heap snapshot`);
}
