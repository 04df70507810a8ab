import type {
  EdgeDetailResponse,
  EdgeProtocol,
  EdgeResponseBreakdown,
} from '@mesh-portal/plugin-mesh-common';
import type { PrometheusSample } from '../prometheus/types';
import type { EdgeQueryName, RateSampling } from './edgeQueries';

/** The answers of one source's edge queries (a failed query is absent). */
export type EdgeSamples = Partial<Record<EdgeQueryName, PrometheusSample[]>>;

/** The traffic part of an edge detail, merged over every source. */
export type EdgeTraffic = Pick<
  EdgeDetailResponse,
  | 'requestsPerSecond'
  | 'responses'
  | 'latencyMs'
  | 'latencyFromSource'
  | 'tcp'
  | 'mtlsShare'
  | 'rate'
>;

/** Destination sidecars and waypoints count as the destination's report. */
function reporterOf(sample: PrometheusSample): 'destination' | 'source' {
  return sample.metric.reporter === 'source' ? 'source' : 'destination';
}

function finite(value: number): boolean {
  return Number.isFinite(value) && value >= 0;
}

function protocolOf(label: string | undefined): EdgeProtocol {
  if (label === 'grpc') return 'grpc';
  if (label === 'tcp') return 'tcp';
  return 'http';
}

interface Both {
  destination: number;
  source: number;
}

function add(map: Map<string, Both>, key: string, sample: PrometheusSample) {
  if (!finite(sample.value)) return;
  const entry = map.get(key) ?? { destination: 0, source: 0 };
  entry[reporterOf(sample)] += sample.value;
  map.set(key, entry);
}

/** Prefers the destination's report of one kind of traffic, else the source's (G8). */
function pick(entry: Both): {
  value: number;
  reporter: 'destination' | 'source';
} {
  return entry.destination > 0
    ? { value: entry.destination, reporter: 'destination' }
    : { value: entry.source, reporter: 'source' };
}

function mergeResponses(samples: PrometheusSample[]) {
  const byKind = new Map<string, Both>();
  const security = { mtls: 0, known: 0 };
  for (const sample of samples) {
    const m = sample.metric;
    add(
      byKind,
      JSON.stringify([
        protocolOf(m.request_protocol),
        m.response_code ?? '',
        m.grpc_response_status ?? '',
        m.response_flags || '-',
      ]),
      sample,
    );
    // Security as the destination saw it (O1): the source cannot tell.
    if (reporterOf(sample) === 'destination' && finite(sample.value)) {
      const policy = m.connection_security_policy;
      if (policy === 'mutual_tls' || policy === 'none') {
        security.known += sample.value;
        if (policy === 'mutual_tls') security.mtls += sample.value;
      }
    }
  }
  const responses: EdgeResponseBreakdown[] = [];
  for (const [key, entry] of byKind) {
    const [protocol, code, grpcStatus, flags] = JSON.parse(key) as [
      EdgeProtocol,
      string,
      string,
      string,
    ];
    const { value, reporter } = pick(entry);
    if (value <= 0) continue;
    const row: EdgeResponseBreakdown = {
      protocol,
      code,
      flags,
      requestsPerSecond: value,
      reporter,
    };
    if (grpcStatus) row.grpcStatus = grpcStatus;
    responses.push(row);
  }
  responses.sort(
    (a, b) =>
      b.requestsPerSecond - a.requestsPerSecond ||
      a.code.localeCompare(b.code) ||
      a.flags.localeCompare(b.flags),
  );
  return { responses, security };
}

function mergeLatency(samples: PrometheusSample[]) {
  const destination: Record<string, number> = {};
  const source: Record<string, number> = {};
  for (const sample of samples) {
    const q = sample.metric.quantile;
    if (!q || !finite(sample.value)) continue;
    const target = reporterOf(sample) === 'source' ? source : destination;
    // Several stores may hold a copy: the first finite value stands.
    target[q] ??= sample.value;
  }
  const useSource = Object.keys(destination).length === 0;
  const chosen = useSource ? source : destination;
  if (Object.keys(chosen).length === 0) return undefined;
  const latencyMs: NonNullable<EdgeTraffic['latencyMs']> = {};
  if (chosen['0.5'] !== undefined) latencyMs.p50 = chosen['0.5'];
  if (chosen['0.95'] !== undefined) latencyMs.p95 = chosen['0.95'];
  if (chosen['0.99'] !== undefined) latencyMs.p99 = chosen['0.99'];
  return { latencyMs, fromSource: useSource };
}

