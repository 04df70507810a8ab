/**
 * Benchmark of STRICT readiness: 1,000 workloads over 2 clusters, 6,000
 * destination-reported inbound edges (requests and TCP connections, 10 %
 * plaintext, some from callers outside the mesh), backfilled with promtool
 * into two real Prometheus servers (one per cluster), 25 hours at a
 * 10-minute step. Prints, in one run:
 * - the queries per Prometheus (the readiness set: 3, whatever the number of
 *   workloads);
 * - the raw time of that set, both servers at once, timed over the HTTP API;
 * - the service's time for the readiness of every workload with a cold cache
 *   (the query set, the join and the verdicts; target at most 1.3x the raw
 *   time) and with a warm cache.
 * Asserts only correctness. Run with `yarn bench readiness`.
 */
import {
  buildReadinessQueries,
  createTelemetryService,
  readinessOf,
  type WorkloadDirectory,
  type WorkloadEntry,
} from '@mesh-portal/plugin-mesh-backend/testUtils';
import {
  ensurePrometheus,
  startBackfilledPrometheus,
  writeOpenMetrics,
  type CounterSeries,
  type RunningPrometheus,
} from '@internal/mesh-demo';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { ConfigReader } from '@backstage/config';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prng } from './support/prng';
import { median, silentLogger, timedQuery } from './support/prometheusBench';

const WORKLOADS = 1_000;
const EDGES = 6_000;
const NAMESPACES_PER_CLUSTER = 25;
const CLUSTERS = ['platform-east', 'compute-west'] as const;
const NAMES: Record<string, string> = {
  'platform-east': 'platform',
  'compute-west': 'compute',
};
/** The shortest readiness window the API serves, over a little more history. */
const WINDOW = '1d';
const HISTORY_SECONDS = 25 * 3600;
const STEP_SECONDS = 600;
const RUNS = 7;

interface Wl {
  cluster: string;
  namespace: string;
  name: string;
  meshed: boolean;
}

function generateMesh() {
  const random = prng(7);
  const workloads: Wl[] = [];
  for (let i = 0; i < WORKLOADS; i++) {
    const c = i < WORKLOADS / 2 ? 0 : 1;
    workloads.push({
      cluster: CLUSTERS[c],
      namespace: `${c === 0 ? 'p' : 'c'}-ns${String(
        i % NAMESPACES_PER_CLUSTER,
      ).padStart(2, '0')}`,
      name: `w${String(i).padStart(4, '0')}`,
      meshed: random() >= 0.05,
    });
  }
  const families: Record<
    string,
    { requests: CounterSeries[]; connections: CounterSeries[] }
  > = {};
  for (const c of CLUSTERS) families[c] = { requests: [], connections: [] };
  const seen = new Set<string>();
  let plaintextEdges = 0;
  while (seen.size < EDGES) {
    const s = Math.floor(random() * WORKLOADS);
    const d = Math.floor(random() * WORKLOADS);
    if (s === d || seen.has(`${s}>${d}`)) continue;
    seen.add(`${s}>${d}`);
    const src = workloads[s];
    const dst = workloads[d];
    const plaintext = !src.meshed || random() < 0.05;
    if (plaintext) plaintextEdges++;
    const tcp = random() < 0.25;
    const labels: Record<string, string> = {
      reporter: 'destination',
      app: dst.name,
      source_cluster: src.cluster,
      source_workload_namespace: src.namespace,
      source_workload: src.name,
      source_principal: plaintext
        ? 'unknown'
        : `spiffe://cluster.local/ns/${src.namespace}/sa/${src.name}`,
      destination_cluster: dst.cluster,
      destination_workload_namespace: dst.namespace,
      destination_workload: dst.name,
      destination_service: `${dst.name}.${dst.namespace}.svc.cluster.local`,
      connection_security_policy: plaintext ? 'none' : 'mutual_tls',
      response_flags: '-',
    };
    const part = families[dst.cluster];
    if (tcp) {
      part.connections.push({ labels, rate: 0.05 + random() });
    } else {
      part.requests.push({
        labels: { ...labels, response_code: '200', request_protocol: 'http' },
        rate: 0.1 + random() * 10,
      });
    }
  }
  return { workloads, families, plaintextEdges };
}

class MapDirectory implements WorkloadDirectory {
  readonly #byKey = new Map<string, WorkloadEntry>();
  constructor(workloads: Wl[]) {
    workloads.forEach((w, i) => {
      const cluster = NAMES[w.cluster];
      this.#byKey.set(`${cluster}/${w.namespace}/${w.name}`, {
        workloadId: `${cluster}/${w.namespace}/Deployment/${w.name}`,
        cluster,
        namespace: w.namespace,
        name: w.name,
        kind: 'Deployment',
        membership: w.meshed ? 'sidecar' : 'none',
        service: w.name,
        entity: {
          ref: `component:default/svc-${i}`,
          owner: `group:default/team-${i % 20}`,
        },
      });
    });
  }
  findWorkload(cluster: string, namespace: string, workload: string) {
    return this.#byKey.get(`${cluster}/${namespace}/${workload}`);
  }
  workloadsOfEntity() {
    return [];
  }
}

