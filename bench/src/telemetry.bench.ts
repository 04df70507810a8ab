/**
 * Benchmark of the telemetry service: 1,000 workloads and 10,000 edges over
 * 2 clusters (50 namespaces), backfilled with promtool into two real
 * Prometheus servers (one per cluster). Prints, in one run:
 * - the number of queries per request (ours: 6 per Prometheus);
 * - the time Prometheus spends answering them, timed directly over the HTTP API;
 * - the service's total time for a mesh graph with a cold cache (target at
 *   most 1.3x the raw query time) and with a warm cache;
 * - Kiali's per-namespace query plan (reference section 7.1, 7.3, 7.4) for
 *   every namespace on the same data, and the ratio.
 * Asserts only correctness. Run with `yarn bench telemetry`.
 */
import {
  buildQuerySet,
  createTelemetryService,
  type WorkloadDirectory,
  type WorkloadEntry,
} from '@mesh-portal/plugin-mesh-backend/testUtils';
import {
  ensurePrometheus,
  startBackfilledPrometheus,
  writeOpenMetrics,
  type CounterSeries,
  type HistogramSeries,
  type MetricFamily,
  type RunningPrometheus,
} from '@internal/mesh-demo';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { ConfigReader } from '@backstage/config';

/** Backstage's own in-memory cache store, as a plugin gets it in production. */
function memoryCacheService() {
  return CacheManager.fromConfig(
    new ConfigReader({ backend: { cache: { store: 'memory' } } }),
  ).forPlugin('mesh');
}
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prng } from './support/prng';
import { median, silentLogger, timedQuery } from './support/prometheusBench';

const WORKLOADS = 1_000;
const EDGES = 10_000;
const NAMESPACES_PER_CLUSTER = 25;
const CLUSTERS = ['platform-east', 'compute-west'] as const;
const NAMES: Record<string, string> = {
  'platform-east': 'platform',
  'compute-west': 'compute',
};
const SCRAPE_SECONDS = 60;
const WINDOW = '5m';
const RUNS = 7;
const BOUNDS = [10, 50, 100, 250, 1000];

interface Wl {
  cluster: string;
  namespace: string;
  name: string;
}
interface Edge {
  src: Wl;
  dst: Wl;
  protocol: 'http' | 'grpc' | 'tcp';
  rate: number;
  failures: number;
  mtls: boolean;
  upper: number;
}

function generateMesh() {
  const random = prng(42);
  const workloads: Wl[] = [];
  for (let i = 0; i < WORKLOADS; i++) {
    const c = i < WORKLOADS / 2 ? 0 : 1;
    workloads.push({
      cluster: CLUSTERS[c],
      namespace: `${c === 0 ? 'p' : 'c'}-ns${String(
        i % NAMESPACES_PER_CLUSTER,
      ).padStart(2, '0')}`,
      name: `w${String(i).padStart(4, '0')}`,
    });
  }
  const edges: Edge[] = [];
  const seen = new Set<string>();
  const half = WORKLOADS / 2;
  while (edges.length < EDGES) {
    const s = Math.floor(random() * WORKLOADS);
    const sameCluster = random() >= 0.1;
    const offset = s < half ? 0 : half;
    const otherOffset = s < half ? half : 0;
    const d =
      Math.floor(random() * half) + (sameCluster ? offset : otherOffset);
    if (s === d || seen.has(`${s}>${d}`)) continue;
    seen.add(`${s}>${d}`);
    const p = random();
    let protocol: Edge['protocol'] = 'tcp';
    if (p < 0.6) protocol = 'http';
    else if (p < 0.85) protocol = 'grpc';
    const rate =
      protocol === 'tcp'
        ? Math.round(100 + random() * 9900)
        : Math.round((0.1 + random() * 9.9) * 100) / 100;
    const failures =
      protocol !== 'tcp' && random() < 0.1 ? Math.round(rate * 5) / 100 : 0;
    edges.push({
      src: workloads[s],
      dst: workloads[d],
      protocol,
      rate,
      failures,
      mtls: random() < 0.9,
      upper: BOUNDS[Math.floor(random() * BOUNDS.length)],
    });
  }
  return { workloads, edges };
}

