/**
 * Integration tests against real Prometheus servers (Debian `prometheus`
 * and `promtool`), backfilled from OpenMetrics files generated here from a
 * small traffic model. The expected graph is computed from the model by
 * this file alone, not by the code under test.
 */
import { mockServices } from '@backstage/backend-test-utils';
import type { GraphEdge, GraphResponse } from '@mesh-portal/plugin-mesh-common';
import { createTelemetryService } from './index';
import type { TelemetryConfig } from '../config/telemetryConfig';
import { memoryCache } from './__testUtils__/memoryCache';
import { CLUSTER_IDS, demoDirectory } from './__testUtils__/demoFixture';
import {
  openPrometheusFleet,
  prometheusTestsRunnable,
  type CounterSeries,
  type HistogramSeries,
  type MetricFamily,
  type PrometheusFleet,
  type RunningPrometheus,
} from '@internal/mesh-demo';

const describeWithPrometheus = prometheusTestsRunnable(
  'real-Prometheus telemetry tests',
)
  ? describe
  : describe.skip;

type End = [istioCluster: string, namespace: string, workload: string];

/** One modelled edge: what the clients and servers do, per second. */
interface ModelEdge {
  src: End;
  dst: End;
  protocol: 'http' | 'grpc' | 'tcp';
  /** Requests/s (HTTP, gRPC) or bytes/s the client sent (TCP). */
  rate: number;
  /** Bytes/s the server sent back (TCP only; must not show up as the edge rate, G12). */
  responseBytes?: number;
  /** Failed requests/s (5xx, or gRPC status 14). */
  failures?: number;
  mtls: boolean;
  /** Which proxies report: both, only the destination (unknown client), or only the source (server outside the mesh). */
  reporters: 'both' | 'destination' | 'source';
  /** All observations fall in this bucket `(lower, upper]` at the destination. */
  latencyBucket?: [number, number];
}

const P = 'platform-east';
const C = 'compute-west';
const BOUNDS = [5, 10, 25, 50, 100, 250, 500, 1000];

const MODEL: ModelEdge[] = [
  {
    src: [P, 'web', 'frontend'],
    dst: [P, 'api', 'public-api'],
    protocol: 'http',
    rate: 10,
    failures: 1,
    mtls: true,
    reporters: 'both',
    latencyBucket: [50, 100],
  },
  {
    src: [P, 'web', 'frontend'],
    dst: [P, 'api', 'public-api-canary'],
    protocol: 'http',
    rate: 2,
    mtls: false,
    reporters: 'both',
    latencyBucket: [10, 25],
  },
  {
    src: [P, 'api', 'public-api'],
    dst: [P, 'pipelines', 'scheduler'],
    protocol: 'grpc',
    rate: 5,
    failures: 1,
    mtls: true,
    reporters: 'both',
  },
  {
    src: [P, 'pipelines', 'scheduler'],
    dst: [C, 'spark', 'job-runner'],
    protocol: 'grpc',
    rate: 3,
    mtls: true,
    reporters: 'both',
    latencyBucket: [100, 250],
  },
  {
    src: [C, 'spark', 'driver'],
    dst: [C, 'spark', 'shuffle'],
    protocol: 'tcp',
    rate: 1000,
    responseBytes: 300,
    mtls: true,
    reporters: 'both',
  },
  {
    src: [C, 'spark', 'job-runner'],
    dst: [C, 'legacy', 'legacy'],
    protocol: 'http',
    rate: 2,
    mtls: false,
    reporters: 'source',
  },
  {
    src: ['unknown', 'unknown', 'unknown'],
    dst: [P, 'web', 'frontend'],
    protocol: 'http',
    rate: 1,
    mtls: false,
    reporters: 'destination',
  },
];

/** Backstage names of the modelled Istio cluster ids (the demo's mapping). */
const NAMES: Record<string, string> = { [P]: 'platform', [C]: 'compute' };