describe('STRICT readiness benchmark', () => {
  const running: RunningPrometheus[] = [];
  let dir = '';
  afterAll(async () => {
    await Promise.all(running.map(p => p.stop()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('judges 1,000 workloads from 2 Prometheus servers with 3 queries each', async () => {
    const tools = await ensurePrometheus();
    if (!tools.available) throw new Error(`cannot benchmark: ${tools.reason}`);
    const { workloads, families, plaintextEdges } = generateMesh();
    const end = Math.floor(Date.now() / 3_600_000) * 3600 - 3600;
    const time = new Date(end * 1000);
    dir = await mkdtemp(join(tmpdir(), 'mesh-readiness-bench-'));

    const started = performance.now();
    for (const c of CLUSTERS) {
      await writeOpenMetrics(
        join(dir, `${c}.om`),
        [
          {
            type: 'counter',
            name: 'istio_requests_total',
            series: families[c].requests,
          },
          {
            type: 'counter',
            name: 'istio_tcp_connections_opened_total',
            series: families[c].connections,
          },
        ],
        { start: end - HISTORY_SECONDS, end, stepSeconds: STEP_SECONDS },
      );
    }
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
    const urls = CLUSTERS.map((_, i) => servers[i].url);

    const queries = buildReadinessQueries({ window: WINDOW });
    // Warm-up: the first query on a fresh TSDB pays for loading postings.
    await Promise.all(
      urls.map(u =>
        Promise.all(queries.map(q => timedQuery(u, q.promql, time))),
      ),
    );

    const directory = new MapDirectory(workloads);
    const names = workloads.map(w => ({
      cluster: NAMES[w.cluster],
      namespace: w.namespace,
      workload: w.name,
    }));
    const makeService = () =>
      createTelemetryService({
        config: {
          sources: {
            clusters: CLUSTERS.map((c, i) => ({
              name: NAMES[c],
              url: urls[i],
              timeoutMs: 120_000,
            })),
          },
          window: '5m',
          scrapeIntervalSeconds: 60,
          cacheTtlMs: 600_000,
          links: [],
        },
        directory,
        clusterIds: () => new Map(CLUSTERS.map(c => [c, NAMES[c]])),
        // Backstage's own in-memory cache store, as a plugin gets it.
        cache: CacheManager.fromConfig(
          new ConfigReader({ backend: { cache: { store: 'memory' } } }),
        ).forPlugin('mesh'),
        logger: silentLogger,
        now: () => time,
      });
    const judge = async (
      service: ReturnType<typeof makeService>,
    ): Promise<ReturnType<typeof readinessOf>> => {
      const data = await service.getInboundObservations(WINDOW);
      return readinessOf(
        data.observations,
        { directory, scrapePortsOf: () => [] },
        names,
      );
    };

    // Interleaved so that load from other processes hits both alike.
    const rawMs: number[] = [];
    const coldMs: number[] = [];
    const warmMs: number[] = [];
    const ratios: number[] = [];
    let rawSeries = 0;
    let verdicts: ReturnType<typeof readinessOf> = [];
    for (let run = 0; run < RUNS; run++) {
      let t0 = performance.now();
      const results = await Promise.all(
        urls.map(u =>
          Promise.all(queries.map(q => timedQuery(u, q.promql, time))),
        ),
      );
      const raw = performance.now() - t0;
      rawMs.push(raw);
      rawSeries = results.flat().reduce((sum, r) => sum + r.series, 0);

      const service = makeService();
      t0 = performance.now();
      verdicts = await judge(service);
      const cold = performance.now() - t0;
      coldMs.push(cold);
      ratios.push(cold / raw);
      t0 = performance.now();
      await judge(service);
      warmMs.push(performance.now() - t0);
    }

    // Correctness: every workload judged; those with plaintext from a
    // caller outside the mesh are blocked.
    expect(verdicts).toHaveLength(WORKLOADS);
    const blocked = verdicts.filter(v => v.verdict === 'blocked');
    expect(blocked.length).toBeGreaterThan(0);
    expect(
      blocked.some(v => v.blockers.some(b => b.reason === 'out-of-mesh')),
    ).toBe(true);
    expect(verdicts.filter(v => v.verdict === 'ready').length).toBeGreaterThan(
      0,
    );

    // eslint-disable-next-line no-console
    console.log(
      JSON.stringify(
        {
          workloads: WORKLOADS,
          edges: EDGES,
          plaintextEdges,
          window: WINDOW,
          history: `${HISTORY_SECONDS / 3600} h at ${STEP_SECONDS} s`,
          backfillMs: Math.round(backfillMs),
          queriesPerPrometheus: queries.length,
          seriesReturned: rawSeries,
          rawQuerySetMsMedian: Math.round(median(rawMs)),
          serviceColdMsMedian: Math.round(median(coldMs)),
          serviceWarmMsMedian: Math.round(median(warmMs)),
          coldOverRawMedianRatio: +median(ratios).toFixed(2),
          verdicts: {
            ready: verdicts.filter(v => v.verdict === 'ready').length,
            blocked: blocked.length,
            unknown: verdicts.filter(v => v.verdict === 'unknown').length,
          },
        },
        null,
        2,
      ),
    );
  });
});
