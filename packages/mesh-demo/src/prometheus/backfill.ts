import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeOpenMetricsBackfill } from '../telemetry/exposition';
import { FamilyName, ScrapeTarget } from '../telemetry/series';

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
  /**
   * A longer, coarser history of the counters alone before that hour (for
   * the 7-day STRICT-readiness window): its length (default none) and step
   * (default 10 minutes: the readiness last-seen subquery steps hourly over
   * `rate(...[1h])`, which needs two samples an hour).
   */
  longHistorySeconds?: number;
  longStepSeconds?: number;
}

/**
 * The long history holds what the readiness queries read: request counters
 * as destinations report them (only they know what arrived in plaintext, O1).
 */
const LONG_HISTORY_FAMILIES: FamilyName[] = ['istio_requests_total'];
const destinationReported = (labels: Array<[string, string]>) =>
  labels.some(([k, v]) => k === 'reporter' && v === 'destination');

async function createBlocks(promtool: string, file: string, dataDir: string) {
  try {
    await exec(
      promtool,
      ['tsdb', 'create-blocks-from', 'openmetrics', file, dataDir],
      { maxBuffer: 64 * 1024 * 1024 },
    );
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim();
    throw new Error(
      `promtool backfill failed: ${
        stderr.split('\n').slice(-3).join(' ') || error
      }`,
    );
  }
}

/**
 * Writes the last hour of the targets' series as OpenMetrics (and, when
 * asked, a longer coarse history of the counters before it) and turns it into
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
    let samples = 0;
    const longStep = options.longStepSeconds ?? 600;
    if (options.longHistorySeconds && options.longHistorySeconds > 0) {
      // Ends one step before the fine hour: the two ranges never overlap.
      const longTo = from - step;
      samples += await writeOpenMetricsBackfill(file, options.targets, {
        fromSeconds: longTo - options.longHistorySeconds,
        toSeconds: longTo,
        stepSeconds: longStep,
        anchorSeconds: options.anchorSeconds,
        families: LONG_HISTORY_FAMILIES,
        seriesFilter: destinationReported,
      });
      await createBlocks(options.promtool, file, options.dataDir);
    }
    samples += await writeOpenMetricsBackfill(file, options.targets, {
      fromSeconds: from,
      toSeconds: to,
      stepSeconds: step,
      anchorSeconds: options.anchorSeconds,
    });
    await createBlocks(options.promtool, file, options.dataDir);
    return { samples, fromSeconds: from, toSeconds: to };
  } finally {
    await fs.rm(file, { force: true });
  }
}
