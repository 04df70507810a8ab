import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensurePrometheus,
  startBackfilledPrometheus,
  type RunningPrometheus,
} from './backfilledPrometheus';
import { writeOpenMetrics, type MetricFamily } from './openMetrics';

/**
 * Whether real-Prometheus tests can run here: Prometheus is installed, or
 * apt-get can install it. When not, warns loudly that the tests named by
 * `what` are skipped, and says why.
 */
export function prometheusTestsRunnable(what: string): boolean {
  const installed = ['/usr/bin/prometheus', '/usr/local/bin/prometheus'].some(
    path => existsSync(path),
  );
  if (installed || existsSync('/usr/bin/apt-get')) return true;
  // eslint-disable-next-line no-console
  console.warn(
    `SKIPPING ${what}: prometheus is not installed and apt-get is unavailable to install it`,
  );
  return false;
}

/** The sample range written into each backfilled Prometheus (Unix seconds). */
export interface BackfillRange {
  start: number;
  end: number;
  stepSeconds: number;
}

/**
 * Real Prometheus servers started by one test file, each backfilled with its
 * own metric families, all under one temporary folder removed by `stop`.
 */
export interface PrometheusFleet {
  /** Writes `families` over `range`, backfills them and starts a server. */
  start(
    name: string,
    families: MetricFamily[],
    range: BackfillRange,
  ): Promise<RunningPrometheus>;
  /** Stops every server started and removes the folder. */
  stop(): Promise<void>;
}

/**
 * Opens a {@link PrometheusFleet} (installing Prometheus when it is missing),
 * or throws saying why it cannot.
 */
export async function openPrometheusFleet(
  prefix: string,
): Promise<PrometheusFleet> {
  const tools = await ensurePrometheus();
  if (!tools.available) throw new Error(tools.reason);
  const dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  const running: RunningPrometheus[] = [];
  return {
    async start(name, families, range) {
      const file = join(dir, `${name}.om`);
      await writeOpenMetrics(file, families, range);
      const prometheus = await startBackfilledPrometheus({
        tools,
        dir: join(dir, name),
        openMetricsFile: file,
      });
      running.push(prometheus);
      return prometheus;
    },
    async stop() {
      await Promise.all(running.map(prometheus => prometheus.stop()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
