import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where Prometheus and promtool come from, or why they are unavailable. */
export type PrometheusAvailability =
  | { available: true; prometheus: string; promtool: string }
  | { available: false; reason: string };

async function which(binary: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('sh', ['-c', `command -v ${binary}`]);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Finds `prometheus` and `promtool`, installing the Debian package when they
 * are missing (serialised with other helpers through a lock file). Reports
 * why when apt is not available.
 */
export async function ensurePrometheus(): Promise<PrometheusAvailability> {
  let prometheus = await which('prometheus');
  let promtool = await which('promtool');
  if (prometheus && promtool) return { available: true, prometheus, promtool };
  if (!(await which('apt-get'))) {
    return {
      available: false,
      reason:
        'prometheus is not installed and apt-get is not available to install it',
    };
  }
  try {
    await run(
      'flock',
      ['/tmp/mesh-apt.lock', 'apt-get', 'install', '-y', 'prometheus'],
      {
        timeout: 600_000,
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      },
    );
  } catch (e) {
    try {
      await run(
        'flock',
        [
          '/tmp/mesh-apt.lock',
          'sh',
          '-c',
          'apt-get update && apt-get install -y prometheus',
        ],
        {
          timeout: 900_000,
          env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        },
      );
    } catch (e2) {
      return {
        available: false,
        reason: `apt-get install prometheus failed: ${(
          e2 as Error
        ).message.slice(0, 200)}`,
      };
    }
  }
  prometheus = await which('prometheus');
  promtool = await which('promtool');
  if (prometheus && promtool) return { available: true, prometheus, promtool };
  return {
    available: false,
    reason: 'apt-get installed prometheus but the binaries are not on PATH',
  };
}

/** A free loopback port (bound then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A running Prometheus started by a test or benchmark. */
export interface RunningPrometheus {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Backfills `openMetricsFile` into a fresh TSDB under `dir` with promtool,
 * then starts Prometheus on a random loopback port with an empty scrape
 * config (never the distribution's default one) and waits until it is ready.
 */
export async function startBackfilledPrometheus(options: {
  tools: { prometheus: string; promtool: string };
  dir: string;
  openMetricsFile: string;
}): Promise<RunningPrometheus> {
  const dataDir = join(options.dir, 'data');
  await mkdir(dataDir, { recursive: true });
  await run(
    options.tools.promtool,
    [
      'tsdb',
      'create-blocks-from',
      'openmetrics',
      options.openMetricsFile,
      dataDir,
    ],
    {
      timeout: 900_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const configFile = join(options.dir, 'prometheus.yml');
  await writeFile(
    configFile,
    'global:\n  scrape_interval: 15s\nscrape_configs: []\n',
  );
  const port = await freePort();
  const child = spawn(
    options.tools.prometheus,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=3650d',
      '--query.max-samples=200000000',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', chunk => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise(resolve => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`prometheus exited with ${child.exitCode}: ${stderr}`);
    }
    try {
      const response = await fetch(`${url}/-/ready`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus did not become ready: ${stderr}`);
    }
    await new Promise(r => setTimeout(r, 200));
  }
  return { url, process: child, stop };
}
