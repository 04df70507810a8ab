import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeOpenMetricsBackfill } from '../telemetry/exposition';
import { ScrapeTarget } from '../telemetry/series';

const exec = promisify(execFile);

/** Options of {@link backfillHistory}. */
export interface BackfillHistoryOptions {
  promtool: string;
  /** The Prometheus data directory (blocks are written into it). */
  dataDir: string;
  /** The cluster's simulated proxies. */
  targets: ScrapeTarget[];
  anchorSeconds: number;
  /** End of the history (seconds); defaults to now, rounded down to the step. */
  endSeconds?: number;
  /** Length of the history; default one hour. */
  durationSeconds?: number;
  stepSeconds?: number;
}

/**
 * Writes the last hour of the targets' series as OpenMetrics and turns it into
 * TSDB blocks with `promtool tsdb create-blocks-from openmetrics`, before
 * Prometheus starts on the same data directory. The text file is removed
 * afterwards. Returns the number of samples and the covered range.
 */
export async function backfillHistory(
  options: BackfillHistoryOptions,
): Promise<{ samples: number; fromSeconds: number; toSeconds: number }> {
  const step = options.stepSeconds ?? 15;
  const to = options.endSeconds ?? Math.floor(Date.now() / 1000 / step) * step;
  const from = to - (options.durationSeconds ?? 3600);
  await fs.mkdir(options.dataDir, { recursive: true });
  const file = path.join(
    path.dirname(options.dataDir),
    `${path.basename(options.dataDir)}-backfill.om`,
  );
  try {
    const samples = await writeOpenMetricsBackfill(file, options.targets, {
      fromSeconds: from,
      toSeconds: to,
      stepSeconds: step,
      anchorSeconds: options.anchorSeconds,
    });
    try {
      await exec(
        options.promtool,
        ['tsdb', 'create-blocks-from', 'openmetrics', file, options.dataDir],
        {
          maxBuffer: 64 * 1024 * 1024,
        },
      );
    } catch (error) {
      const stderr = String((error as { stderr?: string }).stderr ?? '').trim();
      throw new Error(
        `promtool backfill failed: ${
          stderr.split('\n').slice(-3).join(' ') || error
        }`,
      );
    }
    return { samples, fromSeconds: from, toSeconds: to };
  } finally {
    await fs.rm(file, { force: true });
  }
}
