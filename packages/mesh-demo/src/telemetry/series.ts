import { createHash } from 'node:crypto';
import { InputError } from '@backstage/errors';
import { TrafficEdge, TrafficModel } from './model';
import { ClusterTopology, PodInfo, WorkloadInfo } from './topology';

/** Istio's default buckets for `istio_request_duration_milliseconds`. */
export const ISTIO_DURATION_BUCKETS_MS = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000,
  300000, 600000, 1800000, 3600000,
];

/** The proxy version the demo pretends to run. */
export const PROXY_VERSION = '1.26.2';

/** Metric families the generator emits, in exposition order. */
export type FamilyName =
  | 'istio_requests_total'
  | 'istio_request_duration_milliseconds'
  | 'istio_tcp_sent_bytes_total'
  | 'istio_tcp_received_bytes_total';

/** The families with their Prometheus types. */
export const FAMILIES: Array<{
  name: FamilyName;
  type: 'counter' | 'histogram';
}> = [
  { name: 'istio_requests_total', type: 'counter' },
  { name: 'istio_request_duration_milliseconds', type: 'histogram' },
  { name: 'istio_tcp_sent_bytes_total', type: 'counter' },
  { name: 'istio_tcp_received_bytes_total', type: 'counter' },
];

/** The rate variation of a series (shared by all series of an edge). */
export interface Wave {
  amplitude: number;
  periodSeconds: number;
  phase: number;
}

/** One time series (or one histogram) a proxy exports. */
export interface SeriesSpec {
  /** Metric labels in Istio's order (without target labels). */
  labels: Array<[string, string]>;
  /** Mean increase per second (requests or bytes). */
  rate: number;
  wave: Wave;
  /** Log-normal latency parameters (histograms only). */
  latency?: { mu: number; sigma: number };
}

/** One simulated proxy that Prometheus scrapes. */
export interface ScrapeTarget {
  /** Backstage cluster name. */
  cluster: string;
  pod: PodInfo;
  /** The proxy's role, for `istio_build`. */
  component: 'proxy' | 'ztunnel';
  /** Scrape path on the cluster's telemetry server. */
  path: string;
  /** Labels Prometheus attaches (job, instance, namespace, pod, pod labels). */
  targetLabels: Record<string, string>;
  families: Map<FamilyName, SeriesSpec[]>;
}

/** The scrape job name, like Istio's sample Prometheus configuration. */
export const SCRAPE_JOB = 'kubernetes-pods';

/** The scrape path of one simulated proxy. */
export function proxyPath(namespace: string, pod: string): string {
  return `/pods/${encodeURIComponent(namespace)}/${encodeURIComponent(
    pod,
  )}/stats/prometheus`;
}

/**
 * The labels Prometheus adds to a pod's series: those of Istio's sample
 * `kubernetes-pods` job (`namespace`, `pod`), plus the pod's `app` and
 * `version` labels from its label map (ztunnel series carry `app="ztunnel"`,
 * which graph queries filter out, O2). Other pod labels are left out to keep
 * the backfill small.
 */
export function podTargetLabels(pod: PodInfo): Record<string, string> {
  const labels: Record<string, string> = {};
  if (pod.labels.app) labels.app = pod.labels.app;
  if (pod.labels.version) labels.version = pod.labels.version;
  return {
    ...labels,
    job: SCRAPE_JOB,
    instance: `${pod.ip}:15020`,
    namespace: pod.namespace,
    pod: pod.name,
  };
}

interface PeerIdentity {
  workload: string;
  namespace: string;
  canonicalService: string;
  canonicalRevision: string;
  app: string;
  version: string;
  principal: string;
  cluster: string;
}

function identityOf(w: WorkloadInfo, topo: ClusterTopology): PeerIdentity {
  const pod = w.pods[0];
  const l = pod.labels;
  return {
    workload: w.name,
    namespace: w.namespace,
    canonicalService:
      l['service.istio.io/canonical-name'] ??
      l['app.kubernetes.io/name'] ??
      l.app ??
      w.name,
    canonicalRevision:
      l['service.istio.io/canonical-revision'] ??
      l['app.kubernetes.io/version'] ??
      l.version ??
      'latest',
    app: l.app ?? 'unknown',
    version: l.version ?? 'unknown',
    principal: `spiffe://cluster.local/ns/${w.namespace}/sa/${pod.serviceAccount}`,
    cluster: topo.istioClusterId,
  };
}

function phaseOf(name: string): number {
  return (
    (createHash('sha256').update(name).digest().readUInt32BE(0) / 2 ** 32) *
    2 *
    Math.PI
  );
}

const Z99 = 2.326347874;

type Reporter = 'source' | 'destination';

interface EdgeContext {
  edge: TrafficEdge;
  src: PeerIdentity;
  dst: PeerIdentity;
  wave: Wave;
}

