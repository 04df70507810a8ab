import type { RawVector } from '../graph/rawData';
import { unpackRows } from '../graph/rawData';
import type { ClusterResolver } from '../graph/normalizeSamples';
import type { ReadinessQueryName } from './queries';

/**
 * A workload as Istio's labels name it (top owner name).
 * @public
 */
export interface WorkloadName {
  cluster: string;
  namespace: string;
  workload: string;
}

/**
 * One caller of a destination workload over the readiness window.
 * @public
 */
export interface InboundCaller {
  /** Absent when the destination did not know the caller (no workload label): an external client or an ingress without metadata. */
  source?: WorkloadName;
  /** `source_principal`, when the caller presented one (mTLS only). */
  principal?: string;
  /** Requests in the window, and of which plaintext. */
  requests: number;
  plaintextRequests: number;
  /** TCP connections opened in the window, and of which plaintext. */
  connections: number;
  plaintextConnections: number;
  /** When plaintext from this caller last arrived (ISO 8601, hourly resolution). */
  lastPlaintext?: string;
}

/**
 * Everything observed arriving at one destination workload.
 * @public
 */
export interface InboundObservation {
  destination: WorkloadName;
  callers: InboundCaller[];
}

/** The raw answers of one Prometheus to the readiness queries. */
export interface ReadinessRawData {
  /** Backstage cluster a per-cluster Prometheus serves (the reporting cluster). */
  cluster?: string;
  results: Partial<Record<ReadinessQueryName, RawVector>>;
}

const known = (v: string | undefined) => (v && v !== 'unknown' ? v : undefined);

/**
 * Joins the readiness answers of every Prometheus into inbound observations
 * per destination workload. Only destination reports are queried, so every
 * series is counted once; a destination in two stores (never the case with
 * one Prometheus per cluster) would be summed.
 */
export function inboundObservations(
  data: ReadinessRawData[],
  resolve: ClusterResolver,
): InboundObservation[] {
  const byDestination = new Map<string, InboundObservation>();
  const callerOf = (labels: Record<string, string>, reporting?: string) => {
    const destCluster = resolve(labels.destination_cluster) ?? reporting;
    const destNamespace = known(labels.destination_workload_namespace);
    const destWorkload = known(labels.destination_workload);
    if (!destCluster || !destNamespace || !destWorkload) return undefined;
    const destKey = `${destCluster}/${destNamespace}/${destWorkload}`;
    let observation = byDestination.get(destKey);
    if (!observation) {
      observation = {
        destination: {
          cluster: destCluster,
          namespace: destNamespace,
          workload: destWorkload,
        },
        callers: [],
      };
      byDestination.set(destKey, observation);
    }
    const srcNamespace = known(labels.source_workload_namespace);
    const srcWorkload = known(labels.source_workload);
    const srcCluster = resolve(labels.source_cluster) ?? destCluster;
    const source =
      srcNamespace && srcWorkload
        ? {
            cluster: srcCluster,
            namespace: srcNamespace,
            workload: srcWorkload,
          }
        : undefined;
    const principal = known(labels.source_principal);
    const sameCaller = (c: InboundCaller) =>
      c.source
        ? !!source &&
          c.source.cluster === source.cluster &&
          c.source.namespace === source.namespace &&
          c.source.workload === source.workload
        : !source;
    let caller = observation.callers.find(sameCaller);
    if (!caller) {
      caller = {
        requests: 0,
        plaintextRequests: 0,
        connections: 0,
        plaintextConnections: 0,
      };
      if (source) caller.source = source;
      observation.callers.push(caller);
    }
    if (principal && !caller.principal) caller.principal = principal;
    return caller;
  };

  for (const source of data) {
    for (const { labels, value } of unpackRows(
      source.results.readiness_requests,
    )) {
      if (!(value > 0)) continue;
      const caller = callerOf(labels, source.cluster);
      if (!caller) continue;
      caller.requests += value;
      if (labels.connection_security_policy === 'none') {
        caller.plaintextRequests += value;
      }
    }
    for (const { labels, value } of unpackRows(
      source.results.readiness_connections,
    )) {
      if (!(value > 0)) continue;
      const caller = callerOf(labels, source.cluster);
      if (!caller) continue;
      caller.connections += value;
      if (labels.connection_security_policy === 'none') {
        caller.plaintextConnections += value;
      }
    }
    for (const { labels, value } of unpackRows(
      source.results.readiness_plaintext_last_seen,
    )) {
      if (!Number.isFinite(value)) continue;
      const caller = callerOf(labels, source.cluster);
      if (!caller) continue;
      const seen = new Date(value * 1000).toISOString();
      if (!caller.lastPlaintext || seen > caller.lastPlaintext) {
        caller.lastPlaintext = seen;
      }
    }
  }
  return [...byDestination.values()];
}
