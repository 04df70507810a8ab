/**
 * Fidelity rules against real Prometheus servers (Debian `prometheus`,
 * backfilled with `promtool`): what every proxy saw is counted once (G8 per
 * series), errors as Kiali counts them (G10), unknown ends as Kiali keeps
 * them (G4, G6), security from configuration where telemetry is silent
 * (O1, E10), and latency from the source's histogram as a fallback. Each
 * expected figure is computed here from the series written, not by the code
 * under test.
 */
import { mockServices } from '@backstage/backend-test-utils';
import type {
  GraphEdge,
  GraphResponse,
  ServiceSummary,
} from '@mesh-portal/plugin-mesh-common';
import { createTelemetryService } from './index';
import { clientTlsLookupFrom } from './clientTlsLookup';
import { memoryCache } from './__testUtils__/memoryCache';
import { FakeDirectory, deployment } from './__testUtils__/fakeDirectory';
import {
  openPrometheusFleet,
  prometheusTestsRunnable,
  type CounterSeries,
  type HistogramSeries,
  type MetricFamily,
  type PrometheusFleet,
} from '@internal/mesh-demo';

const describeWithPrometheus = prometheusTestsRunnable(
  'real-Prometheus fidelity tests',
)
  ? describe
  : describe.skip;

const P = 'platform-east';
const C = 'compute-west';
const CLUSTER_IDS = new Map([
  [P, 'platform'],
  [C, 'compute'],
]);
const BOUNDS = [5, 10, 25, 50, 100, 250, 500, 1000];

type End = [istioCluster: string, namespace: string, workload: string];
const U: End = ['unknown', 'unknown', 'unknown'];

interface Series {
  reporter: 'source' | 'destination';
  src: End;
  dst: End;
  protocol?: 'http' | 'grpc';
  code?: string;
  grpc?: string;
  flags?: string;
  csp?: string;
  /** `destination_service`; defaults to the destination workload's Service host. */
  service?: string;
  serviceNamespace?: string;
  rate: number;
}

function labelsOf(s: Series): Record<string, string> {
  const host =
    s.service ??
    (s.dst[2] === 'unknown'
      ? 'unknown'
      : `${s.dst[2]}.${s.dst[1]}.svc.cluster.local`);
  return {
    reporter: s.reporter,
    source_cluster: s.src[0],
    source_workload_namespace: s.src[1],
    source_workload: s.src[2],
    destination_cluster: s.dst[0],
    destination_workload_namespace: s.dst[1],
    destination_workload: s.dst[2],
    destination_service: host,
    destination_service_name: host.split('.')[0],
    destination_service_namespace: s.serviceNamespace ?? s.dst[1],
    request_protocol: s.protocol ?? 'http',
    response_code: s.code ?? '200',
    grpc_response_status: s.grpc ?? '',
    response_flags: s.flags ?? '-',
    connection_security_policy:
      s.csp ?? (s.reporter === 'source' ? 'unknown' : 'mutual_tls'),
  };
}

/** Both proxies report the same series (the destination says mTLS). */
const both = (s: Omit<Series, 'reporter'>): Series[] => [
  { ...s, reporter: 'source' },
  { ...s, reporter: 'destination' },
];

const web: End = [P, 'web', 'frontend'];
const api: End = [P, 'api', 'public-api'];
const auth: End = [P, 'auth', 'auth'];
const metrics: End = [P, 'metrics', 'metrics'];
const driver: End = [C, 'spark', 'driver'];
const history: End = [C, 'spark', 'history-server'];
const runner: End = [C, 'spark', 'job-runner'];