function endLabels(src: End, dst: End): Record<string, string> {
  return {
    source_cluster: src[0],
    source_workload_namespace: src[1],
    source_workload: src[2],
    source_canonical_service: src[2],
    source_canonical_revision: 'v1',
    destination_cluster: dst[0],
    destination_workload_namespace: dst[1],
    destination_workload: dst[2],
    destination_canonical_service: dst[2],
    destination_canonical_revision: 'v1',
    destination_service: `${dst[2]}.${dst[1]}.svc.cluster.local`,
    destination_service_name: dst[2],
    destination_service_namespace: dst[1],
  };
}

/** `connection_security_policy` as proxies set it (O1). */
function securityPolicyLabel(
  reporter: 'source' | 'destination',
  mtls: boolean,
): string {
  if (reporter === 'source') return 'unknown';
  return mtls ? 'mutual_tls' : 'none';
}

/** Series per reporting cluster, as each cluster's proxies would expose them. */
function seriesByCluster(model: ModelEdge[]) {
  const out: Record<
    string,
    {
      requests: CounterSeries[];
      tcpReceived: CounterSeries[];
      tcpSent: CounterSeries[];
      durations: HistogramSeries[];
    }
  > = {};
  const bucket = (cluster: string) =>
    (out[cluster] ??= {
      requests: [],
      tcpReceived: [],
      tcpSent: [],
      durations: [],
    });
  for (const edge of model) {
    const reporters: Array<'source' | 'destination'> =
      edge.reporters === 'both' ? ['source', 'destination'] : [edge.reporters];
    for (const reporter of reporters) {
      const cluster = reporter === 'source' ? edge.src[0] : edge.dst[0];
      const base = {
        reporter,
        app: reporter === 'source' ? edge.src[2] : edge.dst[2],
        ...endLabels(edge.src, edge.dst),
        response_flags: '-',
        connection_security_policy: securityPolicyLabel(reporter, edge.mtls),
      };
      if (edge.protocol === 'tcp') {
        bucket(cluster).tcpReceived.push({ labels: base, rate: edge.rate });
        bucket(cluster).tcpSent.push({
          labels: base,
          rate: edge.responseBytes ?? 0,
        });
        continue;
      }
      const ok = edge.rate - (edge.failures ?? 0);
      const classes: Array<[string, string, number]> =
        edge.protocol === 'grpc'
          ? [
              ['200', '0', ok],
              ['200', '14', edge.failures ?? 0],
            ]
          : [
              ['200', '', ok],
              ['503', '', edge.failures ?? 0],
            ];
      for (const [code, grpc, rate] of classes) {
        if (rate <= 0) continue;
        bucket(cluster).requests.push({
          labels: {
            ...base,
            request_protocol: edge.protocol,
            response_code: code,
            grpc_response_status: grpc,
          },
          rate,
        });
      }
      if (edge.latencyBucket) {
        // Source-side latency is deliberately different: only destination reports may be used.
        const upper = reporter === 'destination' ? edge.latencyBucket[1] : 1000;
        bucket(cluster).durations.push({
          labels: {
            ...base,
            request_protocol: edge.protocol,
            response_code: '200',
            grpc_response_status: '',
          },
          rate: edge.rate,
          bounds: BOUNDS,
          upper,
        });
      }
    }
  }
  return out;
}

function families(
  parts: ReturnType<typeof seriesByCluster>[string],
  extraLabels: Record<string, string> = {},
): MetricFamily[] {
  const withExtra = <T extends { labels: Record<string, string> }>(s: T[]) =>
    s.map(x => ({ ...x, labels: { ...x.labels, ...extraLabels } }));
  return [
    {
      type: 'counter',
      name: 'istio_requests_total',
      series: withExtra(parts.requests),
    },
    {
      type: 'counter',
      name: 'istio_tcp_received_bytes_total',
      series: withExtra(parts.tcpReceived),
    },
    {
      type: 'counter',
      name: 'istio_tcp_sent_bytes_total',
      series: withExtra(parts.tcpSent),
    },
    {
      type: 'histogram',
      name: 'istio_request_duration_milliseconds',
      series: withExtra(parts.durations),
    },
  ];
}

