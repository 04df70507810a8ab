import { InputError } from '@backstage/errors';
import type { QueryScope } from '../queries';
import { LATENCY_QUANTILES, scopeMatchers } from '../queries';
import { escapePromLabelValue, escapePromRegexLiteral } from '../promql/escape';

/**
 * One end of an edge as the telemetry labels name it.
 * @public
 */
export interface EdgeEndLabels {
  /** Every value the `*_cluster` label may take for this cluster (Istio ids and the Backstage name). */
  clusters: string[];
  namespace: string;
  /** The `*_workload` label: the workload's top owner name. */
  workload: string;
}

/** Names of the queries of one edge detail, in the order they are sent. */
export type EdgeQueryName = 'responses' | 'latency' | 'tcp' | 'rate';

/** One query of an edge detail. */
export interface EdgeQuery {
  name: EdgeQueryName;
  promql: string;
}

/** How the rate over the window is sampled. */
export interface RateSampling {
  /** Seconds between points. */
  stepSeconds: number;
  /** Number of points, oldest first. */
  points: number;
  /** Rate range of each point, in seconds (at least two scrapes). */
  rangeSeconds: number;
}

/** Points of the sparkline, at most. */
export const RATE_POINTS_MAX = 24;

/**
 * The sampling of a window: about {@link RATE_POINTS_MAX} points, never
 * closer than one scrape interval, each a rate over at least two scrapes.
 */
export function rateSampling(
  windowSeconds: number,
  scrapeIntervalSeconds: number,
): RateSampling {
  const stepSeconds = Math.max(
    Math.ceil(windowSeconds / RATE_POINTS_MAX),
    scrapeIntervalSeconds,
  );
  const points = Math.max(
    1,
    Math.min(RATE_POINTS_MAX, Math.floor(windowSeconds / stepSeconds)),
  );
  return {
    stepSeconds,
    points,
    rangeSeconds: Math.max(stepSeconds, 2 * scrapeIntervalSeconds),
  };
}

function endMatchers(side: 'source' | 'destination', end: EdgeEndLabels) {
  if (end.clusters.length === 0) {
    throw new InputError(`${side} has no cluster`);
  }
  const clusters = end.clusters.map(escapePromRegexLiteral).join('|');
  return [
    `${side}_cluster=~"${clusters}"`,
    `${side}_workload_namespace="${escapePromLabelValue(end.namespace)}"`,
    `${side}_workload="${escapePromLabelValue(end.workload)}"`,
  ].join(',');
}

/**
 * The query set of one edge's detail, for one source: four instant queries
 * whose size does not depend on the mesh (every label value escaped).
 *
 * 1. `responses`: requests/s by reporter, protocol, code, gRPC status, flags
 *    and security policy (both reporters: the merge keeps the destination's
 *    copy of each kind and the source's where only it saw one, G8).
 * 2. `latency`: p50/p95/p99 per reporter.
 * 3. `tcp`: TCP bytes/s per reporter, direction, flags and security policy.
 * 4. `rate`: the edge's requests/s and TCP bytes/s at {@link RATE_POINTS_MAX}
 *    points over the window. It is one instant query with an `offset` per
 *    point, each labelled with its index, so the client keeps one shape of
 *    answer (vectors) and the set stays four queries.
 */
export function buildEdgeQueries(options: {
  source: EdgeEndLabels;
  destination: EdgeEndLabels;
  window: string;
  sampling: RateSampling;
  scope?: QueryScope;
}): EdgeQuery[] {
  const { window, sampling, scope } = options;
  if (!/^\d+[smh]$/.test(window)) {
    throw new InputError('window must match ^\\d+[smh]$');
  }
  const edge = `${endMatchers('source', options.source)},${endMatchers(
    'destination',
    options.destination,
  )}${scopeMatchers(scope)}`;
  const requests = (range: string, offset = '') =>
    `rate(istio_requests_total{${edge}}[${range}]${offset})`;

  const responses = `sum by (reporter,request_protocol,response_code,grpc_response_status,response_flags,connection_security_policy) (${requests(
    window,
  )}) > 0`;

  const buckets = `sum by (le,reporter) (rate(istio_request_duration_milliseconds_bucket{${edge}}[${window}]))`;
  const latency = LATENCY_QUANTILES.map(
    q =>
      `label_replace(histogram_quantile(${q}, ${buckets}) >= 0, "quantile", "${q}", "", "")`,
  ).join(' or ');

  const tcpBy = 'reporter,response_flags,connection_security_policy';
  const tcp = [
    ['received', 'istio_tcp_received_bytes_total'],
    ['sent', 'istio_tcp_sent_bytes_total'],
  ]
    .map(
      ([direction, metric]) =>
        `label_replace(sum by (${tcpBy}) (rate(${metric}{${edge}}[${window}])) > 0, "direction", "${direction}", "", "")`,
    )
    .join(' or ');

  const range = `${sampling.rangeSeconds}s`;
  const rateParts: string[] = [];
  for (let i = 0; i < sampling.points; i++) {
    const back = (sampling.points - 1 - i) * sampling.stepSeconds;
    const offset = back > 0 ? ` offset ${back}s` : '';
    rateParts.push(
      `label_replace(label_replace(sum by (reporter) (${requests(
        range,
        offset,
      )}), "point", "${i}", "", ""), "unit", "requests", "", "")`,
      `label_replace(label_replace(sum by (reporter) (rate(istio_tcp_received_bytes_total{${edge}}[${range}]${offset})), "point", "${i}", "", ""), "unit", "bytes", "", "")`,
    );
  }

  return [
    { name: 'responses', promql: responses },
    { name: 'latency', promql: latency },
    { name: 'tcp', promql: tcp },
    { name: 'rate', promql: rateParts.join(' or ') },
  ];
}
