import type { TelemetryQueryName } from '../queries';
import type { PrometheusSample } from '../prometheus/types';

/**
 * One query's result in a compact, JSON-safe form for the cache: the label
 * names once, then one row of label values per sample with the value last.
 * @public
 */
export interface RawVector {
  labels: string[];
  rows: Array<Array<string | number>>;
}

/**
 * Everything one source answered in one refresh (what gets cached).
 * @public
 */
export interface RawSourceData {
  /** Source name (a Backstage cluster name, or the shared source's name). */
  source: string;
  /** Backstage cluster a per-cluster source serves: the reporting cluster of its series. */
  cluster?: string;
  /** For shared stores: the label naming the reporting proxy's cluster. */
  clusterLabel?: string;
  /** Evaluation time (ISO 8601). */
  dataTime: string;
  /**
   * Identifies this one collection (kept through the cache), so graphs built
   * from it can be reused until the data changes. Absent in older cache entries.
   */
  collectionId?: string;
  queries: number;
  durationMs: number;
  warnings: string[];
  /** Set when some or all queries failed; safe to show. */
  error?: string;
  results: Partial<Record<TelemetryQueryName, RawVector>>;
}

/** Packs samples into a `RawVector`; NaN and infinities are dropped (JSON cannot hold them). */
export function packSamples(samples: PrometheusSample[]): RawVector {
  const names = new Set<string>();
  for (const sample of samples) {
    for (const name of Object.keys(sample.metric)) names.add(name);
  }
  const labels = [...names].sort();
  const rows: RawVector['rows'] = [];
  for (const sample of samples) {
    if (!Number.isFinite(sample.value)) continue;
    const row: Array<string | number> = labels.map(l => sample.metric[l] ?? '');
    row.push(sample.value);
    rows.push(row);
  }
  return { labels, rows };
}

/** Iterates a `RawVector` as label maps with values. */
export function* unpackRows(
  vector: RawVector | undefined,
): Generator<{ labels: Record<string, string>; value: number }> {
  if (!vector) return;
  for (const row of vector.rows) {
    const labels: Record<string, string> = {};
    for (let i = 0; i < vector.labels.length; i++) {
      labels[vector.labels[i]] = row[i] as string;
    }
    yield { labels, value: row[row.length - 1] as number };
  }
}
