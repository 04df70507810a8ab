import type { RawSourceData } from './rawData';
import { unpackRows } from './rawData';
import type {
  EndpointRef,
  LatencySample,
  ResponseClass,
  TrafficSample,
} from './model';
import { ReporterRank } from './model';
import type { ReporterRankValue } from './model';
import { EDGE_LABELS, REQUEST_LABELS, TCP_LABELS } from '../queries';
import type { TelemetryQueryName } from '../queries';

/**
 * Maps telemetry cluster labels (Istio cluster ids) to Backstage cluster
 * names; ids it does not know are kept as they are.
 */
export type ClusterResolver = (
  istioClusterId: string | undefined,
) => string | undefined;

/** Builds a resolver from the map istioClusterId → Backstage cluster name. */
export function clusterResolverFrom(ids: Map<string, string>): ClusterResolver {
  return id => {
    if (!id || id === 'unknown') return undefined;
    return ids.get(id) ?? id;
  };
}

function known(value: string | undefined): string | undefined {
  return value && value !== 'unknown' ? value : undefined;
}

function rankOf(
  reporter: string,
  ztunnel: boolean,
): ReporterRankValue | undefined {
  if (ztunnel) {
    if (reporter === 'destination') return ReporterRank.ZtunnelDestination;
    if (reporter === 'source') return ReporterRank.ZtunnelSource;
    return undefined;
  }
  if (reporter === 'destination') return ReporterRank.DestinationSidecar;
  if (reporter === 'waypoint') return ReporterRank.Waypoint;
  if (reporter === 'source') return ReporterRank.SourceSidecar;
  return undefined;
}

/** Whether the reporter sits at the destination end. */
function atDestination(rank: ReporterRankValue): boolean {
  return rank <= ReporterRank.ZtunnelDestination;
}

/**
 * Security as the reporter saw it (O1, O2): sidecars and waypoints at the
 * destination know (`mutual_tls` / `none`); a source sidecar reports
 * `unknown`; ztunnel reports `mutual_tls` for HBONE on both ends and
 * `unknown` only for plain TCP it sent outside the mesh.
 */
function mtlsOf(
  rank: ReporterRankValue,
  policy: string | undefined,
): boolean | undefined {
  if (
    rank === ReporterRank.ZtunnelDestination ||
    rank === ReporterRank.ZtunnelSource
  ) {
    return policy === 'mutual_tls';
  }
  if (rank === ReporterRank.SourceSidecar) return undefined;
  if (policy === 'mutual_tls') return true;
  if (policy === 'none') return false;
  return undefined;
}

/**
 * How a request ended (G7, G10): code `0` is no response; HTTP 4xx and 5xx
 * by code (for gRPC too: an HTTP error code wins over the gRPC status);
 * otherwise a gRPC status other than `0`, when present, is a gRPC error.
 */
export function responseClassOf(
  protocol: string,
  responseCode: string,
  grpcStatus: string,
): ResponseClass {
  if (responseCode === '0') return 'noResponse';
  if (/^4\d\d$/.test(responseCode)) return 'clientError';
  if (/^5\d\d$/.test(responseCode)) return 'serverError';
  if (protocol === 'grpc' && grpcStatus !== '' && grpcStatus !== 'unknown') {
    return grpcStatus !== '0' ? 'grpcError' : 'ok';
  }
  return 'ok';
}

/**
 * Whether a request failed, as Kiali's edge error share counts it (G10:
 * `(noResponse + 4xx + 5xx) / total`; for gRPC a non-OK status too).
 */
export function isFailedRequest(
  protocol: string,
  responseCode: string,
  grpcStatus: string,
): boolean {
  return responseClassOf(protocol, responseCode, grpcStatus) !== 'ok';
}

/** An IPv4 address, optionally with a port (G6). */
const IP_LIKE = /^\d+\.\d+\.\d+\.\d+(:\d+)?$/;

/** The node Kiali drops IP-addressed traffic without a workload into. */
export const PASSTHROUGH_CLUSTER = 'PassthroughCluster';

interface Ends {
  source: EndpointRef;
  destination: EndpointRef;
  destinationClusterAssumed: boolean;
}

/**
 * Resolves both ends of a series. Cluster labels are Istio cluster ids,
 * mapped to Backstage names. A missing or `unknown` `destination_cluster`
 * is the reporting cluster when the destination reported, else the source's
 * cluster (G6, istio/istio#29373). As in Kiali (G4), a source without
 * workload is the unknown source of its cluster; a destination without
 * workload or service is the unknown destination of its namespace; a
 * destination without workload addressed by IP, or Envoy's own
 * `PassthroughCluster`, is the PassthroughCluster node (Kiali's
 * `graph/telemetry/istio/util/util.go`: IP-addressed services without a
 * workload are not a service node of their own); any other destination
 * without workload is an external service named by `destination_service`.
 */
function resolveEnds(
  labels: Record<string, string>,
  reportingCluster: string | undefined,
  destinationReported: boolean,
  resolve: ClusterResolver,
): Ends {
  const sourceWorkload = known(labels.source_workload);
  const sourceNamespace = known(labels.source_workload_namespace);
  const destWorkload = known(labels.destination_workload);
  const destNamespace = known(labels.destination_workload_namespace);
  const labelledDestCluster = resolve(labels.destination_cluster);
  let sourceCluster =
    resolve(labels.source_cluster) ??
    (destinationReported ? undefined : reportingCluster);
  let destCluster =
    labelledDestCluster ?? (destinationReported ? reportingCluster : undefined);
  let destinationClusterAssumed = false;
  if (!destCluster && sourceCluster) {
    destCluster = sourceCluster;
    destinationClusterAssumed = true;
  }
  if (!sourceCluster) sourceCluster = reportingCluster ?? destCluster;

  let source: EndpointRef = sourceCluster
    ? { kind: 'unknown', cluster: sourceCluster }
    : { kind: 'unknown' };
  if (sourceWorkload && sourceNamespace && sourceCluster) {
    source = {
      kind: 'workload',
      cluster: sourceCluster,
      namespace: sourceNamespace,
      name: sourceWorkload,
    };
  }
  return {
    source,
    destination: destinationOf(
      labels,
      destWorkload,
      destNamespace,
      destCluster,
    ),
    destinationClusterAssumed,
  };
}

