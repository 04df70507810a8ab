import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './browser';
import { eventually } from './backend';

const STATE = path.join(REPO_ROOT, '.state');

/** What the demo recorded about one cluster's Prometheus in `.state/demo.json`. */
export interface DemoPrometheus {
  url: string;
  pid: number;
  logFile: string;
}

/** The demo's Prometheus of `cluster`, from `.state/demo.json`. */
export function demoPrometheus(cluster: string): DemoPrometheus {
  const demo = JSON.parse(
    fs.readFileSync(path.join(STATE, 'demo.json'), 'utf8'),
  ) as {
    telemetry: Array<{ cluster: string; prometheus?: DemoPrometheus }>;
  };
  const prometheus = demo.telemetry.find(
    t => t.cluster === cluster,
  )?.prometheus;
  if (!prometheus) {
    throw new Error(`the demo runs no Prometheus for cluster ${cluster}`);
  }
  return prometheus;
}

/** A stopped Prometheus, with what is needed to start it again. */
export interface StoppedPrometheus {
  cluster: string;
  url: string;
  argv: string[];
  logFile: string;
}

async function isUp(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/-/ready`)).ok;
  } catch {
    return false;
  }
}

/**
 * Stops the demo's Prometheus of `cluster` (SIGTERM to its pid) and waits
 * until its port is closed. Keeps its command line to restart it.
 */
export async function stopPrometheus(
  cluster: string,
): Promise<StoppedPrometheus> {
  const prometheus = demoPrometheus(cluster);
  const argv = fs
    .readFileSync(`/proc/${prometheus.pid}/cmdline`, 'utf8')
    .split('\0')
    .filter(Boolean);
  process.kill(prometheus.pid, 'SIGTERM');
  await eventually(`Prometheus of ${cluster} to stop`, async () =>
    (await isUp(prometheus.url)) ? undefined : true,
  );
  return { cluster, url: prometheus.url, argv, logFile: prometheus.logFile };
}

/**
 * Starts a stopped Prometheus again with the same command line (same data
 * directory and port), in a process group of its own. Its pid goes to
 * `.state/pids/prometheus-<cluster>.pid`, where `scripts/lib/stack.sh`
 * finds it to stop it with the rest of the stack.
 */
export async function restartPrometheus(
  stopped: StoppedPrometheus,
): Promise<void> {
  const log = fs.openSync(stopped.logFile, 'a');
  const child = spawn(stopped.argv[0], stopped.argv.slice(1), {
    detached: true,
    stdio: ['ignore', log, log],
  });
  child.unref();
  fs.mkdirSync(path.join(STATE, 'pids'), { recursive: true });
  fs.writeFileSync(
    path.join(STATE, 'pids', `prometheus-${stopped.cluster}.pid`),
    String(child.pid),
  );
  // Keep .state/demo.json true, so a later run stops the right process.
  const demoFile = path.join(STATE, 'demo.json');
  const demo = JSON.parse(fs.readFileSync(demoFile, 'utf8'));
  for (const t of demo.telemetry ?? []) {
    if (t.cluster === stopped.cluster && t.prometheus) {
      t.prometheus.pid = child.pid;
    }
  }
  fs.writeFileSync(demoFile, `${JSON.stringify(demo, null, 2)}\n`);
  await eventually(
    `Prometheus of ${stopped.cluster} to be ready again`,
    async () => ((await isUp(stopped.url)) ? true : undefined),
    60_000,
  );
}