function mergeTcp(samples: PrometheusSample[]) {
  const byDirection = new Map<string, Both>();
  const flags = new Set<string>();
  const security = { mtls: 0, known: 0 };
  for (const sample of samples) {
    const m = sample.metric;
    add(byDirection, m.direction ?? 'received', sample);
    if (m.response_flags && m.response_flags !== '-') {
      flags.add(m.response_flags);
    }
    if (
      m.direction === 'received' &&
      reporterOf(sample) === 'destination' &&
      finite(sample.value)
    ) {
      const policy = m.connection_security_policy;
      if (policy === 'mutual_tls' || policy === 'none') {
        security.known += sample.value;
        if (policy === 'mutual_tls') security.mtls += sample.value;
      }
    }
  }
  if (byDirection.size === 0) return undefined;
  const received = byDirection.get('received');
  const sent = byDirection.get('sent');
  return {
    tcp: {
      // G12: received bytes are what the client sent.
      bytesFromClient: received ? pick(received).value : 0,
      bytesFromServer: sent ? pick(sent).value : 0,
      flags: [...flags].sort(),
    },
    security,
  };
}

function mergeRate(
  samples: PrometheusSample[],
  unit: 'requests' | 'bytes',
  sampling: RateSampling,
  time: Date,
): EdgeTraffic['rate'] {
  const byPoint = new Map<string, Both>();
  for (const sample of samples) {
    if (sample.metric.unit !== unit) continue;
    add(byPoint, sample.metric.point ?? '', sample);
  }
  const points = [];
  for (let i = 0; i < sampling.points; i++) {
    const back = (sampling.points - 1 - i) * sampling.stepSeconds;
    const entry = byPoint.get(String(i));
    const point: EdgeTraffic['rate']['points'][number] = {
      time: new Date(time.getTime() - back * 1000).toISOString(),
    };
    // Per point the larger report: the client's counts failures only it
    // saw, the server's requests whose client reported nothing.
    if (entry) point.value = Math.max(entry.destination, entry.source);
    points.push(point);
  }
  return { unit, stepSeconds: sampling.stepSeconds, points };
}

/** The traffic of one edge without its rate over the window. */
export type EdgeTotals = Omit<EdgeTraffic, 'rate'>;

/**
 * Merges every source's answers into the traffic of one edge: per kind of
 * request the destination's report, else the source's (failures only the
 * client saw, such as `503 UC` from a STRICT server refusing plaintext, have
 * no destination copy); latency from the destination's histogram, else the
 * client's; mTLS as the destination reported it (O1).
 */
export function mergeEdgeTotals(answers: EdgeSamples[]): EdgeTotals {
  const all = (name: EdgeQueryName) => answers.flatMap(a => a[name] ?? []);
  const { responses, security } = mergeResponses(all('responses'));
  const latency = mergeLatency(all('latency'));
  const tcp = mergeTcp(all('tcp'));
  const totals: EdgeTotals = { responses };
  if (responses.length > 0) {
    totals.requestsPerSecond = responses.reduce(
      (sum, r) => sum + r.requestsPerSecond,
      0,
    );
  }
  if (latency) {
    totals.latencyMs = latency.latencyMs;
    if (latency.fromSource) totals.latencyFromSource = true;
  }
  if (tcp) totals.tcp = tcp.tcp;
  const shareOf = security.known > 0 ? security : tcp?.security;
  if (shareOf && shareOf.known > 0) {
    totals.mtlsShare = shareOf.mtls / shareOf.known;
  }
  return totals;
}

/** What an edge's sparkline counts: requests, else (a TCP-only edge) bytes. */
export function rateUnitOf(totals: EdgeTotals): 'requests' | 'bytes' {
  return totals.responses.length > 0 || !totals.tcp ? 'requests' : 'bytes';
}

/**
 * {@link mergeEdgeTotals} plus the rate over the window from the `rate`
 * answers of the on-demand queries.
 */
export function mergeEdgeDetail(
  answers: EdgeSamples[],
  sampling: RateSampling,
  time: Date,
): EdgeTraffic {
  const totals = mergeEdgeTotals(answers);
  return {
    ...totals,
    rate: mergeRate(
      answers.flatMap(a => a.rate ?? []),
      rateUnitOf(totals),
      sampling,
      time,
    ),
  };
}
