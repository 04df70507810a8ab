import type { QueryScope, TelemetryQuery } from '../queries';
import {
  LATENCY_QUANTILES,
  PAIR_LABELS,
  byClause,
  scopeMatchers,
} from '../queries';

/**
 * What the background collection adds to the fixed query set so that the
 * detail of every edge can be answered from memory. The codes, flags and
 * mTLS of an edge are already in `requests_*`, its received TCP bytes in
 * `tcp_*`; these three add what the graph does not need:
 *
 * 1. `edge_latency`: p50/p95/p99 per workload pair, whatever the Service
 *    (the graph's `request_latency` is per Service, and quantiles of two
 *    Services cannot be combined), from the destination's histogram, and
 *    from the client's only where the destination reported no request.
 * 2. `tcp_sent`: bytes/s the server sent back, per pair, reporter, flags.
 * 3. `edge_rate`: requests/s and received bytes/s per pair and reporter over
 *    a short range (`rangeSeconds`): one point of each edge's sparkline per
 *    collection (`edgeRateRing.ts` keeps the points). Zero rates are kept:
 *    an idle edge has a point at 0, a missing series has none.
 *
 * Their size grows with the edges of the mesh, never with requests: three
 * queries per source per collection.
 */
export function buildCollectedEdgeQueries(options: {
  window: string;
  rangeSeconds: number;
  scope?: QueryScope;
}): TelemetryQuery[] {
  const { window, scope } = options;
  if (!/^\d+[smh]$/.test(window)) {
    throw new Error('window must match ^\\d+[smh]$');
  }
  if (!Number.isInteger(options.rangeSeconds) || options.rangeSeconds < 1) {
    throw new Error('rangeSeconds must be a positive whole number');
  }
  const sel = scopeMatchers(scope);
  const pairs = PAIR_LABELS.join(',');
  const latencyBy = byClause(['le', 'reporter', ...PAIR_LABELS], scope);
  const requestsDest = `rate(istio_requests_total{reporter=~"destination|waypoint"${sel}}[${window}])`;
  const buckets = (reporter: string) =>
    `rate(istio_request_duration_milliseconds_bucket{${reporter}${sel}}[${window}])`;
  const destinationBuckets = `sum by (${latencyBy}) (${buckets(
    'reporter=~"destination|waypoint"',
  )})`;
  const sourceBuckets = `(sum by (${latencyBy}) (${buckets(
    'reporter="source"',
  )}) unless on (${pairs}) (sum by (${pairs}) (${requestsDest}) > 0))`;
  const latency = LATENCY_QUANTILES.flatMap(q => [
    `label_replace(histogram_quantile(${q}, ${destinationBuckets}) >= 0, "quantile", "${q}", "", "")`,
    `label_replace(histogram_quantile(${q}, ${sourceBuckets}) >= 0, "quantile", "${q}", "", "")`,
  ]).join(' or ');

  const tcpSentBy = byClause(
    [
      'reporter',
      ...PAIR_LABELS,
      'response_flags',
      'connection_security_policy',
    ],
    scope,
  );
  const tcpSent = `sum by (${tcpSentBy}) (rate(istio_tcp_sent_bytes_total{${sel.replace(
    /^,/,
    '',
  )}}[${window}])) > 0`;

  const rateBy = byClause(['reporter', ...PAIR_LABELS], scope);
  const range = `${options.rangeSeconds}s`;
  const rate = [
    ['requests', 'istio_requests_total'],
    ['bytes', 'istio_tcp_received_bytes_total'],
  ]
    .map(
      ([unit, metric]) =>
        `label_replace(sum by (${rateBy}) (rate(${metric}{${sel.replace(
          /^,/,
          '',
        )}}[${range}])), "unit", "${unit}", "", "")`,
    )
    .join(' or ');

  return [
    { name: 'edge_latency', promql: latency },
    { name: 'tcp_sent', promql: tcpSent },
    { name: 'edge_rate', promql: rate },
  ];
}