function labels(
  edge: Edge,
  reporter: 'source' | 'destination',
): Record<string, string> {
  const { src, dst } = edge;
  let policy = 'unknown';
  if (reporter === 'destination') policy = edge.mtls ? 'mutual_tls' : 'none';
  return {
    reporter,
    app: reporter === 'source' ? src.name : dst.name,
    source_cluster: src.cluster,
    source_workload_namespace: src.namespace,
    source_workload: src.name,
    source_canonical_service: src.name,
    source_canonical_revision: 'v1',
    destination_cluster: dst.cluster,
    destination_workload_namespace: dst.namespace,
    destination_workload: dst.name,
    destination_canonical_service: dst.name,
    destination_canonical_revision: 'v1',
    destination_service: `${dst.name}.${dst.namespace}.svc.cluster.local`,
    destination_service_name: dst.name,
    destination_service_namespace: dst.namespace,
    response_flags: '-',
    connection_security_policy: policy,
  };
}

function familiesByCluster(edges: Edge[]) {
  const parts: Record<
    string,
    {
      requests: CounterSeries[];
      tcp: CounterSeries[];
      durations: HistogramSeries[];
    }
  > = {};
  for (const c of CLUSTERS) parts[c] = { requests: [], tcp: [], durations: [] };
  for (const edge of edges) {
    for (const reporter of ['source', 'destination'] as const) {
      const part =
        parts[reporter === 'source' ? edge.src.cluster : edge.dst.cluster];
      const base = labels(edge, reporter);
      if (edge.protocol === 'tcp') {
        part.tcp.push({ labels: base, rate: edge.rate });
        continue;
      }
      const grpc = edge.protocol === 'grpc';
      part.requests.push({
        labels: {
          ...base,
          request_protocol: edge.protocol,
          response_code: '200',
          grpc_response_status: grpc ? '0' : '',
        },
        rate: edge.rate - edge.failures,
      });
      if (edge.failures > 0) {
        part.requests.push({
          labels: {
            ...base,
            request_protocol: edge.protocol,
            response_code: grpc ? '200' : '503',
            grpc_response_status: grpc ? '14' : '',
          },
          rate: edge.failures,
        });
      }
      if (reporter === 'destination') {
        part.durations.push({
          labels: {
            ...base,
            request_protocol: edge.protocol,
            response_code: '200',
            grpc_response_status: grpc ? '0' : '',
          },
          rate: edge.rate,
          bounds: BOUNDS,
          upper: edge.upper,
        });
      }
    }
  }
  const out: Record<string, MetricFamily[]> = {};
  for (const c of CLUSTERS) {
    out[c] = [
      {
        type: 'counter',
        name: 'istio_requests_total',
        series: parts[c].requests,
      },
      {
        type: 'counter',
        name: 'istio_tcp_received_bytes_total',
        series: parts[c].tcp,
      },
      {
        type: 'histogram',
        name: 'istio_request_duration_milliseconds',
        series: parts[c].durations,
      },
    ];
  }
  return out;
}

class MapDirectory implements WorkloadDirectory {
  readonly #byKey = new Map<string, WorkloadEntry>();
  readonly #byEntity = new Map<string, string[]>();
  constructor(workloads: Wl[]) {
    workloads.forEach((w, i) => {
      const cluster = NAMES[w.cluster];
      const ref = `component:default/svc-${Math.floor(i / 2)}`;
      const entry: WorkloadEntry = {
        workloadId: `${cluster}/${w.namespace}/Deployment/${w.name}`,
        cluster,
        namespace: w.namespace,
        name: w.name,
        kind: 'Deployment',
        entity: {
          ref,
          owner: `group:default/team-${i % 20}`,
          system: `system:default/sys-${i % 10}`,
        },
      };
      this.#byKey.set(`${cluster}/${w.namespace}/${w.name}`, entry);
      this.#byEntity.set(ref, [
        ...(this.#byEntity.get(ref) ?? []),
        entry.workloadId,
      ]);
    });
  }
  findWorkload(cluster: string, namespace: string, workload: string) {
    return this.#byKey.get(`${cluster}/${namespace}/${workload}`);
  }
  workloadsOfEntity(ref: string) {
    return this.#byEntity.get(ref) ?? [];
  }
}

// Kiali's plan, verbatim from the reference (sections 7.1, 7.3, 7.4), for one namespace.
const HTTP_GROUP_BY =
  'source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,destination_cluster,destination_service_namespace,destination_service,destination_service_name,destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision,request_protocol,response_code,grpc_response_status,response_flags';
