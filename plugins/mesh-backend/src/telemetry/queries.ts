import { InputError } from '@backstage/errors';
import {
  assertPromLabelName,
  escapePromLabelValue,
  escapePromRegexLiteral,
} from './promql/escape';

/**
 * Names of the queries of one refresh, in the order they are sent.
 * @public
 */
export type TelemetryQueryName =
  | 'requests_destination'
  | 'requests_source_unreported'
  | 'request_latency'
  | 'tcp_destination'
  | 'tcp_source_unreported'
  | 'tcp_ztunnel'
  // Only the background collection runs these three, so the detail drawer
  // of any edge can be answered from memory (`edgeDetail/collectedEdgeQueries.ts`).
  | 'edge_latency'
  | 'tcp_sent'
  | 'edge_rate';

/**
 * One query of the fixed set.
 * @public
 */
export interface TelemetryQuery {
  name: TelemetryQueryName;
  promql: string;
}

/**
 * Restricts a source's queries to some clusters' series, for stores shared
 * by several clusters.
 * @public
 */
export interface QueryScope {
  /** The series label naming the reporting proxy's cluster. */
  clusterLabel: string;
  /** Keep only series whose cluster label equals this value. */
  only?: string;
  /** Drop series whose cluster label is one of these (clusters with their own source). */
  exclude?: string[];
  /** Group by the cluster label too, to know the reporting cluster. */
  groupByClusterLabel?: boolean;
}

/** The labels naming both ends of an edge (workload graph). */
export const EDGE_LABELS = [
  'source_cluster',
  'source_workload_namespace',
  'source_workload',
  'destination_cluster',
  'destination_workload_namespace',
  'destination_workload',
  'destination_service',
  'destination_service_namespace',
] as const;

/** The labels that identify a workload-to-workload edge. */
export const PAIR_LABELS = [
  'source_cluster',
  'source_workload_namespace',
  'source_workload',
  'destination_cluster',
  'destination_workload_namespace',
  'destination_workload',
];

/**
 * The labels that identify one request series of an edge for the `unless`
 * join (per-series deduplication, G8): a source-reported series is dropped
 * only when the destination reported the same series (same ends, protocol,
 * response code, gRPC status and flags). Failures only the client saw
 * (503 `UF`/`URX`, code 0 `DC`) have no destination copy and stay.
 */
const REQUEST_SERIES_LABELS = [
  ...PAIR_LABELS,
  'request_protocol',
  'response_code',
  'grpc_response_status',
  'response_flags',
].join(',');

/** The same for TCP series: ends and response flags. */
const TCP_SERIES_LABELS = [...PAIR_LABELS, 'response_flags'].join(',');

/** Extra labels of request series. */
export const REQUEST_LABELS = [
  'request_protocol',
  'response_code',
  'grpc_response_status',
  'response_flags',
  'connection_security_policy',
] as const;

/** Extra labels of TCP series. */
export const TCP_LABELS = [
  'response_flags',
  'connection_security_policy',
] as const;

/** Quantiles we ask for, as the `quantile` label values they come back with. */
export const LATENCY_QUANTILES = ['0.5', '0.95', '0.99'] as const;

/** The label matchers restricting a query to a source's scope (leading comma). */
export function scopeMatchers(scope: QueryScope | undefined): string {
  if (!scope) return '';
  const label = assertPromLabelName(scope.clusterLabel, 'cluster label');
  let out = '';
  if (scope.only !== undefined) {
    out += `,${label}="${escapePromLabelValue(scope.only)}"`;
  }
  if (scope.exclude && scope.exclude.length > 0) {
    const alternation = scope.exclude.map(escapePromRegexLiteral).join('|');
    out += `,${label}!~"${alternation}"`;
  }
  return out;
}

/** A `by` list: `labels`, plus a shared store's cluster label when it groups by it. */
export function byClause(
  labels: readonly string[],
  scope: QueryScope | undefined,
): string {
  const all = [...labels];
  if (scope?.groupByClusterLabel) {
    all.push(assertPromLabelName(scope.clusterLabel, 'cluster label'));
  }
  return all.join(',');
}