/** Prometheus's histogram_quantile within one bucket holding every observation. */
const quantileInBucket = ([lower, upper]: [number, number], q: number) =>
  lower + (upper - lower) * q;

const workloadId = (end: End) =>
  `${NAMES[end[0]]}/${end[1]}/Deployment/${end[2]}`;

/** The graph the model implies, computed without the code under test. */
function expectedEdges(model: ModelEdge[]): GraphEdge[] {
  return model
    .map(edge => {
      // G4: an unknown source is the unknown node of the cluster that saw it.
      const source =
        edge.src[2] === 'unknown'
          ? `unknown:${NAMES[edge.dst[0]]}`
          : workloadId(edge.src);
      const out: GraphEdge = {
        source,
        target: workloadId(edge.dst),
        protocol: edge.protocol,
        // Only the source reports: its security is not known from telemetry, but the
        // directory says the server has no proxy, so it is plaintext.
        mtlsShare: edge.mtls ? 1 : 0,
        crossCluster: edge.src[2] !== 'unknown' && edge.src[0] !== edge.dst[0],
      };
      if (edge.protocol === 'tcp') out.bytesPerSecond = edge.rate;
      else {
        out.requestsPerSecond = edge.rate;
        out.errorRatio = (edge.failures ?? 0) / edge.rate;
      }
      if (edge.latencyBucket) {
        out.latencyMs = {
          p50: quantileInBucket(edge.latencyBucket, 0.5),
          p95: quantileInBucket(edge.latencyBucket, 0.95),
          p99: quantileInBucket(edge.latencyBucket, 0.99),
        };
      }
      return out;
    })
    .sort((a, b) => (a.source + a.target < b.source + b.target ? -1 : 1));
}

function expectGraphToMatchModel(graph: GraphResponse) {
  const expected = expectedEdges(MODEL);
  const actual = [...graph.edges].sort((a, b) =>
    a.source + a.target < b.source + b.target ? -1 : 1,
  );
  expect(actual.map(e => `${e.source} -> ${e.target}`)).toEqual(
    expected.map(e => `${e.source} -> ${e.target}`),
  );
  actual.forEach((edge, i) => {
    const want = expected[i];
    expect({
      source: edge.source,
      target: edge.target,
      protocol: edge.protocol,
      crossCluster: edge.crossCluster,
    }).toEqual({
      source: want.source,
      target: want.target,
      protocol: want.protocol,
      crossCluster: want.crossCluster,
    });
    for (const field of [
      'requestsPerSecond',
      'bytesPerSecond',
      'errorRatio',
      'mtlsShare',
    ] as const) {
      if (want[field] === undefined) expect(edge[field]).toBeUndefined();
      else expect(edge[field]).toBeCloseTo(want[field]!, 4);
    }
    if (want.latencyMs) {
      for (const q of ['p50', 'p95', 'p99'] as const) {
        expect(edge.latencyMs?.[q]).toBeCloseTo(want.latencyMs[q]!, 3);
      }
    } else {
      expect(edge.latencyMs).toBeUndefined();
    }
  });
}

