import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** A counter that grows linearly at `rate` per second from the first sample. */
export interface CounterSeries {
  labels: Record<string, string>;
  rate: number;
}

/** A histogram whose observations all fall into one bucket `(lower, upper]`. */
export interface HistogramSeries {
  labels: Record<string, string>;
  /** Observations per second. */
  rate: number;
  /** Upper bounds of the buckets, ascending, without +Inf. */
  bounds: number[];
  /** The bucket (its upper bound) every observation falls into. */
  upper: number;
}

/** One metric family to write. */
export type MetricFamily =
  | { type: 'counter'; name: string; series: CounterSeries[] }
  | { type: 'histogram'; name: string; series: HistogramSeries[] };

function labelText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(
      ([k, v]) =>
        `${k}="${v
          .replace(/\\/g, '\\\\')
          .replace(/"/g, '\\"')
          .replace(/\n/g, '\\n')}"`,
    )
    .join(',');
}

/**
 * Writes an OpenMetrics file for `promtool tsdb create-blocks-from
 * openmetrics`: every series sampled every `stepSeconds` from `start` to
 * `end` (unix seconds), counters growing linearly from 0. Streams, so large
 * benchmark files do not sit in memory.
 */
export async function writeOpenMetrics(
  path: string,
  families: MetricFamily[],
  range: { start: number; end: number; stepSeconds: number },
): Promise<number> {
  const out = createWriteStream(path);
  let lines = 0;
  let buffer = '';
  const write = async (line: string) => {
    buffer += `${line}\n`;
    lines++;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  };
  const times: number[] = [];
  for (let t = range.start; t <= range.end; t += range.stepSeconds)
    times.push(t);
  for (const family of families) {
    if (family.series.length === 0) continue;
    const base =
      family.type === 'counter'
        ? family.name.replace(/_total$/, '')
        : family.name;
    await write(`# TYPE ${base} ${family.type}`);
    if (family.type === 'counter') {
      for (const series of family.series) {
        const l = labelText(series.labels);
        for (const t of times) {
          await write(
            `${base}_total{${l}} ${series.rate * (t - range.start)} ${t}`,
          );
        }
      }
    } else {
      for (const series of family.series) {
        const l = labelText(series.labels);
        const mid =
          (series.upper +
            (series.bounds.filter(b => b < series.upper).pop() ?? 0)) /
          2;
        for (const t of times) {
          const count = series.rate * (t - range.start);
          for (const bound of series.bounds) {
            await write(
              `${base}_bucket{${l},le="${bound}"} ${
                bound >= series.upper ? count : 0
              } ${t}`,
            );
          }
          await write(`${base}_bucket{${l},le="+Inf"} ${count} ${t}`);
          await write(`${base}_count{${l}} ${count} ${t}`);
          await write(`${base}_sum{${l}} ${count * mid} ${t}`);
        }
      }
    }
  }
  await write('# EOF');
  out.write(buffer);
  out.end();
  await once(out, 'finish');
  return lines;
}