/**
 * Builds the fixed query set of one source. Every query aggregates across
 * all namespaces by the standard labels, so the count (6) never grows with
 * namespaces, services or entities (reference section 8, P5):
 *
 * 1. `requests_destination`: HTTP/gRPC rates as the destination sidecar or
 *    waypoint reported them (codes, gRPC status, flags, mTLS; O1, G8).
 * 2. `requests_source_unreported`: source-reported series the destination
 *    did not report in this store (per series: same ends, protocol, code,
 *    gRPC status, flags), e.g. failures only the client saw, or a
 *    destination unknown, not meshed, or in another cluster's store
 *    (deduplicated again per series after merging).
 * 3. `request_latency`: p50/p95/p99 of the destination-reported histogram,
 *    and of the source's histogram for edges the destination did not report
 *    (labelled `reporter="source"`).
 * 4. `tcp_destination`: bytes/s the client sent (`istio_tcp_received_bytes_total`
 *    reported by the destination, G12), by security policy.
 * 5. `tcp_source_unreported`: the same, source-reported, per series (ends and flags) where no destination report exists.
 * 6. `tcp_ztunnel`: ambient ztunnel L4 series, both reporters (O2).
 * @public
 */
export function buildQuerySet(options: {
  window: string;
  scope?: QueryScope;
}): TelemetryQuery[] {
  const { window, scope } = options;
  if (!/^\d+[smh]$/.test(window)) {
    throw new InputError(
      `window must match ^\\d+[smh]$, got ${JSON.stringify(
        window.slice(0, 40),
      )}`,
    );
  }
  const sel = scopeMatchers(scope);
  const requestBy = byClause(
    ['reporter', ...EDGE_LABELS, ...REQUEST_LABELS],
    scope,
  );
  const tcpBy = byClause(['reporter', ...EDGE_LABELS, ...TCP_LABELS], scope);
  const latencyBy = byClause(['le', ...EDGE_LABELS], scope);
  // Joins never include a shared store's cluster label: the two copies of a
  // cross-cluster series are reported from different clusters.
  const requestSeriesBy = REQUEST_SERIES_LABELS;
  const tcpSeriesBy = TCP_SERIES_LABELS;

  const requestsDest = `rate(istio_requests_total{reporter=~"destination|waypoint"${sel}}[${window}])`;
  const requestsSource = `rate(istio_requests_total{reporter="source"${sel}}[${window}])`;
  const tcpDest = `rate(istio_tcp_received_bytes_total{reporter="destination",app!="ztunnel"${sel}}[${window}])`;
  const tcpAnyDest = `rate(istio_tcp_received_bytes_total{reporter="destination"${sel}}[${window}])`;
  const tcpSource = `rate(istio_tcp_received_bytes_total{reporter="source",app!="ztunnel"${sel}}[${window}])`;
  const tcpZtunnel = `rate(istio_tcp_received_bytes_total{app="ztunnel"${sel}}[${window}])`;
  const buckets = `sum by (${latencyBy}) (rate(istio_request_duration_milliseconds_bucket{reporter=~"destination|waypoint"${sel}}[${window}]))`;
  // The source's histogram only where the destination reported no request
  // at all: the cheap request counter decides, not the buckets.
  const joinBy = PAIR_LABELS.join(',');
  const sourceBuckets = `(sum by (${latencyBy}) (rate(istio_request_duration_milliseconds_bucket{reporter="source"${sel}}[${window}])) unless on (${joinBy}) (sum by (${joinBy}) (${requestsDest}) > 0))`;

  const latency = LATENCY_QUANTILES.flatMap(q => [
    `label_replace(histogram_quantile(${q}, ${buckets}) >= 0, "quantile", "${q}", "", "")`,
    `label_replace(label_replace(histogram_quantile(${q}, ${sourceBuckets}) >= 0, "quantile", "${q}", "", ""), "reporter", "source", "", "")`,
  ]).join(' or ');

  return [
    {
      name: 'requests_destination',
      promql: `sum by (${requestBy}) (${requestsDest}) > 0`,
    },
    {
      name: 'requests_source_unreported',
      promql: `(sum by (${requestBy}) (${requestsSource}) > 0) unless on (${requestSeriesBy}) (sum by (${requestSeriesBy}) (${requestsDest}) > 0)`,
    },
    { name: 'request_latency', promql: latency },
    {
      name: 'tcp_destination',
      promql: `sum by (${tcpBy}) (${tcpDest}) > 0`,
    },
    {
      name: 'tcp_source_unreported',
      promql: `(sum by (${tcpBy}) (${tcpSource}) > 0) unless on (${tcpSeriesBy}) (sum by (${tcpSeriesBy}) (${tcpAnyDest}) > 0)`,
    },
    {
      name: 'tcp_ztunnel',
      promql: `sum by (${tcpBy}) (${tcpZtunnel}) > 0`,
    },
  ];
}