describeWithPrometheus(
  'telemetry against real Prometheus (promtool backfill)',
  () => {
    jest.setTimeout(600_000);
    let fleet: PrometheusFleet | undefined;
    let platform: RunningPrometheus;
    let compute: RunningPrometheus;
    let shared: RunningPrometheus;
    // Whole minutes an hour ago: inside the retention, clear of the head block.
    const end = Math.floor(Date.now() / 60_000) * 60 - 3600;
    const evaluationTime = new Date(end * 1000);

    beforeAll(async () => {
      fleet = await openPrometheusFleet('mesh-telemetry');
      const range = { start: end - 900, end, stepSeconds: 15 };
      const parts = seriesByCluster(MODEL);
      const start = (name: string, fams: MetricFamily[]) =>
        fleet!.start(name, fams, range);
      [platform, compute, shared] = await Promise.all([
        start('platform', families(parts[P])),
        start('compute', families(parts[C])),
        // One store for both clusters, each series labelled with its reporting cluster.
        start(
          'shared',
          families({
            requests: [
              ...families(parts[P], { cluster: P })[0].series,
              ...families(parts[C], { cluster: C })[0].series,
            ] as CounterSeries[],
            tcpReceived: [
              ...families(parts[P], { cluster: P })[1].series,
              ...families(parts[C], { cluster: C })[1].series,
            ] as CounterSeries[],
            tcpSent: [
              ...families(parts[P], { cluster: P })[2].series,
              ...families(parts[C], { cluster: C })[2].series,
            ] as CounterSeries[],
            durations: [
              ...families(parts[P], { cluster: P })[3].series,
              ...families(parts[C], { cluster: C })[3].series,
            ] as HistogramSeries[],
          }),
        ),
      ]);
    });

    afterAll(async () => {
      await fleet?.stop();
    });

    function service(sources: TelemetryConfig['sources']) {
      return createTelemetryService({
        config: {
          sources,
          window: '5m',
          scrapeIntervalSeconds: 15,
          cacheTtlMs: 15_000,
          links: [],
        },
        directory: demoDirectory(),
        clusterIds: () => CLUSTER_IDS,
        cache: memoryCache(),
        logger: mockServices.logger.mock(),
        now: () => evaluationTime,
      });
    }

    it('G8, G12, O1: one shared Prometheus with a cluster label gives the modelled graph', async () => {
      const graph = await service({
        clusters: [],
        shared: { name: 'shared', url: shared.url, clusterLabel: 'cluster' },
      }).getMeshGraph({});
      expect(graph.sources).toEqual([
        expect.objectContaining({ name: 'shared', ok: true, queries: 6 }),
      ]);
      expect(graph.dataTime).toBe(evaluationTime.toISOString());
      expectGraphToMatchModel(graph);
    });

    it('two Prometheus servers, one per cluster: the scheduler -> job runner edge merges across clusters', async () => {
      const graph = await service({
        clusters: [
          { name: 'platform', url: platform.url },
          { name: 'compute', url: compute.url },
        ],
      }).getMeshGraph({});
      expect(graph.sources.map(s => [s.name, s.ok, s.queries])).toEqual([
        ['platform', true, 6],
        ['compute', true, 6],
      ]);
      expectGraphToMatchModel(graph);
      const cross = graph.edges.find(e => e.crossCluster)!;
      expect(cross.source).toBe('platform/pipelines/Deployment/scheduler');
      expect(cross.target).toBe('compute/spark/Deployment/job-runner');
    });

    it('with only the platform server, the cross-cluster edge comes from the source report', async () => {
      const graph = await service({
        clusters: [{ name: 'platform', url: platform.url }],
      }).getMeshGraph({});
      const cross = graph.edges.find(e => e.crossCluster)!;
      expect(cross.requestsPerSecond).toBeCloseTo(3, 4);
      expect(cross.mtlsShare).toBeUndefined();
    });

    it('hostile cluster label values reach Prometheus as plain strings and select nothing', async () => {
      for (const value of [
        'x"} or vector(1) or {cluster="compute-west',
        'compute-west"} or up{',
        '\\"}\n',
        'c'.repeat(10_000),
      ]) {
        const graph = await service({
          clusters: [
            {
              name: 'compute',
              url: shared.url,
              clusterLabel: 'cluster',
              clusterLabelValue: value,
            },
          ],
        }).getMeshGraph({});
        expect(graph.sources).toEqual([
          expect.objectContaining({ name: 'compute', ok: true }),
        ]);
        expect(graph.edges).toEqual([]);
      }
      // The same mechanism with the real value selects the compute cluster's series.
      const graph = await service({
        clusters: [
          {
            name: 'compute',
            url: shared.url,
            clusterLabel: 'cluster',
            clusterLabelValue: C,
          },
        ],
      }).getMeshGraph({});
      expect(graph.edges.length).toBeGreaterThan(0);
    });
  },
);
