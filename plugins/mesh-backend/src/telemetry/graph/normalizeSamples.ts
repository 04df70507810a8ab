import type { RawSourceData } from './rawData';
import { unpackRows } from './rawData';
import type { EndpointRef, LatencySample, TrafficSample } from './model';
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
 * Whether a request failed: gRPC non-OK status (when the gRPC status is
 * present), else HTTP 5xx, or no response at all (code `0`, G7).
 */
export function isFailedRequest(
  protocol: string,
  responseCode: string,
  grpcStatus: string,
): boolean {
  if (responseCode === '0') return true;
  if (/^5\d\d$/.test(responseCode)) return true;
  if (protocol === 'grpc' && grpcStatus !== '' && grpcStatus !== 'unknown') {
    return grpcStatus !== '0';
  }
  return false;
}

interface Ends {
  source: EndpointRef;
  destination: EndpointRef;
  destinationClusterAssumed: boolean;
}

/**
 * Resolves both ends of a series. Cluster labels are Istio cluster ids,
 * mapped to Backstage names. A missing or `unknown` `destination_cluster`
 * is the reporting cluster when the destination reported, else the source's
 * cluster (G6, istio/istio#29373). A source without workload is the
 * `unknown` node; a destination without workload is an external service
 * named by `destination_service`.
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

  const source: EndpointRef =
    sourceWorkload && sourceNamespace && sourceCluster
      ? {
          kind: 'workload',
          cluster: sourceCluster,
          namespace: sourceNamespace,
          name: sourceWorkload,
        }
      : { kind: 'unknown' };
  const destination: EndpointRef =
    destWorkload && destNamespace && destCluster
      ? {
          kind: 'workload',
          cluster: destCluster,
          namespace: destNamespace,
          name: destWorkload,
        }
      : {
          kind: 'external',
          host: known(labels.destination_service) ?? 'unknown',
        };
  return { source, destination, destinationClusterAssumed };
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
        traffic.push({
          protocol,
          rank,
          ...ends,
          value,
          error:
            query.family === 'request' &&
            isFailedRequest(
              protocol,
              labels.response_code ?? '',
              labels.grpc_response_status ?? '',
            ),
          mtls: mtlsOf(rank, labels.connection_security_policy),
        });
      }
    }

    for (const { labels, value } of unpackRows(data.results.request_latency)) {
      const quantile = labels.quantile;
      if (quantile !== '0.5' && quantile !== '0.95' && quantile !== '0.99')
        continue;
      if (!Number.isFinite(value) || value < 0) continue;
      const signature = () =>
        `l|${quantile}|${EDGE_LABELS.map(l => labels[l] ?? '').join('|')}`;
      if (!firstTime(signature)) continue;
      const ends = resolveEnds(
        labels,
        reportingClusterOf(labels),
        true,
        resolve,
      );
      latency.push({
        source: ends.source,
        destination: ends.destination,
        quantile,
        valueMs: value,
      });
    }
  }
  return { traffic, latency };
}