const TCP_GROUP_BY =
  'app,source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,destination_cluster,destination_service_namespace,destination_service,destination_service_name,destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision,response_flags';
const RT_GROUP_BY =
  'le,source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,destination_cluster,destination_service_namespace,destination_service,destination_service_name,destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision,request_protocol';
const SEC_GROUP_BY =
  'source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,source_principal,destination_cluster,destination_service_namespace,destination_service_name,destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision,destination_principal,connection_security_policy';

function kialiNamespacePlan(
  ns: string,
  seconds: number,
  quantiles: number[] = [0.95],
): string[] {
  const d = `[${seconds}s]`;
  const graph = (metric: string, app: string, group: string) => [
    `round(sum(rate(${metric}{${app}reporter="source",source_workload_namespace!="${ns}",destination_workload_namespace="unknown",destination_workload="unknown",destination_service=~"^.+\\\\.${ns}\\\\..+$"} ${d})) by (${group}) > 0,0.001)`,
    `round(sum(rate(${metric}{${app}reporter="destination",destination_workload_namespace="${ns}"} ${d})) by (${group}) > 0,0.001)`,
    `round(sum(rate(${metric}{${app}reporter="source",source_workload_namespace="${ns}"} ${d})) by (${group}) > 0,0.001)`,
  ];
  const security = (selector: string) =>
    ['istio_requests_total', 'istio_tcp_sent_bytes_total']
      .map(m => `sum(rate(${m}{${selector}}${d})) by (${SEC_GROUP_BY}) > 0`)
      .join(' OR ');
  return [
    ...graph('istio_requests_total', '', HTTP_GROUP_BY),
    ...graph('istio_tcp_received_bytes_total', 'app!="ztunnel",', TCP_GROUP_BY),
    // Response-time appender (7.3): one quantile per query, destination then source.
    ...quantiles.flatMap(q => [
      `histogram_quantile(${q}, sum(rate(istio_request_duration_milliseconds_bucket{reporter="destination",destination_service_namespace="${ns}"}${d})) by (${RT_GROUP_BY})) > 0`,
      `histogram_quantile(${q}, sum(rate(istio_request_duration_milliseconds_bucket{reporter="source",source_workload_namespace="${ns}"}${d})) by (${RT_GROUP_BY})) > 0`,
    ]),
    security(
      `reporter="destination",source_workload_namespace!="${ns}",destination_service_namespace="${ns}"`,
    ),
    security(`reporter="destination",source_workload_namespace="${ns}"`),
  ];
}