const SERIES: Series[] = [
  // G8 + G10: 200/301/404/500 at 20 req/s each, both reporters, plus 10 req/s
  // of 503 UF that only the client saw (the request never reached the server).
  ...both({ src: web, dst: api, code: '200', rate: 20 }),
  ...both({ src: web, dst: api, code: '301', rate: 20 }),
  ...both({ src: web, dst: api, code: '404', rate: 20 }),
  ...both({ src: web, dst: api, code: '500', rate: 20 }),
  {
    reporter: 'source',
    src: web,
    dst: api,
    code: '503',
    flags: 'UF',
    rate: 10,
  },
  // G10: an edge answering only 404 (NR: no route) is all errors.
  ...both({ src: api, dst: auth, code: '404', flags: 'NR', rate: 5 }),
  // G7/G10: code 0 (DC) is "no response"; a gRPC status 14 on HTTP 200 is a gRPC error.
  ...both({ src: api, dst: runner, protocol: 'grpc', grpc: '0', rate: 6 }),
  ...both({ src: api, dst: runner, protocol: 'grpc', grpc: '14', rate: 3 }),
  {
    reporter: 'source',
    src: api,
    dst: runner,
    protocol: 'grpc',
    code: '0',
    flags: 'DC',
    rate: 1,
  },
  // G4: unknown sources seen by each cluster.
  { reporter: 'destination', src: U, dst: web, csp: 'none', rate: 2 },
  { reporter: 'destination', src: U, dst: driver, csp: 'none', rate: 4 },
  // G4: a destination with neither workload nor Service: the unknown node of its namespace.
  {
    reporter: 'source',
    src: web,
    dst: U,
    service: 'unknown',
    serviceNamespace: 'api',
    code: '503',
    flags: 'NR',
    rate: 1.5,
  },
  // G6: IP-addressed destinations without workload, and Envoy's own passthrough.
  { reporter: 'source', src: api, dst: U, service: '10.0.0.7:8080', rate: 0.5 },
  { reporter: 'source', src: api, dst: U, service: '10.0.0.8', rate: 0.25 },
  {
    reporter: 'source',
    src: api,
    dst: U,
    service: 'PassthroughCluster',
    rate: 0.25,
  },
  // E10/O1: the client's DestinationRule disables TLS toward a STRICT server:
  // the server refuses, only the client reports.
  {
    reporter: 'source',
    src: web,
    dst: metrics,
    code: '503',
    flags: 'UC',
    rate: 3,
  },
  // Only the client reports (the server has no proxy): latency from its histogram.
  { reporter: 'source', src: driver, dst: history, rate: 2 },
];

/** Histograms: [reporter, src, dst, rate, bucket upper bound]. */
const HISTOGRAMS: Array<[Series['reporter'], End, End, number, number]> = [
  // Both report web -> api: the destination's (10, 25] must win over the source's (500, 1000].
  ['destination', web, api, 80, 25],
  ['source', web, api, 90, 1000],
  // Only the client reports driver -> history: the fallback, bucket (100, 250].
  ['source', driver, history, 2, 250],
];

function reportingCluster(s: Series): string {
  return s.reporter === 'source' ? s.src[0] : s.dst[0];
}

function families(cluster: string): MetricFamily[] {
  const requests: CounterSeries[] = SERIES.filter(
    s => reportingCluster(s) === cluster,
  ).map(s => ({ labels: labelsOf(s), rate: s.rate }));
  const durations: HistogramSeries[] = HISTOGRAMS.filter(
    ([reporter, src, dst]) =>
      (reporter === 'source' ? src[0] : dst[0]) === cluster,
  ).map(([reporter, src, dst, rate, upper]) => ({
    labels: labelsOf({ reporter, src, dst, rate }),
    rate,
    bounds: BOUNDS,
    upper,
  }));
  return [
    { type: 'counter', name: 'istio_requests_total', series: requests },
    {
      type: 'histogram',
      name: 'istio_request_duration_milliseconds',
      series: durations,
    },
  ];
}

const id = (end: End) =>
  `${CLUSTER_IDS.get(end[0])}/${end[1]}/Deployment/${end[2]}`;

/** The engine's view of the metrics Service: mTLS for its own namespace, DISABLE from `web` (E10). */
const METRICS_SERVICE: ServiceSummary = {
  id: 'platform/metrics/metrics',
  cluster: 'platform',
  namespace: 'metrics',
  name: 'metrics',
  host: 'metrics.metrics.svc.cluster.local',
  workloads: [id(metrics)],
  ports: [
    {
      port: 8080,
      clientMode: 'AUTO_MTLS',
      outcome: 'mtls',
      reason: 'auto-mTLS',
    },
  ],
  clientNamespaces: [
    { namespace: 'web', ports: [{ port: 8080, clientMode: 'DISABLE' }] },
  ],
};

