import type { WorkloadDirectory, WorkloadEntry } from '../types';
import type {
  InboundCaller,
  InboundObservation,
  WorkloadName,
} from './inbound';

/**
 * Why a caller sends plaintext, and so what to do before STRICT:
 * - `out-of-mesh`: the caller has no proxy (inject it), or only some of its
 *   pods do (restart the others);
 * - `external`: the destination could not name it (an external client or an
 *   ingress without metadata): terminate it at a gateway;
 * - `destination-rule`: the caller is meshed but its DestinationRule sends
 *   plaintext (E10): change the rule first;
 * - `scraper`: a metrics scraper on a declared scrape port: keep a
 *   `portLevelMtls` PERMISSIVE exception on that port (never blocks);
 * - `unexplained`: meshed, no rule says plaintext: look at the caller.
 * @public
 */
export type PlaintextReason =
  | 'out-of-mesh'
  | 'external'
  | 'destination-rule'
  | 'scraper'
  | 'unexplained';

/**
 * One plaintext caller with what the catalog knows of it.
 * @public
 */
export interface PlaintextCaller {
  source?: WorkloadName;
  /** Workload id when the directory knows the caller. */
  workloadId?: string;
  entityRef?: string;
  owner?: string;
  reason: PlaintextReason;
  /** What to do, one sentence. */
  action: string;
  /** Plaintext requests and connections in the window. */
  plaintextRequests: number;
  plaintextConnections: number;
  lastSeen?: string;
}

/**
 * The readiness of one destination workload to go STRICT.
 * @public
 */
export interface WorkloadReadiness {
  destination: WorkloadName;
  workloadId?: string;
  /**
   * `ready`: traffic was observed and none of it would break; `blocked`:
   * some callers would break; `unknown`: no traffic observed in the window
   * (never "ready": silence proves nothing).
   */
  verdict: 'ready' | 'blocked' | 'unknown';
  /** Callers that would break under STRICT. */
  blockers: PlaintextCaller[];
  /** Scrapers: they get port exceptions instead. */
  scrapers: PlaintextCaller[];
  /** Ports that need a `portLevelMtls` PERMISSIVE exception (scrape ports). */
  portExceptions: number[];
  /** Requests and connections observed in the window, all callers. */
  observedRequests: number;
  observedConnections: number;
}

/**
 * What the verdict needs besides telemetry.
 * @public
 */
export interface ReadinessContext {
  directory: Pick<WorkloadDirectory, 'findWorkload' | 'clientTlsToward'>;
  /**
   * Declared scrape ports of a destination workload: the `prometheus.io/port`
   * its pods are scraped on through the proxy (Istio's metrics merging off:
   * `Workload.metricsScrape`) and container ports named for metrics
   * (`metrics`, `http-metrics`, `*-metrics`, `prometheus`).
   */
  scrapePortsOf(workloadId: string): number[];
}

/**
 * Workload and namespace names of the usual metrics scrapers: Prometheus
 * (and its operator's `prometheus-*` StatefulSets), OpenTelemetry
 * collectors, Grafana Agent / Alloy, Datadog, VictoriaMetrics' vmagent.
 */
const SCRAPER_WORKLOAD =
  /(^|-)(prometheus|otel-collector|opentelemetry-collector|grafana-agent|alloy|datadog-agent|vmagent)(-|$)/;
const SCRAPER_NAMESPACE = /^(monitoring|prometheus|observability-system)$/;

/**
 * Said to a scraper-looking caller that blocks because the destination
 * declares no scrape port: with metrics merging on, Prometheus scrapes the
 * agent on 15020 (outside mTLS, never in Istio metrics), so this plaintext
 * is on a port nobody declared.
 */
const UNDECLARED_SCRAPE_PORT =
  'If it scrapes metrics, declare the port it scrapes (prometheus.io/port with metrics merging off, or a container port named metrics) to keep a port exception instead.';

/** Whether the caller's identity is a metrics scraper's. */
export function looksLikeScraper(source: WorkloadName | undefined): boolean {
  if (!source) return false;
  return (
    SCRAPER_WORKLOAD.test(source.workload) ||
    SCRAPER_NAMESPACE.test(source.namespace)
  );
}

function hostOf(entry: WorkloadEntry | undefined): string | undefined {
  return entry?.service
    ? `${entry.service}.${entry.namespace}.svc.cluster.local`
    : undefined;
}

