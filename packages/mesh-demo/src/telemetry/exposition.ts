import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import {
  FAMILIES,
  FamilyName,
  ISTIO_DURATION_BUCKETS_MS,
  PROXY_VERSION,
  ScrapeTarget,
  SeriesSpec,
  counterValue,
  histogramValue,
} from './series';

/** Formats a bucket bound the way Envoy prints it (C `%g`: `0.5`, `1`, `1.8e+06`). */
export function formatBucketBound(value: number): string {
  if (value === 0) return '0';
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  if (exponent < -4 || exponent >= 6) {
    const [mantissa, exp] = value.toExponential(5).split('e');
    const m = mantissa.includes('.')
      ? mantissa.replace(/\.?0+$/, '')
      : mantissa;
    const e = Number(exp);
    return `${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  const fixed = value.toFixed(Math.max(0, 5 - exponent));
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

const BUCKET_BOUNDS = ISTIO_DURATION_BUCKETS_MS.map(formatBucketBound);

function escapeLabelValue(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n');
}

function renderLabels(
  labels: Array<[string, string]>,
  options: { dropEmpty: boolean },
): string {
  return labels
    .filter(([, v]) => !options.dropEmpty || v !== '')
    .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
    .join(',');
}

/**
 * The Prometheus text exposition (format 0.0.4) of one simulated proxy at
 * `nowSeconds`, as Envoy serves it on `/stats/prometheus`. Empty label values
 * (`grpc_response_status=""` on HTTP series) are kept, as Envoy prints them.
 */
export function renderTextExposition(
  target: ScrapeTarget,
  nowSeconds: number,
  anchorSeconds: number,
): string {
  const elapsed = nowSeconds - anchorSeconds;
  const lines: string[] = [
    '# TYPE istio_build gauge',
    `istio_build{component="${target.component}",tag="${PROXY_VERSION}"} 1`,
  ];
  for (const family of FAMILIES) {
    const series = target.families.get(family.name);
    if (!series?.length) continue;
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const s of series) {
      const labels = renderLabels(s.labels, { dropEmpty: false });
      if (family.type === 'counter') {
        lines.push(`${family.name}{${labels}} ${counterValue(s, elapsed)}`);
      } else {
        const h = histogramValue(s, elapsed);
        h.buckets.forEach((b, i) =>
          lines.push(
            `${family.name}_bucket{${labels},le="${BUCKET_BOUNDS[i]}"} ${b}`,
          ),
        );
        lines.push(`${family.name}_bucket{${labels},le="+Inf"} ${h.count}`);
        lines.push(`${family.name}_sum{${labels}} ${h.sum}`);
        lines.push(`${family.name}_count{${labels}} ${h.count}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Options of {@link writeOpenMetricsBackfill}. */
export interface BackfillOptions {
  /** First sample time (seconds since the epoch). */
  fromSeconds: number;
  /** Last sample time (inclusive). */
  toSeconds: number;
  /** Sample spacing in seconds (the scrape interval). */
  stepSeconds: number;
  /** When the counters started (same as the live server's). */
  anchorSeconds: number;
  /**
   * Only these families (and no `istio_build`): a long, coarse history of
   * the counters alone stays small. Default: every family and `istio_build`.
   */
  families?: FamilyName[];
  /** Only the series these labels pass (default all). */
  seriesFilter?: (labels: Array<[string, string]>) => boolean;
}

function withTargetLabels(
  target: ScrapeTarget,
  labels: Array<[string, string]>,
): string {
  const all: Array<[string, string]> = [
    ...labels,
    ...Object.entries(target.targetLabels).sort(([a], [b]) =>
      a.localeCompare(b),
    ),
  ];
  // Prometheus drops empty label values on scrape; the backfill must match
  return renderLabels(all, { dropEmpty: true });
}

/**
 * Writes the history of the given proxies' series as OpenMetrics text for
 * `promtool tsdb create-blocks-from openmetrics`: the same values the live
 * endpoints serve, with the labels Prometheus adds on scrape, timestamps in
 * seconds, one metric family at a time, ending with `# EOF`.
 * Returns the number of samples written.
 */
export async function writeOpenMetricsBackfill(
  file: string,
  targets: ScrapeTarget[],
  options: BackfillOptions,
): Promise<number> {
  const out = createWriteStream(file);
  let pending: string[] = [];
  let samples = 0;
  const flush = async () => {
    if (!pending.length) return;
    const chunk = `${pending.join('\n')}\n`;
    pending = [];
    if (!out.write(chunk)) await once(out, 'drain');
  };
  const times: number[] = [];
  for (
    let t = options.fromSeconds;
    t <= options.toSeconds;
    t += options.stepSeconds
  ) {
    times.push(t);
  }
  const emit = async (line: string) => {
    pending.push(line);
    samples += 1;
    if (pending.length >= 5000) {
      await flush();
      // let the live endpoints in this process answer scrapes meanwhile
      await new Promise(resolve => setImmediate(resolve));
    }
  };
  if (!options.families) {
    pending.push('# TYPE istio_build gauge');
    for (const target of targets) {
      const labels = withTargetLabels(target, [
        ['component', target.component],
        ['tag', PROXY_VERSION],
      ]);
      for (const t of times) await emit(`istio_build{${labels}} 1 ${t}`);
    }
  }
  const families = FAMILIES.filter(
    f => !options.families || options.families.includes(f.name),
  );
  for (const family of families) {
    const withSeries = targets.filter(t => t.families.get(family.name)?.length);
    if (!withSeries.length) continue;
    const familyName =
      family.type === 'counter'
        ? family.name.replace(/_total$/, '')
        : family.name;
    pending.push(`# TYPE ${familyName} ${family.type}`);
    for (const target of withSeries) {
      for (const s of target.families.get(family.name) as SeriesSpec[]) {
        if (options.seriesFilter && !options.seriesFilter(s.labels)) continue;
        const labels = withTargetLabels(target, s.labels);
        if (family.type === 'counter') {
          for (const t of times) {
            await emit(
              `${family.name}{${labels}} ${counterValue(
                s,
                t - options.anchorSeconds,
              )} ${t}`,
            );
          }
        } else {
          for (const t of times) {
            const h = histogramValue(s, t - options.anchorSeconds);
            for (let i = 0; i < h.buckets.length; i++) {
              await emit(
                `${family.name}_bucket{${labels},le="${BUCKET_BOUNDS[i]}"} ${h.buckets[i]} ${t}`,
              );
            }
            await emit(
              `${family.name}_bucket{${labels},le="+Inf"} ${h.count} ${t}`,
            );
            await emit(`${family.name}_sum{${labels}} ${h.sum} ${t}`);
            await emit(`${family.name}_count{${labels}} ${h.count} ${t}`);
          }
        }
      }
    }
  }
  pending.push('# EOF');
  await flush();
  out.end();
  await once(out, 'finish');
  return samples;
}