function commonLabels(
  ctx: EdgeContext,
  reporter: Reporter,
  securityPolicy: string,
  byZtunnel: boolean,
): Array<[string, string]> {
  const { edge, src, dst } = ctx;
  // principals come from the peer certificate: known only over mTLS
  const mtls = edge.mtls;
  const srcPrincipal = mtls ? src.principal : 'unknown';
  const dstPrincipal = mtls || byZtunnel ? dst.principal : 'unknown';
  return [
    ['reporter', reporter],
    ['source_workload', src.workload],
    ['source_canonical_service', src.canonicalService],
    ['source_canonical_revision', src.canonicalRevision],
    ['source_workload_namespace', src.namespace],
    ['source_principal', srcPrincipal],
    ['source_app', src.app],
    ['source_version', src.version],
    ['source_cluster', src.cluster],
    ['destination_workload', dst.workload],
    ['destination_workload_namespace', dst.namespace],
    ['destination_principal', dstPrincipal],
    ['destination_app', dst.app],
    ['destination_version', dst.version],
    [
      'destination_service',
      `${edge.destination.service}.${edge.destination.namespace}.svc.cluster.local`,
    ],
    ['destination_canonical_service', dst.canonicalService],
    ['destination_canonical_revision', dst.canonicalRevision],
    ['destination_service_name', edge.destination.service],
    ['destination_service_namespace', edge.destination.namespace],
    ['destination_cluster', dst.cluster],
    ['request_protocol', edge.protocol],
    ['__security_policy', securityPolicy],
  ];
}

/** Moves the security policy to its place at the end (after the L7 labels). */
function finish(
  labels: Array<[string, string]>,
  l7: Array<[string, string]>,
  flags: string,
): Array<[string, string]> {
  const policy = labels.find(([k]) => k === '__security_policy')![1];
  return [
    ...labels.filter(([k]) => k !== '__security_policy'),
    ...l7,
    ['response_flags', flags],
    ['connection_security_policy', policy],
  ];
}

/** The series one reporting proxy exports for one edge, scaled by its share. */
function edgeSeries(
  ctx: EdgeContext,
  reporter: Reporter,
  securityPolicy: string,
  share: number,
  byZtunnel: boolean,
): Map<FamilyName, SeriesSpec[]> {
  const { edge, wave } = ctx;
  const out = new Map<FamilyName, SeriesSpec[]>();
  const base = commonLabels(ctx, reporter, securityPolicy, byZtunnel);
  if (edge.protocol === 'tcp') {
    const bytes = edge.bytesPerSecond!;
    const labels = finish(base, [], '-');
    // Istio's L4 naming: "received" counts the request direction (G12)
    out.set('istio_tcp_received_bytes_total', [
      { labels, rate: bytes.request * share, wave },
    ]);
    out.set('istio_tcp_sent_bytes_total', [
      { labels, rate: bytes.response * share, wave },
    ]);
    return out;
  }
  if (byZtunnel) return out; // ztunnel exports L4 metrics only (O2)
  const latency = edge.latencyMs!;
  const mu = Math.log(latency.p50);
  const sigma = Math.max(1e-6, (Math.log(latency.p99) - mu) / Z99);
  const outcomes: Array<{ code: string; grpc: string; share: number }> =
    edge.protocol === 'grpc'
      ? Object.entries(edge.grpcStatuses!).map(([status, s]) => ({
          code: '200',
          grpc: status,
          share: s,
        }))
      : Object.entries(edge.responses!).map(([code, s]) => ({
          code,
          grpc: '',
          share: s,
        }));
  const requests: SeriesSpec[] = [];
  const durations: SeriesSpec[] = [];
  for (const o of outcomes) {
    if (o.share <= 0) continue;
    const labels = finish(
      base,
      [
        ['response_code', o.code],
        ['grpc_response_status', o.grpc],
      ],
      edge.responseFlags?.[o.code] ?? '-',
    );
    const rate = edge.requestsPerSecond! * o.share * share;
    requests.push({ labels, rate, wave });
    durations.push({ labels, rate, wave, latency: { mu, sigma } });
  }
  out.set('istio_requests_total', requests);
  out.set('istio_request_duration_milliseconds', durations);
  return out;
}

function labelKey(labels: Array<[string, string]>): string {
  return labels.map(([k, v]) => `${k}=${v}`).join(',');
}

/**
 * Turns the traffic model and the clusters' pods into the simulated proxies
 * and the series each exports. Who reports follows the real proxies: both
 * sidecars for meshed peers (the duplication G8 drops), only the meshed side
 * for an out-of-mesh peer, ztunnel (L4 only) for ambient pods, and only the
 * source for connections the destination rejects.
 */