function directory(withConfiguration: boolean): FakeDirectory {
  const entries = [web, api, auth, metrics, driver, runner].map(end =>
    deployment(CLUSTER_IDS.get(end[0])!, end[1], end[2], {
      ref: `component:default/${end[2]}`,
    }),
  );
  entries.push(
    deployment('compute', 'spark', 'history-server', undefined, {
      membership: 'none',
    }),
  );
  const fake = new FakeDirectory(entries);
  if (!withConfiguration) return fake;
  const lookup = clientTlsLookupFrom({ services: [METRICS_SERVICE] });
  return Object.assign(fake, { clientTlsToward: lookup });
}

function edgeOf(graph: GraphResponse, source: string, target: string) {
  const found = graph.edges.filter(
    e => e.source === source && e.target === target,
  );
  expect(found).toHaveLength(1);
  return found[0] as GraphEdge;
}

describeWithPrometheus('telemetry fidelity against real Prometheus', () => {
  jest.setTimeout(600_000);
  let fleet: PrometheusFleet | undefined;
  let platformUrl = '';
  let computeUrl = '';
  const end = Math.floor(Date.now() / 60_000) * 60 - 3600;
  const evaluationTime = new Date(end * 1000);

  beforeAll(async () => {
    fleet = await openPrometheusFleet('mesh-fidelity');
    const range = { start: end - 900, end, stepSeconds: 15 };
    const start = async (name: string, cluster: string) =>
      (await fleet!.start(name, families(cluster), range)).url;
    [platformUrl, computeUrl] = await Promise.all([
      start('platform', P),
      start('compute', C),
    ]);
  });

  afterAll(async () => {
    await fleet?.stop();
  });

  async function meshGraph(
    options: { withConfiguration?: boolean; computeDown?: boolean } = {},
  ) {
    const service = createTelemetryService({
      config: {
        sources: {
          clusters: [
            { name: 'platform', url: platformUrl },
            {
              name: 'compute',
              url: options.computeDown ? 'http://127.0.0.1:9' : computeUrl,
            },
          ],
        },
        window: '5m',
        scrapeIntervalSeconds: 15,
        cacheTtlMs: 15_000,
        links: [],
      },
      directory: directory(options.withConfiguration ?? true),
      clusterIds: () => CLUSTER_IDS,
      cache: memoryCache(),
      logger: mockServices.logger.mock(),
      now: () => evaluationTime,
    });
    return service.getMeshGraph({});
  }

  it('G8: per-series deduplication keeps the destination copy and adds the 503 UF only the source saw', async () => {
    const graph = await meshGraph();
    expect(graph.sources.map(s => [s.name, s.ok, s.queries])).toEqual([
      ['platform', true, 6],
      ['compute', true, 6],
    ]);
    const e = edgeOf(graph, id(web), id(api));
    // 4 × 20 reported by both, counted once, + 10 only the source reported.
    expect(e.requestsPerSecond).toBeCloseTo(90, 4);
    // mTLS is what the destination said about the requests it saw (O1).
    expect(e.mtlsShare).toBeCloseTo(1, 4);
  });

  it('G10: 4xx count as errors: (no response + 4xx + 5xx) / total, with 4xx and 5xx apart', async () => {
    const graph = await meshGraph();
    const e = edgeOf(graph, id(web), id(api));
    expect(e.errorRatio).toBeCloseTo((20 + 20 + 10) / 90, 4);
    expect(e.errors?.http4xx).toBeCloseTo(20 / 90, 4);
    expect(e.errors?.http5xx).toBeCloseTo(30 / 90, 4);
    expect(e.errors?.noResponse).toBe(0);
    const notFound = edgeOf(graph, id(api), id(auth));
    expect(notFound.requestsPerSecond).toBeCloseTo(5, 4);
    expect(notFound.errorRatio).toBeCloseTo(1, 4);
    expect(notFound.errors?.http4xx).toBeCloseTo(1, 4);
  });

  it('G7, G10: gRPC: code 0 is no response (source only, added per series), status 14 a gRPC error', async () => {
    const graph = await meshGraph();
    const e = edgeOf(graph, id(api), id(runner));
    expect(e.crossCluster).toBe(true);
    expect(e.requestsPerSecond).toBeCloseTo(10, 4);
    expect(e.errors?.noResponse).toBeCloseTo(1 / 10, 4);
    expect(e.errors?.grpc).toBeCloseTo(3 / 10, 4);
    expect(e.errorRatio).toBeCloseTo(4 / 10, 4);
  });

  it('G8 across stores: with the compute Prometheus down, source copies stand in and are not double counted', async () => {
    const graph = await meshGraph({ computeDown: true });
    const e = edgeOf(graph, id(api), id(runner));
    // The platform store holds only the source copies: 6 + 3 + 1.
    expect(e.requestsPerSecond).toBeCloseTo(10, 4);
    expect(e.mtlsShare).toBeUndefined();
  });

  it('G4: one unknown source per cluster (Kiali `<cluster>_unknown_source`)', async () => {
    const graph = await meshGraph();
    expect(
      edgeOf(graph, 'unknown:platform', id(web)).requestsPerSecond,
    ).toBeCloseTo(2, 4);
    expect(
      edgeOf(graph, 'unknown:compute', id(driver)).requestsPerSecond,
    ).toBeCloseTo(4, 4);
    expect(graph.nodes.find(n => n.id === 'unknown:compute')).toEqual({
      id: 'unknown:compute',
      type: 'unknown',
      name: 'unknown',
      cluster: 'compute',
    });
  });

  it('G4: one unknown destination per namespace (Kiali `svc_<cluster>_<ns>_unknown`)', async () => {
    const graph = await meshGraph();
    const e = edgeOf(graph, id(web), 'unknown-destination:platform/api');
    expect(e.requestsPerSecond).toBeCloseTo(1.5, 4);
    expect(graph.nodes.find(n => n.id === e.target)).toEqual({
      id: 'unknown-destination:platform/api',
      type: 'unknown',
      name: 'unknown',
      cluster: 'platform',
      namespace: 'api',
    });
  });

  it('G6: IP-addressed services without workload go to PassthroughCluster (Kiali graph/telemetry/istio/util/util.go)', async () => {
    const graph = await meshGraph();
    const e = edgeOf(graph, id(api), 'external:PassthroughCluster');
    expect(e.requestsPerSecond).toBeCloseTo(0.5 + 0.25 + 0.25, 4);
    expect(graph.nodes.some(n => n.name.startsWith('10.0.0.'))).toBe(false);
  });

  it('O1, E10: a source-only edge whose client DestinationRule disables TLS is plaintext, from configuration', async () => {
    const graph = await meshGraph();
    const e = edgeOf(graph, id(web), id(metrics));
    expect(e.mtlsShare).toBe(0);
    expect(e.mtlsFromConfiguration).toBe(true);
    // Without the engine's configuration the proxies cannot tell (O1).
    const silent = await meshGraph({ withConfiguration: false });
    expect(edgeOf(silent, id(web), id(metrics)).mtlsShare).toBeUndefined();
  });

  it('O1: a source-only edge into a destination without proxy is plaintext', async () => {
    const graph = await meshGraph();
    const e = edgeOf(
      graph,
      id(driver),
      'compute/spark/Deployment/history-server',
    );
    expect(e.mtlsShare).toBe(0);
  });

  it("latency falls back to the source's histogram when the destination did not report; the destination's wins otherwise", async () => {
    const graph = await meshGraph();
    const fallback = edgeOf(
      graph,
      id(driver),
      'compute/spark/Deployment/history-server',
    );
    // Every observation in (100, 250]: Prometheus interpolates linearly.
    expect(fallback.latencyMs?.p95).toBeCloseTo(100 + 150 * 0.95, 3);
    expect(fallback.latencyFromSource).toBe(true);
    const reported = edgeOf(graph, id(web), id(api));
    expect(reported.latencyMs?.p95).toBeCloseTo(10 + 15 * 0.95, 3);
    expect(reported.latencyFromSource).toBeUndefined();
  });
});
