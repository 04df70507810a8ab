import type { EdgeProtocol, GraphNode } from '@mesh-portal/plugin-mesh-common';
import type { WorkloadEntry } from '../types';

/** One end of a series, after label quirks are handled. */
export type EndpointRef =
  | { kind: 'workload'; cluster: string; namespace: string; name: string }
  /** A source without workload: one per cluster (G4 `<cluster>_unknown_source`). */
  | { kind: 'unknown'; cluster?: string }
  /** A destination without workload or service: one per namespace (G4 `svc_<cluster>_<ns>_unknown`). */
  | { kind: 'unknown-destination'; cluster?: string; namespace?: string }
  | { kind: 'external'; host: string };

/**
 * How a request ended (G7, G10): a response code of `0` is no response;
 * HTTP 4xx and 5xx by code; a gRPC status other than OK on an otherwise
 * successful HTTP exchange; everything else (and TCP) is `ok`.
 */
export type ResponseClass =
  | 'ok'
  | 'noResponse'
  | 'clientError'
  | 'serverError'
  | 'grpcError';

/**
 * Who reported a series, best first (G8, O2): a destination sidecar, a
 * waypoint, ztunnel at the destination, ztunnel at the source, a source
 * sidecar. Per edge only the best rank present is used.
 */
export const ReporterRank = {
  DestinationSidecar: 0,
  Waypoint: 1,
  ZtunnelDestination: 2,
  ZtunnelSource: 3,
  SourceSidecar: 4,
} as const;

/** A value of {@link ReporterRank}. */
export type ReporterRankValue =
  (typeof ReporterRank)[keyof typeof ReporterRank];

/** One traffic series, normalised. */
export interface TrafficSample {
  protocol: EdgeProtocol;
  rank: ReporterRankValue;
  source: EndpointRef;
  destination: EndpointRef;
  /** True when the destination cluster was missing and assumed to be the source's (G6). */
  destinationClusterAssumed: boolean;
  /**
   * What tells this series apart from other series of the same edge and
   * protocol (response code, gRPC status, response flags): two reporters'
   * copies of one series share it, so per-series deduplication keeps the
   * destination's copy and adds series only the source reported (G8).
   */
  series: string;
  /** The `destination_service` host, for joining with client-side TLS. */
  destinationService?: string;
  /** Requests/s or bytes/s (client-sent, G12). */
  value: number;
  /** How the requests ended (G10); `ok` for TCP. */
  outcome: ResponseClass;
  /** Whether the traffic was mutual TLS; undefined when the reporter cannot know (O1). */
  mtls: boolean | undefined;
}

/** One latency quantile of one edge. */
export interface LatencySample {
  source: EndpointRef;
  destination: EndpointRef;
  /** The destination's histogram wins; the source's is the fallback (Kiali's response-time appender). */
  reporter: 'destination' | 'source';
  quantile: '0.5' | '0.95' | '0.99';
  valueMs: number;
}

/** Latency quantiles in milliseconds. */
export interface Latency {
  p50?: number;
  p95?: number;
  p99?: number;
}

/**
 * An edge with the sums needed to aggregate it exactly (ratios are kept as
 * numerators so that collapsing re-weights them).
 */
export interface TrafficEdge {
  source: string;
  target: string;
  protocol: EdgeProtocol;
  /** Requests/s or bytes/s. */
  rate: number;
  /** Failed requests/s (G10: no response + 4xx + 5xx, and gRPC errors). */
  errorRate: number;
  /** Requests/s without a response (code 0). */
  noResponseRate: number;
  /** Requests/s answered 4xx. */
  clientErrorRate: number;
  /** Requests/s answered 5xx. */
  serverErrorRate: number;
  /** gRPC requests/s with a non-OK status on a successful HTTP exchange. */
  grpcErrorRate: number;
  /** Traffic whose security is known (destination-reported, ztunnel, or from configuration). */
  securityKnownRate: number;
  /** Of which known from the engine's configuration, not from telemetry. */
  securityFromConfigRate: number;
  /** Of which mutual TLS. */
  mtlsRate: number;
  latency?: Latency;
  /** Set when the latency comes from the source's histogram (the destination did not report one). */
  latencyFromSource?: boolean;
  crossCluster: boolean;
}

/** The catalog facts of an entity, as the directory gave them. */
export type EntityInfo = NonNullable<WorkloadEntry['entity']>;

/** A traffic graph before it is shaped into a response. */
export interface TrafficGraph {
  nodes: Map<string, GraphNode>;
  edges: TrafficEdge[];
  /** Entities met while joining nodes, by ref. */
  entities: Map<string, EntityInfo>;
  /**
   * Workload nodes the directory could not resolve (cluster not read yet,
   * unmapped Istio cluster id, excluded namespace): nobody knows whether an
   * entity claims them, so views with visibility limits anonymise them.
   */
  unresolved?: Set<string>;
}