describe('telemetry benchmark', () => {
  const running: RunningPrometheus[] = [];
  let dir = '';
  afterAll(async () => {
    await Promise.all(running.map(p => p.stop()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('builds the mesh graph of 1,000 workloads and 10,000 edges from 2 Prometheus servers', async () => {
    const tools = await ensurePrometheus();
    if (!tools.available) throw new Error(`cannot benchmark: ${tools.reason}`);
    const { workloads, edges } = generateMesh();
    const end = Math.floor(Date.now() / 60_000) * 60 - 3600;
    const time = new Date(end * 1000);
    dir = await mkdtemp(join(tmpdir(), 'mesh-telemetry-bench-'));

    let started = performance.now();
    const families = familiesByCluster(edges);
    const lines: Record<string, number> = {};
    for (const c of CLUSTERS) {
      lines[c] = await writeOpenMetrics(join(dir, `${c}.om`), families[c], {
        start: end - 6 * SCRAPE_SECONDS,
        end,
        stepSeconds: SCRAPE_SECONDS,
      });
    }
    const generateMs = performance.now() - started;
    started = performance.now();
    const servers = await Promise.all(
      CLUSTERS.map(c =>
        startBackfilledPrometheus({
          tools,
          dir: join(dir, c),
          openMetricsFile: join(dir, `${c}.om`),
        }),
      ),
    );
    running.push(...servers);
    const backfillMs = performance.now() - started;
    const urls = Object.fromEntries(
      CLUSTERS.map((c, i) => [c, servers[i].url]),
    );

    // Warm-up: the first query on a fresh TSDB pays for loading postings.
    const ourQueries = buildQuerySet({ window: WINDOW });
    await Promise.all(
      CLUSTERS.map(c =>
        Promise.all(
          ourQueries.map(q =>
            timedQuery(urls[c], q.promql, time, { stats: true }),
          ),
        ),
      ),
    );

    const directory = new MapDirectory(workloads);
    const makeService = () =>
      createTelemetryService({
        config: {
          sources: {
            clusters: CLUSTERS.map(c => ({
              name: NAMES[c],
              url: urls[c],
              timeoutMs: 120_000,
            })),
          },
          window: WINDOW,
          scrapeIntervalSeconds: SCRAPE_SECONDS,
          cacheTtlMs: 600_000,
          links: [],
        },
        directory,
        clusterIds: () => new Map(CLUSTERS.map(c => [c, NAMES[c]])),
        cache: memoryCacheService(),
        logger: silentLogger,
        now: () => time,
      });

    // 1 and 2, interleaved so that load from other processes hits both alike:
    // our query set timed directly over the HTTP API (both servers at once,
    // 6 queries each at once, as the service sends them), then the service
    // with a cold cache (runs the query set and builds the graph), then warm.
    const rawWall: number[] = [];
    const rawExec: number[] = [];
    const coldMs: number[] = [];
    const warmMs: number[] = [];
    const processingMs: number[] = [];
    const pairRatios: number[] = [];
    let rawSeries = 0;
    let rawBytes = 0;
    let graph;
    for (let run = 0; run < RUNS; run++) {
      let t0 = performance.now();
      const results = await Promise.all(
        CLUSTERS.map(c =>
          Promise.all(
            ourQueries.map(q =>
              timedQuery(urls[c], q.promql, time, { stats: true }),
            ),
          ),
        ),
      );
      const raw = performance.now() - t0;
      rawWall.push(raw);
      rawExec.push(results.flat().reduce((sum, r) => sum + r.execMs, 0));
      rawSeries = results.flat().reduce((sum, r) => sum + r.series, 0);
      rawBytes = results.flat().reduce((sum, r) => sum + r.bytes, 0);

      const service = makeService();
      t0 = performance.now();
      graph = await service.getMeshGraph({ limit: 10_000 });
      const cold = performance.now() - t0;
      coldMs.push(cold);
      pairRatios.push(cold / raw);
      // What the service adds after its slowest source answered.
      processingMs.push(
        cold - Math.max(...graph.sources.map(s => s.durationMs ?? 0)),
      );
      t0 = performance.now();
      await service.getMeshGraph({ limit: 10_000 });
      warmMs.push(performance.now() - t0);
    }

    // Per-query breakdown, one query at a time on one server.
    const perQuery: Record<string, number> = {};
    for (const q of ourQueries) {
      const times: number[] = [];
      for (let run = 0; run < 3; run++) {
        times.push(
          (await timedQuery(urls[CLUSTERS[0]], q.promql, time, { stats: true }))
            .wallMs,
        );
      }
      perQuery[q.name] = Math.round(median(times));
    }

    const serviceViewStarted = performance.now();
    const serviceView = await makeService().getMeshGraph({
      view: 'service',
      limit: 10_000,
    });
    const serviceViewMs = performance.now() - serviceViewStarted;

    // 3. Kiali's per-namespace plan on the same data: every namespace, on both
    // servers; as Kiali ships it (p95 only) and with our three quantiles.
    const namespaces = [...new Set(workloads.map(w => w.namespace))].sort();
    const kialiPlan = namespaces.flatMap(ns => kialiNamespacePlan(ns, 300));
    const timeKialiPlan = async (quantiles: number[]) => {
      const t0 = performance.now();
      let exec = 0;
      // Namespace by namespace (G1), each namespace's queries at once, on both servers at once.
      for (const ns of namespaces) {
        const results = await Promise.all(
          CLUSTERS.map(c =>
            Promise.all(
              kialiNamespacePlan(ns, 300, quantiles).map(q =>
                timedQuery(urls[c], q, time, { stats: true }),
              ),
            ),
          ),
        );
        exec += results.flat().reduce((sum, r) => sum + r.execMs, 0);
      }
      return { wall: performance.now() - t0, exec };
    };
    const kialiWall: number[] = [];
    const kialiExec: number[] = [];
    const kiali3Wall: number[] = [];
    const kiali3Exec: number[] = [];
    const oursAgainWall: number[] = [];
    // Interleaved with our raw query set again, so both see the same machine load.
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      await Promise.all(
        CLUSTERS.map(c =>
          Promise.all(
            ourQueries.map(q =>
              timedQuery(urls[c], q.promql, time, { stats: true }),
            ),
          ),
        ),
      );
      oursAgainWall.push(performance.now() - t0);
      const k = await timeKialiPlan([0.95]);
      kialiWall.push(k.wall);
      kialiExec.push(k.exec);
      const k3 = await timeKialiPlan([0.5, 0.95, 0.99]);
      kiali3Wall.push(k3.wall);
      kiali3Exec.push(k3.exec);
    }

    const figures = {
      workloads: WORKLOADS,
      edges: EDGES,
      namespaces: namespaces.length,
      openMetricsLines: lines,
      generateSeconds: +(generateMs / 1000).toFixed(1),
      backfillAndStartSeconds: +(backfillMs / 1000).toFixed(1),
      ours: {
        queriesPerRequest: ourQueries.length * CLUSTERS.length,
        queriesPerPrometheus: ourQueries.length,
        seriesReturned: rawSeries,
        bytesReturned: rawBytes,
        rawQueryWallMsMedian: Math.round(median(rawWall)),
        prometheusExecMsMedian: Math.round(median(rawExec)),
        serviceColdMsMedian: Math.round(median(coldMs)),
        serviceWarmMsMedian: Math.round(median(warmMs)),
        serviceViewColdMs: Math.round(serviceViewMs),
        perQueryMsOnePrometheusSequential: perQuery,
        serviceProcessingMsMedian: Math.round(median(processingMs)),
        serviceOverRawRatio: +(median(coldMs) / median(rawWall)).toFixed(2),
        serviceOverRawRatioMedianOfPairs: +median(pairRatios).toFixed(2),
      },
      kiali: {
        queriesPerRequest: kialiPlan.length * CLUSTERS.length,
        queriesPerNamespacePerPrometheus: kialiNamespacePlan('x', 300).length,
        wallMsMedian: Math.round(median(kialiWall)),
        prometheusExecMsMedian: Math.round(median(kialiExec)),
        withThreeQuantiles: {
          queriesPerRequest:
            namespaces.length *
            kialiNamespacePlan('x', 300, [0.5, 0.95, 0.99]).length *
            CLUSTERS.length,
          wallMsMedian: Math.round(median(kiali3Wall)),
          prometheusExecMsMedian: Math.round(median(kiali3Exec)),
        },
        oursRawWallMsMedianMeasuredAlongside: Math.round(median(oursAgainWall)),
      },
      kialiOverOursWall: +(median(kialiWall) / median(oursAgainWall)).toFixed(
        2,
      ),
      kialiThreeQuantilesOverOursWall: +(
        median(kiali3Wall) / median(oursAgainWall)
      ).toFixed(2),
      kialiThreeQuantilesOverOursPrometheusExec: +(
        median(kiali3Exec) / median(rawExec)
      ).toFixed(2),
      kialiOverOursPrometheusExec: +(
        median(kialiExec) / median(rawExec)
      ).toFixed(2),
      kialiOverServiceCold: +(median(kialiWall) / median(coldMs)).toFixed(2),
    };
    // eslint-disable-next-line no-console
    console.log(`telemetry bench figures\n${JSON.stringify(figures, null, 2)}`);

    // Correctness only.
    expect(graph!.sources.map(s => [s.ok, s.queries])).toEqual([
      [true, 6],
      [true, 6],
    ]);
    expect(graph!.truncated).toBe(false);
    expect(graph!.edges).toHaveLength(EDGES);
    const requestEdges = edges.filter(e => e.protocol !== 'tcp');
    const sumRps = graph!.edges.reduce(
      (s, e) => s + (e.requestsPerSecond ?? 0),
      0,
    );
    const sumBytes = graph!.edges.reduce(
      (s, e) => s + (e.bytesPerSecond ?? 0),
      0,
    );
    expect(sumRps).toBeCloseTo(
      requestEdges.reduce((s, e) => s + e.rate, 0),
      0,
    );
    expect(
      sumBytes /
        edges.filter(e => e.protocol === 'tcp').reduce((s, e) => s + e.rate, 0),
    ).toBeCloseTo(1, 4);
    expect(graph!.edges.filter(e => e.crossCluster)).toHaveLength(
      edges.filter(e => e.src.cluster !== e.dst.cluster).length,
    );
    const plaintext = graph!.edges.filter(e => e.mtlsShare === 0).length;
    expect(plaintext).toBe(edges.filter(e => !e.mtls).length);
    expect(serviceView.nodes.length).toBeLessThan(graph!.nodes.length);
  });
});
