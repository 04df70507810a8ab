import type { PrometheusSample } from '../prometheus/types';
import { unpackRows, type RawSourceData } from '../graph/rawData';
import type { TelemetryQueryName } from '../queries';
import type { EdgeEndLabels } from './edgeQueries';
import type { EdgeSamples } from './mergeEdgeDetail';

/**
 * Where each part of an edge's detail is in a background collection, and
 * the label an on-demand answer of that part would carry. Codes, flags and
 * security come from the graph's own request queries: the destination's
 * report plus the client's series the destination did not report, which is
 * what the merge keeps of an on-demand answer anyway (G8, per series).
 */
const PARTS: Array<{
  query: TelemetryQueryName;
  part: 'responses' | 'latency' | 'tcp';
  direction?: 'received' | 'sent';
}> = [
  { query: 'requests_destination', part: 'responses' },
  { query: 'requests_source_unreported', part: 'responses' },
  { query: 'edge_latency', part: 'latency' },
  { query: 'tcp_destination', part: 'tcp', direction: 'received' },
  { query: 'tcp_source_unreported', part: 'tcp', direction: 'received' },
  { query: 'tcp_ztunnel', part: 'tcp', direction: 'received' },
  { query: 'tcp_sent', part: 'tcp', direction: 'sent' },
];

const pairKey = (labels: Record<string, string | undefined>) =>
  JSON.stringify([
    labels.source_cluster,
    labels.source_workload_namespace,
    labels.source_workload,
    labels.destination_cluster,
    labels.destination_workload_namespace,
    labels.destination_workload,
  ]);

type PairIndex = Map<string, Required<Omit<EdgeSamples, 'rate'>>>;

const indexes = new WeakMap<RawSourceData[], PairIndex>();

/** Every collected sample of every source by workload pair, built once per collection. */
function indexOf(sources: RawSourceData[]): PairIndex {
  let index = indexes.get(sources);
  if (index) return index;
  index = new Map();
  for (const source of sources) {
    for (const { query, part, direction } of PARTS) {
      for (const { labels, value } of unpackRows(source.results[query])) {
        const key = pairKey(labels);
        let samples = index.get(key);
        if (!samples) {
          samples = { responses: [], latency: [], tcp: [] };
          index.set(key, samples);
        }
        const metric: PrometheusSample['metric'] = direction
          ? { ...labels, direction }
          : labels;
        samples[part].push({ metric, value });
      }
    }
  }
  indexes.set(sources, index);
  return index;
}

/**
 * The samples of one edge (every spelling of both clusters) in a background
 * collection, shaped like the answers of the on-demand edge queries so one
 * merge serves both paths.
 */
export function collectedEdgeSamples(
  sources: RawSourceData[],
  source: EdgeEndLabels,
  destination: EdgeEndLabels,
): Omit<EdgeSamples, 'rate'> {
  const index = indexOf(sources);
  const out: Required<Omit<EdgeSamples, 'rate'>> = {
    responses: [],
    latency: [],
    tcp: [],
  };
  for (const sc of source.clusters) {
    for (const dc of destination.clusters) {
      const samples = index.get(
        pairKey({
          source_cluster: sc,
          source_workload_namespace: source.namespace,
          source_workload: source.workload,
          destination_cluster: dc,
          destination_workload_namespace: destination.namespace,
          destination_workload: destination.workload,
        }),
      );
      if (!samples) continue;
      out.responses.push(...samples.responses);
      out.latency.push(...samples.latency);
      out.tcp.push(...samples.tcp);
    }
  }
  return out;
}
