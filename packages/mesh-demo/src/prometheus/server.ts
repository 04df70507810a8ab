import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';

/** A running Prometheus server. */
export interface PrometheusServer {
  cluster: string;
  url: string;
  port: number;
  pid: number;
  dataDir: string;
  logFile: string;
  /** Stops it (SIGTERM, then SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
}

/** Options of {@link startPrometheus}. */
export interface StartPrometheusOptions {
  cluster: string;
  binary: string;
  configFile: string;
  dataDir: string;
  port: number;
  logFile: string;
  /** How long to wait for `/-/ready`; default 60 s. */
  readyTimeoutMs?: number;
  /** TSDB retention (default `15d`); backfilled history may need longer. */
  retention?: string;
  /** More command-line flags, e.g. `--query.max-samples=…` for benchmarks. */
  extraArgs?: string[];
}

async function waitReady(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  logFile: string,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const log = await fs.readFile(logFile, 'utf8').catch(() => '');
      throw new Error(
        `Prometheus exited (${
          child.exitCode ?? child.signalCode
        }) before it was ready: ${log.trim().split('\n').slice(-3).join(' ')}`,
      );
    }
    try {
      const res = await fetch(`${url}/-/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(
    `Prometheus at ${url} was not ready after ${timeoutMs} ms (log: ${logFile})`,
  );
}

/**
 * Starts Prometheus bound to loopback with the given config and data
 * directory, logging to `logFile`, and waits until `/-/ready` answers.
 */
export async function startPrometheus(
  options: StartPrometheusOptions,
): Promise<PrometheusServer> {
  await fs.mkdir(options.dataDir, { recursive: true });
  await fs.mkdir(path.dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  await once(log, 'open');
  const child = spawn(
    options.binary,
    [
      `--config.file=${options.configFile}`,
      `--storage.tsdb.path=${options.dataDir}`,
      `--web.listen-address=127.0.0.1:${options.port}`,
      `--storage.tsdb.retention.time=${options.retention ?? '15d'}`,
      '--log.level=warn',
      ...(options.extraArgs ?? []),
    ],
    { stdio: ['ignore', log, log], detached: false },
  );
  const url = `http://127.0.0.1:${options.port}`;
  const exited = once(child, 'exit');
  const stop = async (timeoutMs = 10000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
    log.end();
  };
  try {
    await waitReady(
      url,
      child,
      options.readyTimeoutMs ?? 60000,
      options.logFile,
    );
  } catch (error) {
    await stop(2000);
    throw error;
  }
  return {
    cluster: options.cluster,
    url,
    port: options.port,
    pid: child.pid!,
    dataDir: options.dataDir,
    logFile: options.logFile,
    stop,
  };
}
