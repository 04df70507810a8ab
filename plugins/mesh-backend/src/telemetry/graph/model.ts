import type { EdgeProtocol, GraphNode } from '@mesh-portal/plugin-mesh-common';
import type { WorkloadEntry } from '../types';

/** One end of a series, after label quirks are handled. */
export type EndpointRef =
  | { kind: 'workload'; cluster: string; namespace: string; name: string }
  | { kind: 'unknown' }
  | { kind: 'external'; host: string };

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
  /** Requests/s or bytes/s (client-sent, G12). */
  value: number;
  /** HTTP 5xx, gRPC non-OK or no response (code 0). */
  error: boolean;
  /** Whether the traffic was mutual TLS; undefined when the reporter cannot know (O1). */
  mtls: boolean | undefined;
}

/** One latency quantile of one edge (destination-reported). */
export interface LatencySample {
  source: EndpointRef;
  destination: EndpointRef;
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
  /** Failed requests/s. */
  errorRate: number;
  /** Traffic whose security is known (destination-reported or ztunnel). */
  securityKnownRate: number;
  /** Of which mutual TLS. */
  mtlsRate: number;
  latency?: Latency;
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
}