function classify(
  caller: InboundCaller,
  destination: WorkloadEntry | undefined,
  scrapePorts: number[],
  context: ReadinessContext,
): Pick<PlaintextCaller, 'reason' | 'action'> & { entry?: WorkloadEntry } {
  const source = caller.source;
  const entry = source
    ? context.directory.findWorkload(
        source.cluster,
        source.namespace,
        source.workload,
      )
    : undefined;
  // A scraper is known by its identity plus a declared scrape port on the
  // destination: Istio metrics carry no port, so both are needed.
  if (looksLikeScraper(source) && scrapePorts.length > 0) {
    return {
      entry,
      reason: 'scraper',
      action: `Keep port ${scrapePorts.join(
        ', ',
      )} PERMISSIVE with a portLevelMtls exception for the scraper.`,
    };
  }
  if (!source) {
    return {
      reason: 'external',
      action:
        'Terminate this client at an Istio gateway so it enters the mesh with mTLS.',
    };
  }
  const membership = entry?.membership;
  if (membership === 'none' || membership === 'unknown') {
    return {
      entry,
      reason: 'out-of-mesh',
      action: `Inject a sidecar into ${source.namespace}/${source.workload} (or enrol it in ambient) and restart it.`,
    };
  }
  if (membership === 'partial') {
    return {
      entry,
      reason: 'out-of-mesh',
      action: `Restart the pods of ${source.namespace}/${source.workload} that have no proxy.`,
    };
  }
  const host = hostOf(destination);
  if (
    host &&
    context.directory.clientTlsToward?.(
      { cluster: source.cluster, namespace: source.namespace },
      host,
    ) === 'plaintext'
  ) {
    return {
      entry,
      reason: 'destination-rule',
      action: `Change the DestinationRule that disables TLS from ${source.namespace} toward ${host} first (E10).`,
    };
  }
  if (!entry) {
    return {
      reason: 'external',
      action:
        'The caller is not a workload the portal knows: terminate it at a gateway or bring it into the mesh.',
    };
  }
  return {
    entry,
    reason: 'unexplained',
    action: `${source.namespace}/${source.workload} is meshed but sent plaintext: check its proxy and DestinationRules.`,
  };
}

/**
 * The STRICT readiness of every observed destination workload, from what
 * arrived over the window: plaintext callers are classified
 * ({@link PlaintextReason}); scrapers never block but need port exceptions;
 * a workload with no traffic is `unknown`.
 * @public
 */
export function readinessOf(
  observations: InboundObservation[],
  context: ReadinessContext,
  /** Workloads to judge even when nothing arrived (they come out `unknown`). */
  workloads: WorkloadName[] = [],
): WorkloadReadiness[] {
  const key = (w: WorkloadName) => `${w.cluster}/${w.namespace}/${w.workload}`;
  const seen = new Set(observations.map(o => key(o.destination)));
  const silent = workloads
    .filter(w => !seen.has(key(w)))
    .map((destination): InboundObservation => ({ destination, callers: [] }));
  return [...observations, ...silent].map(observation => {
    const { destination } = observation;
    const entry = context.directory.findWorkload(
      destination.cluster,
      destination.namespace,
      destination.workload,
    );
    const scrapePorts = entry
      ? [...new Set(context.scrapePortsOf(entry.workloadId))].sort(
          (a, b) => a - b,
        )
      : [];
    const blockers: PlaintextCaller[] = [];
    const scrapers: PlaintextCaller[] = [];
    let observedRequests = 0;
    let observedConnections = 0;
    for (const caller of observation.callers) {
      observedRequests += caller.requests;
      observedConnections += caller.connections;
      if (!(caller.plaintextRequests > 0 || caller.plaintextConnections > 0)) {
        continue;
      }
      const found = classify(caller, entry, scrapePorts, context);
      const out: PlaintextCaller = {
        reason: found.reason,
        action:
          found.reason !== 'scraper' && looksLikeScraper(caller.source)
            ? `${found.action} ${UNDECLARED_SCRAPE_PORT}`
            : found.action,
        plaintextRequests: caller.plaintextRequests,
        plaintextConnections: caller.plaintextConnections,
      };
      if (caller.source) out.source = caller.source;
      if (caller.lastPlaintext) out.lastSeen = caller.lastPlaintext;
      if (found.entry) {
        out.workloadId = found.entry.workloadId;
        if (found.entry.entity) {
          out.entityRef = found.entry.entity.ref;
          if (found.entry.entity.owner) out.owner = found.entry.entity.owner;
        }
      }
      (found.reason === 'scraper' ? scrapers : blockers).push(out);
    }
    let verdict: WorkloadReadiness['verdict'] =
      blockers.length > 0 ? 'blocked' : 'ready';
    if (!(observedRequests > 0 || observedConnections > 0)) verdict = 'unknown';
    const result: WorkloadReadiness = {
      destination,
      verdict,
      blockers,
      scrapers,
      portExceptions: scrapers.length > 0 ? scrapePorts : [],
      observedRequests,
      observedConnections,
    };
    if (entry) result.workloadId = entry.workloadId;
    return result;
  });
}