function destinationOf(
  labels: Record<string, string>,
  workload: string | undefined,
  namespace: string | undefined,
  cluster: string | undefined,
): EndpointRef {
  if (workload && namespace && cluster) {
    return { kind: 'workload', cluster, namespace, name: workload };
  }
  const host = known(labels.destination_service);
  if (host && (IP_LIKE.test(host) || host === PASSTHROUGH_CLUSTER)) {
    return { kind: 'external', host: PASSTHROUGH_CLUSTER };
  }
  if (host) return { kind: 'external', host };
  const serviceNamespace =
    known(labels.destination_service_namespace) ?? namespace;
  const out: EndpointRef = { kind: 'unknown-destination' };
  if (cluster) out.cluster = cluster;
  if (serviceNamespace) out.namespace = serviceNamespace;
  return out;
}

const TRAFFIC_QUERIES: Array<{
  name: TelemetryQueryName;
  family: 'request' | 'tcp';
  ztunnel: boolean;
}> = [
  { name: 'requests_destination', family: 'request', ztunnel: false },
  { name: 'requests_source_unreported', family: 'request', ztunnel: false },
  { name: 'tcp_destination', family: 'tcp', ztunnel: false },
  { name: 'tcp_source_unreported', family: 'tcp', ztunnel: false },
  { name: 'tcp_ztunnel', family: 'tcp', ztunnel: true },
];

/**
 * Turns the raw answers of every source into normalised samples. A series
 * that two sources both hold (a shared store overlapping a cluster's own
 * Prometheus) is counted once.
 */
export function normalizeSamples(
  sources: RawSourceData[],
  resolve: ClusterResolver,
): { traffic: TrafficSample[]; latency: LatencySample[] } {
  const traffic: TrafficSample[] = [];
  const latency: LatencySample[] = [];
  // Only a shared store next to other sources can hold a series twice;
  // otherwise skip the signature bookkeeping (it is most of the cost here).
  const mayOverlap = sources.length > 1 && sources.some(s => s.clusterLabel);
  const seen = new Set<string>();
  const firstTime = (signature: () => string) => {
    if (!mayOverlap) return true;
    const key = signature();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  for (const data of sources) {
    const reportingClusterOf = (labels: Record<string, string>) =>
      data.clusterLabel
        ? resolve(labels[data.clusterLabel]) ?? data.cluster
        : data.cluster;

    for (const query of TRAFFIC_QUERIES) {
      const signatureLabels = [
        'reporter',
        ...EDGE_LABELS,
        ...(query.family === 'request' ? REQUEST_LABELS : TCP_LABELS),
      ];
      for (const { labels, value } of unpackRows(data.results[query.name])) {
        if (!(value > 0) || !Number.isFinite(value)) continue;
        const rank = rankOf(labels.reporter ?? '', query.ztunnel);
        if (rank === undefined) continue;
        const signature = () =>
          `${query.ztunnel ? 'z' : 's'}|${query.family}|${signatureLabels
            .map(l => labels[l] ?? '')
            .join('|')}`;
        if (!firstTime(signature)) continue;
        const ends = resolveEnds(
          labels,
          reportingClusterOf(labels),
          atDestination(rank),
          resolve,
        );
        let protocol: TrafficSample['protocol'] = 'tcp';
        if (query.family === 'request') {
          protocol = labels.request_protocol === 'grpc' ? 'grpc' : 'http';
        }
        const sample: TrafficSample = {
          protocol,
          rank,
          ...ends,
          series:
            query.family === 'request'
              ? `${labels.response_code ?? ''}|${
                  labels.grpc_response_status ?? ''
                }|${labels.response_flags ?? ''}`
              : labels.response_flags ?? '',
          value,
          outcome:
            query.family === 'request'
              ? responseClassOf(
                  protocol,
                  labels.response_code ?? '',
                  labels.grpc_response_status ?? '',
                )
              : 'ok',
          mtls: mtlsOf(rank, labels.connection_security_policy),
        };
        const host = known(labels.destination_service);
        if (host) sample.destinationService = host;
        traffic.push(sample);
      }
    }

    for (const { labels, value } of unpackRows(data.results.request_latency)) {
      const quantile = labels.quantile;
      if (quantile !== '0.5' && quantile !== '0.95' && quantile !== '0.99')
        continue;
      if (!Number.isFinite(value) || value < 0) continue;
      const reporter = labels.reporter === 'source' ? 'source' : 'destination';
      const signature = () =>
        `l|${reporter}|${quantile}|${EDGE_LABELS.map(l => labels[l] ?? '').join(
          '|',
        )}`;
      if (!firstTime(signature)) continue;
      const ends = resolveEnds(
        labels,
        reportingClusterOf(labels),
        reporter === 'destination',
        resolve,
      );
      latency.push({
        source: ends.source,
        destination: ends.destination,
        reporter,
        quantile,
        valueMs: value,
      });
    }
  }
  return { traffic, latency };
}
