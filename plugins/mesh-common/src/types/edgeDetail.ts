import type { EdgeProtocol, GraphNode, TelemetrySourceStatus } from './api';

/**
 * Requests of one kind on an edge: a response code with its gRPC status and
 * Envoy response flags.
 * @public
 */
export interface EdgeResponseBreakdown {
  protocol: EdgeProtocol;
  /** HTTP status code as reported; `0` when no response was received. */
  code: string;
  /** gRPC status number, for gRPC requests. */
  grpcStatus?: string;
  /** Envoy response flags, `-` for none, e.g. `UC` or `UF,URX`. */
  flags: string;
  requestsPerSecond: number;
  /** Which proxy's report the figure comes from: the destination's when it reported this kind, else the source's (failures only the client saw). */
  reporter: 'destination' | 'source';
}

/**
 * One point of an edge's rate over the window.
 * @public
 */
export interface EdgeRatePoint {
  /** End of the rate interval (ISO 8601). */
  time: string;
  /** Requests/s (HTTP, gRPC) or bytes/s sent by the client (TCP); absent when no proxy reported. */
  value?: number;
}

/**
 * `GET /edge`: the traffic detail of one workload-to-workload edge.
 * @public
 */
export interface EdgeDetailResponse {
  source: GraphNode;
  destination: GraphNode;
  window: string;
  /** Evaluation time of the queries (ISO 8601). */
  dataTime: string;
  /** Seconds from `dataTime` to this answer. Absent from older backends. */
  ageSeconds?: number;
  /**
   * As in `GraphResponse`: `background` when answered from the backend's
   * scheduled collection (no query), `on-demand` when queried for this
   * request. Absent from older backends.
   */
  collection?: 'background' | 'on-demand';
  /** Total requests per second (HTTP, gRPC). */
  requestsPerSecond?: number;
  /** Requests by code, gRPC status and flags, largest first. */
  responses: EdgeResponseBreakdown[];
  /** Latency quantiles in milliseconds. */
  latencyMs?: { p50?: number; p95?: number; p99?: number };
  /** True when `latencyMs` comes from the client's histogram (no destination report). */
  latencyFromSource?: boolean;
  /** TCP bytes per second: sent by the client (received by the server, G12) and sent back by the server. */
  tcp?: { bytesFromClient: number; bytesFromServer: number; flags: string[] };
  /** Share (0-1) of requests (else bytes) that were mutual TLS, as reported. */
  mtlsShare?: number;
  /** The edge's rate over the window, oldest first. */
  rate: {
    unit: 'requests' | 'bytes';
    stepSeconds: number;
    points: EdgeRatePoint[];
  };
  sources: TelemetrySourceStatus[];
}