export function buildScrapeTargets(
  model: TrafficModel,
  topologies: ClusterTopology[],
): ScrapeTarget[] {
  const topoByName = new Map(topologies.map(t => [t.name, t]));
  const targets = new Map<string, ScrapeTarget>();
  const targetOf = (topo: ClusterTopology, pod: PodInfo): ScrapeTarget => {
    const key = `${topo.name}/${pod.namespace}/${pod.name}`;
    let target = targets.get(key);
    if (!target) {
      target = {
        cluster: topo.name,
        pod,
        component: pod.dataplane === 'ztunnel' ? 'ztunnel' : 'proxy',
        path: proxyPath(pod.namespace, pod.name),
        targetLabels: podTargetLabels(pod),
        families: new Map(),
      };
      targets.set(key, target);
    }
    return target;
  };
  // every proxy is a target, with or without traffic
  for (const topo of topologies) {
    for (const w of topo.workloads.values()) {
      for (const pod of w.pods) {
        if (['sidecar', 'gateway', 'ztunnel'].includes(pod.dataplane)) {
          targetOf(topo, pod);
        }
      }
    }
  }
  const addSeries = (
    target: ScrapeTarget,
    series: Map<FamilyName, SeriesSpec[]>,
  ) => {
    for (const [family, list] of series) {
      const existing = target.families.get(family) ?? [];
      for (const s of list) {
        const found = existing.find(
          e => labelKey(e.labels) === labelKey(s.labels),
        );
        if (found) found.rate += s.rate;
        else existing.push({ ...s, labels: [...s.labels] });
      }
      target.families.set(family, existing);
    }
  };
  const resolve = (c: string, ns: string, name: string, edge: string) => {
    const topo = topoByName.get(c);
    if (!topo) throw new InputError(`Edge ${edge}: unknown cluster ${c}`);
    const w = topo.workloads.get(`${ns}/${name}`);
    if (!w || w.pods.length === 0) {
      throw new InputError(
        `Edge ${edge}: no pods for workload ${c}/${ns}/${name}`,
      );
    }
    return { topo, w };
  };
  for (const edge of model.edges) {
    const s = resolve(
      edge.source.cluster,
      edge.source.namespace,
      edge.source.workload,
      edge.name,
    );
    const d = resolve(
      edge.destination.cluster,
      edge.destination.namespace,
      edge.destination.workload,
      edge.name,
    );
    const waveDef = edge.wave ??
      model.defaults?.wave ?? { amplitude: 0, periodSeconds: 600 };
    const ctx: EdgeContext = {
      edge,
      src: identityOf(s.w, s.topo),
      dst: identityOf(d.w, d.topo),
      wave: { ...waveDef, phase: phaseOf(edge.name) },
    };
    const srcShare = 1 / s.w.pods.length;
    for (const pod of s.w.pods) {
      if (pod.dataplane === 'sidecar' || pod.dataplane === 'gateway') {
        addSeries(
          targetOf(s.topo, pod),
          edgeSeries(ctx, 'source', 'unknown', srcShare, false),
        );
      } else if (pod.dataplane === 'ambient') {
        const zt = s.topo.ztunnelByNode.get(pod.node);
        if (zt) {
          addSeries(
            targetOf(s.topo, zt),
            edgeSeries(ctx, 'source', 'mutual_tls', srcShare, true),
          );
        }
      }
    }
    if (edge.rejectedByDestination) continue;
    const dstShare = 1 / d.w.pods.length;
    const policy = edge.mtls ? 'mutual_tls' : 'none';
    for (const pod of d.w.pods) {
      if (pod.dataplane === 'sidecar' || pod.dataplane === 'gateway') {
        addSeries(
          targetOf(d.topo, pod),
          edgeSeries(ctx, 'destination', policy, dstShare, false),
        );
      } else if (pod.dataplane === 'ambient') {
        const zt = d.topo.ztunnelByNode.get(pod.node);
        if (zt) {
          addSeries(
            targetOf(d.topo, zt),
            edgeSeries(ctx, 'destination', policy, dstShare, true),
          );
        }
      }
    }
  }
  return [...targets.values()].sort((a, b) =>
    `${a.cluster}/${a.path}`.localeCompare(`${b.cluster}/${b.path}`),
  );
}

/** Total increase of a series between the anchor and `t` (seconds), before rounding. */
export function integratedAmount(
  spec: SeriesSpec,
  elapsedSeconds: number,
): number {
  if (elapsedSeconds <= 0) return 0;
  const { amplitude, periodSeconds, phase } = spec.wave;
  const w = (2 * Math.PI) / periodSeconds;
  const waveTerm =
    amplitude > 0
      ? (amplitude / w) *
        (Math.sin(w * elapsedSeconds + phase) - Math.sin(phase))
      : 0;
  return spec.rate * (elapsedSeconds + waveTerm);
}

/** A counter's value at `t`: an integer, like Envoy's counters. */
export function counterValue(spec: SeriesSpec, elapsedSeconds: number): number {
  return Math.floor(integratedAmount(spec, elapsedSeconds));
}

function normalCdf(x: number): number {
  // Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7)
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) *
      t +
      0.254829592) *
      t *
      Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

/** A histogram's buckets, sum and count at `t`. */
export function histogramValue(
  spec: SeriesSpec,
  elapsedSeconds: number,
): { buckets: number[]; sum: number; count: number } {
  const count = counterValue(spec, elapsedSeconds);
  const { mu, sigma } = spec.latency!;
  const buckets = ISTIO_DURATION_BUCKETS_MS.map(le =>
    Math.floor(count * normalCdf((Math.log(le) - mu) / sigma)),
  );
  const mean = Math.exp(mu + (sigma * sigma) / 2);
  return { buckets, sum: Math.round(count * mean * 1000) / 1000, count };
}
