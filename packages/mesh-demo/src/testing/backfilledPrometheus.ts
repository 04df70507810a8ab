import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  locatePrometheus,
  type PrometheusBinaries,
} from '../prometheus/locate';
import { startPrometheus, type PrometheusServer } from '../prometheus/server';
import { freePort } from '../startDemo';

const run = promisify(execFile);

/** Where Prometheus and promtool come from, or why they are unavailable. */
export type PrometheusAvailability = PrometheusBinaries;

/**
 * Finds `prometheus` and `promtool`, installing the Debian package when they
 * are missing: the demo's one locator ({@link locatePrometheus}), so tests,
 * benchmarks and the demo find Prometheus alike. Reports why when it cannot.
 */
export function ensurePrometheus(): Promise<PrometheusAvailability> {
  return locatePrometheus({ install: true });
}

/** A running Prometheus started by a test or benchmark. */
export type RunningPrometheus = PrometheusServer;

/**
 * Backfills `openMetricsFile` into a fresh TSDB under `dir` with promtool,
 * then starts Prometheus on a random loopback port with an empty scrape
 * config (never the distribution's default one) through the demo's one
 * launcher ({@link startPrometheus}), and waits until it is ready.
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
  return startPrometheus({
    cluster: 'test',
    binary: options.tools.prometheus,
    configFile,
    dataDir,
    port: await freePort(),
    logFile: join(options.dir, 'prometheus.log'),
    // The backfilled samples may be old: keep them all.
    retention: '3650d',
    extraArgs: ['--query.max-samples=200000000'],
  });
}
