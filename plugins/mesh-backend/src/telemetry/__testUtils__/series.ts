/**
 * Builders of Istio-shaped series (labels as the proxies emit them) for
 * fake Prometheus answers.
 */
export interface SeriesEnds {
  /** `[istioClusterId, namespace, workload]`; `unknown` fields for unknown sources. */
  src: [string, string, string];
  dst: [string, string, string];
  /** `destination_service` (host). */
  service?: string;
}

/** A request series (`istio_requests_total` shape). */
export function requestSeries(
  ends: SeriesEnds & {
    reporter: 'destination' | 'source' | 'waypoint';
    protocol?: 'http' | 'grpc';
    code?: string;
    grpc?: string;
    csp?: string;
    value: number;
  },
) {
  return {
    metric: {
      reporter: ends.reporter,
      ...endLabels(ends),
      request_protocol: ends.protocol ?? 'http',
      response_code: ends.code ?? '200',
      grpc_response_status: ends.grpc ?? '',
      response_flags: '-',
      connection_security_policy:
        ends.csp ?? (ends.reporter === 'source' ? 'unknown' : 'mutual_tls'),
    },
    value: [0, String(ends.value)],
  };
}

/** A TCP series (`istio_tcp_received_bytes_total` shape). */
export function tcpSeries(
  ends: SeriesEnds & {
    reporter: 'destination' | 'source';
    csp?: string;
    value: number;
  },
) {
  return {
    metric: {
      reporter: ends.reporter,
      ...endLabels(ends),
      response_flags: '-',
      connection_security_policy:
        ends.csp ?? (ends.reporter === 'source' ? 'unknown' : 'mutual_tls'),
    },
    value: [0, String(ends.value)],
  };
}

/** A latency quantile series (as our `request_latency` query returns it). */
export function latencySeries(
  ends: SeriesEnds & { quantile: string; value: number },
) {
  return {
    metric: { ...endLabels(ends), quantile: ends.quantile },
    value: [0, String(ends.value)],
  };
}

function endLabels(ends: SeriesEnds): Record<string, string> {
  return {
    source_cluster: ends.src[0],
    source_workload_namespace: ends.src[1],
    source_workload: ends.src[2],
    destination_cluster: ends.dst[0],
    destination_workload_namespace: ends.dst[1],
    destination_workload: ends.dst[2],
    destination_service:
      ends.service ??
      (ends.dst[2] === 'unknown'
        ? 'unknown'
        : `${ends.dst[2]}.${ends.dst[1]}.svc.cluster.local`),
  };
}
