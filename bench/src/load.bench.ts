/**
 * Load benchmark of the production stack (scripts/prod.sh: the built backend
 * bundle, two replicas on one PostgreSQL, the demo's clusters and
 * Prometheus). Drives both replicas with the portal's page mix
 * (load/pageMix.ts) at 50 and then 200 concurrent connections, several
 * bounded rounds each, loopback only, and reports per route p50/p95/p99,
 * errors and throughput, the catalog floor and the Kubernetes backend as
 * ratios, and each replica's RSS before and after every round (is memory
 * flat?). Prints figures; asserts only correctness.
 *
 *   flock /tmp/mesh-stack.lock ./scripts/prod.sh -- yarn bench load
 *
 * MESH_LOAD_SECONDS (default 20) per round, MESH_LOAD_ROUNDS (default 3) per
 * level, MESH_LOAD_MAX_REQUESTS (default 100,000) per round,
 * MESH_LOAD_CONNECTIONS (default "50,200"), MESH_LOAD_WARM_UP_SECONDS (default
 * 60) before the first round, MESH_LOAD_MIX ("portal" by default, or
 * "mesh-pages": see MIX below). MESH_LOAD_HEAP_SNAPSHOTS="1,3"
 * makes the first replica write a heap snapshot after those rounds of the
 * first level (start the stack with
 * NODE_OPTIONS=--heapsnapshot-signal=SIGUSR2); files in .state/prod/app.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadRound, percentile, type RouteFigures } from './load/loadRound';
import { PAGE_MIX, QUEUEING_PROBE } from './load/pageMix';
import {
  guestToken,
  machineCpuSeconds,
  productionReplicas,
  replicaCpuSeconds,
  replicaHeapSnapshot,
  replicaRssMiB,
  replicasReady,
  REPO_ROOT,
} from './load/productionStack';

const ROUND_SECONDS = Number(process.env.MESH_LOAD_SECONDS ?? 20);
const ROUNDS = Number(process.env.MESH_LOAD_ROUNDS ?? 3);
const MAX_REQUESTS = Number(process.env.MESH_LOAD_MAX_REQUESTS ?? 100_000);
const LEVELS = (process.env.MESH_LOAD_CONNECTIONS ?? '50,200')
  .split(',')
  .map(Number);
const HEAP_SNAPSHOT_ROUNDS = new Set(
  (process.env.MESH_LOAD_HEAP_SNAPSHOTS ?? '')
    .split(',')
    .filter(Boolean)
    .map(Number),
);
// A replica just started runs its first minute of load markedly slower (V8
// still compiling the hot paths, the heap still growing to its working size):
// entity p95 289 ms in a round right after a 10 s warm-up, 99 ms two rounds
// later. The rounds measure the steady state; the warm-up's own figures are
// printed and kept in the report as the cold start.
const WARM_UP_SECONDS = Number(process.env.MESH_LOAD_WARM_UP_SECONDS ?? 60);
const PAUSE_MS = 5_000;
const REQUEST_TIMEOUT_MS = 30_000;
/** Pause between two requests of a probe on a replica (load/pageMix.ts). */
const PROBE_INTERVAL_MS = 100;
/**
 * What loads the replicas. `portal` (default): the whole page mix, the
 * catalog's lookup and the Kubernetes backend's query included, as a portal
 * whose pages also ask those; `mesh-pages`: only the mesh plugin's pages
 * (the list of issue 14: entity, graph, inbound mTLS, clusters, audit, CSV),
 * with the catalog's lookup and the Kubernetes query measured under that load
 * as probes. The queueing probe runs in both.
 */
const MIX = process.env.MESH_LOAD_MIX ?? 'portal';
if (MIX !== 'portal' && MIX !== 'mesh-pages') {
  throw new Error(
    `MESH_LOAD_MIX must be 'portal' or 'mesh-pages', not '${MIX}'`,
  );
}
const LOAD_ROUTES =
  MIX === 'portal' ? PAGE_MIX : PAGE_MIX.filter(route => route.mesh);
const PROBES = [
  QUEUEING_PROBE,
  ...(MIX === 'portal' ? [] : PAGE_MIX.filter(route => !route.mesh)),
].map(route => ({ route, intervalMs: PROBE_INTERVAL_MS }));
const PROBE_NAMES = new Set(PROBES.map(probe => probe.route.name));

const loadAverage = () =>
  os
    .loadavg()
    .map(v => v.toFixed(2))
    .join(' ');
const fmt = (ms: number) => (Number.isNaN(ms) ? '-' : ms.toFixed(1));
/** Prints without Jest's console decoration, so the tables stay readable. */
const print = (line: string) => process.stdout.write(`${line}\n`);

function printTable(title: string, figures: RouteFigures[]) {
  print(`\n${title}`);
  print(
    `${'route'.padEnd(28)} ${'requests'.padStart(8)} ${'req/s'.padStart(
      7,
    )} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(
      8,
    )} ${'non2xx'.padStart(6)} ${'errors'.padStart(6)}`,
  );
  for (const f of figures) {
    print(
      `${f.route.padEnd(28)} ${String(f.requests).padStart(
        8,
      )} ${f.requestsPerSecond.toFixed(1).padStart(7)} ${fmt(f.p50Ms).padStart(
        8,
      )} ${fmt(f.p95Ms).padStart(8)} ${fmt(f.p99Ms).padStart(8)} ${String(
        f.non2xx,
      ).padStart(6)} ${String(f.errors).padStart(6)}`,
    );
  }
}

function ratios(figures: RouteFigures[]) {
  const by = (name: string) => figures.find(f => f.route === name)!;
  const floor = by('catalog by-name (floor)');
  const kubernetes = by('kubernetes workloads query');
  const entity = by('mesh entity');
  const ratio = (a: number, b: number) => Number((a / b).toFixed(2));
  return {
    meshEntityOverCatalogP50: ratio(entity.p50Ms, floor.p50Ms),
    meshEntityOverCatalogP95: ratio(entity.p95Ms, floor.p95Ms),
    kubernetesOverCatalogP50: ratio(kubernetes.p50Ms, floor.p50Ms),
    kubernetesOverCatalogP95: ratio(kubernetes.p95Ms, floor.p95Ms),
    kubernetesOverMeshEntityP50: ratio(kubernetes.p50Ms, entity.p50Ms),
  };
}

/** Requests of the mix (the probes' few are left out). */
const mixRequests = (figures: RouteFigures[]) =>
  figures
    .filter(f => !PROBE_NAMES.has(f.route))
    .reduce((sum, f) => sum + f.requests, 0);

/** CPU used during one round: what a request costs, whatever the latency. */
interface RoundCpu {
  /** Cores each replica used on average (CPU seconds per second). */
  replicaCores: Record<string, number>;
  /** CPU of both replicas per request of the round, in ms. */
  replicaCpuMsPerRequest: number;
  /** Share of the machine's CPU time that was busy (all processes). */
  machineBusy: number;
}

type CpuSample = {
  replicas: Record<string, number | undefined>;
  machine: { busy: number; idle: number };
};

function roundCpu(
  before: CpuSample,
  after: CpuSample,
  elapsedMs: number,
  requests: number,
): RoundCpu {
  const used = Object.fromEntries(
    Object.keys(before.replicas).map(name => [
      name,
      (after.replicas[name] ?? NaN) - (before.replicas[name] ?? NaN),
    ]),
  );
  const total = Object.values(used).reduce((sum, v) => sum + v, 0);
  const busy = after.machine.busy - before.machine.busy;
  const idle = after.machine.idle - before.machine.idle;
  return {
    replicaCores: Object.fromEntries(
      Object.entries(used).map(([name, v]) => [
        name,
        Number((v / (elapsedMs / 1000)).toFixed(2)),
      ]),
    ),
    replicaCpuMsPerRequest: Number(((total * 1000) / requests).toFixed(3)),
    machineBusy: Number((busy / (busy + idle)).toFixed(3)),
  };
}

function describeCpu(cpu: RoundCpu): string {
  const cores = Object.entries(cpu.replicaCores)
    .map(([name, v]) => `${name} ${v.toFixed(2)}`)
    .join(', ');
  return `CPU: replicas used ${cores} cores; ${cpu.replicaCpuMsPerRequest.toFixed(
    2,
  )} ms of replica CPU per request; machine ${(cpu.machineBusy * 100).toFixed(
    0,
  )} % busy`;
}

describe('load on the production stack (two replicas, PostgreSQL)', () => {
  it('serves the page mix at 50 and 200 connections', async () => {
    const replicas = productionReplicas();
    if (!(await replicasReady(replicas))) {
      throw new Error(
        `the production stack does not answer at ${replicas
          .map(r => r.url)
          .join(
            ', ',
          )}: run \`flock /tmp/mesh-stack.lock ./scripts/prod.sh -- yarn bench load\``,
      );
    }
    // One token for both replicas: a token issued by one verifies on the other.
    const token = await guestToken(replicas[0].url);
    const urls = replicas.map(r => r.url);
    const rss = () =>
      Object.fromEntries(replicas.map(r => [r.name, replicaRssMiB(r)]));
    const cpuNow = (): CpuSample => ({
      replicas: Object.fromEntries(
        replicas.map(r => [r.name, replicaCpuSeconds(r)]),
      ),
      machine: machineCpuSeconds(),
    });
    const report: Record<string, unknown> = {
      machine: `${os.cpus().length} cores, ${Math.round(
        os.totalmem() / 2 ** 30,
      )} GiB`,
      loadAverageAtStart: loadAverage(),
      roundSeconds: ROUND_SECONDS,
      rounds: ROUNDS,
      replicas: urls,
      mix: MIX,
      routes: LOAD_ROUTES.map(r => ({ route: r.name, weight: r.weight })),
      probes: PROBES.map(p => ({
        route: p.route.name,
        intervalMs: p.intervalMs,
      })),
      rssMiBBeforeWarmUp: rss(),
    };
    print(
      `Replicas ${urls.join(
        ', ',
      )}; load average ${loadAverage()}; RSS before warm-up ${JSON.stringify(
        rss(),
      )} MiB; mix '${MIX}' (${
        LOAD_ROUTES.length
      } routes load the replicas; probes: ${PROBES.map(
        probe => probe.route.name,
      ).join(', ')})`,
    );

    const warmUp = await loadRound({
      replicas: urls,
      token,
      routes: LOAD_ROUTES,
      connections: LEVELS[0],
      durationMs: WARM_UP_SECONDS * 1000,
      maxRequests: MAX_REQUESTS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      seed: 1,
    });
    printTable(
      `Warm-up (cold start, not in the figures below): ${
        LEVELS[0]
      } connections, ${(warmUp.elapsedMs / 1000).toFixed(
        1,
      )} s, load average ${loadAverage()}`,
      warmUp.figures,
    );
    report.warmUp = {
      connections: LEVELS[0],
      elapsedMs: Math.round(warmUp.elapsedMs),
      figures: warmUp.figures,
      rssMiBAfter: rss(),
    };
    await new Promise(resolve => setTimeout(resolve, PAUSE_MS));

    const levels = [];
    for (const connections of LEVELS) {
      const rounds: Array<{
        round: number;
        elapsedMs: number;
        loadAverage: string;
        rssMiB: Record<string, unknown>;
        cpu: RoundCpu;
        figures: RouteFigures[];
        sampleErrors: string[];
      }> = [];
      const all = new Map<string, number[]>();
      let requests = 0;
      let elapsedMs = 0;
      for (let round = 1; round <= ROUNDS; round++) {
        const rssBefore = rss();
        const cpuBefore = cpuNow();
        const result = await loadRound({
          replicas: urls,
          token,
          routes: LOAD_ROUTES,
          connections,
          durationMs: ROUND_SECONDS * 1000,
          maxRequests: MAX_REQUESTS,
          requestTimeoutMs: REQUEST_TIMEOUT_MS,
          seed: connections * 100 + round,
          probes: PROBES,
        });
        const rssAfter = rss();
        const roundRequests = mixRequests(result.figures);
        const cpu = roundCpu(
          cpuBefore,
          cpuNow(),
          result.elapsedMs,
          roundRequests,
        );
        await new Promise(resolve => setTimeout(resolve, PAUSE_MS));
        const rssAfterPause = rss();
        for (const [route, values] of result.latencies) {
          all.set(route, [...(all.get(route) ?? []), ...values]);
        }
        requests += roundRequests;
        elapsedMs += result.elapsedMs;
        printTable(
          `${connections} connections, round ${round}/${ROUNDS} (${(
            result.elapsedMs / 1000
          ).toFixed(
            1,
          )} s, load average ${loadAverage()}); RSS MiB before ${JSON.stringify(
            rssBefore,
          )} after ${JSON.stringify(rssAfter)} after ${
            PAUSE_MS / 1000
          } s pause ${JSON.stringify(rssAfterPause)}`,
          result.figures,
        );
        print(`  ${describeCpu(cpu)}`);
        if (result.sampleErrors.length) {
          print(`  sample errors: ${result.sampleErrors.join('; ')}`);
        }
        if (connections === LEVELS[0] && HEAP_SNAPSHOT_ROUNDS.has(round)) {
          const file = await replicaHeapSnapshot(
            replicas[0],
            path.join(REPO_ROOT, '.state', 'prod', 'app'),
          );
          print(`  heap snapshot of replica ${replicas[0].name}: ${file}`);
        }
        rounds.push({
          round,
          elapsedMs: Math.round(result.elapsedMs),
          loadAverage: loadAverage(),
          rssMiB: {
            before: rssBefore,
            after: rssAfter,
            afterPause: rssAfterPause,
          },
          cpu,
          figures: result.figures,
          sampleErrors: result.sampleErrors,
        });
      }
      // The level over all its rounds.
      const summary: RouteFigures[] = [
        ...LOAD_ROUTES,
        ...PROBES.map(probe => probe.route),
      ].map(route => {
        const sorted = (all.get(route.name) ?? []).sort((a, b) => a - b);
        const perRound = rounds.map(
          r => r.figures.find(f => f.route === route.name)!,
        );
        const count = perRound.reduce((sum, f) => sum + f.requests, 0);
        return {
          route: route.name,
          requests: count,
          non2xx: perRound.reduce((sum, f) => sum + f.non2xx, 0),
          errors: perRound.reduce((sum, f) => sum + f.errors, 0),
          p50Ms: percentile(sorted, 50),
          p95Ms: percentile(sorted, 95),
          p99Ms: percentile(sorted, 99),
          requestsPerSecond: count / (elapsedMs / 1000),
        };
      });
      printTable(
        `${connections} connections, all ${ROUNDS} rounds: ${requests} requests, ${(
          requests /
          (elapsedMs / 1000)
        ).toFixed(1)} req/s in all`,
        summary,
      );
      const levelRatios = ratios(summary);
      print(`  ratios: ${JSON.stringify(levelRatios)}`);
      const replicaCpuMsPerRequest = Number(
        (
          rounds.reduce(
            (sum, r) =>
              sum + r.cpu.replicaCpuMsPerRequest * mixRequests(r.figures),
            0,
          ) / requests
        ).toFixed(3),
      );
      print(
        `  replica CPU per request over the level: ${replicaCpuMsPerRequest} ms`,
      );
      levels.push({
        connections,
        requests,
        requestsPerSecond: requests / (elapsedMs / 1000),
        replicaCpuMsPerRequest,
        summary,
        ratios: levelRatios,
        rounds,
      });
    }
    report.levels = levels;
    report.loadAverageAtEnd = loadAverage();
    const out = path.join(REPO_ROOT, '.state', 'results');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(
      path.join(out, 'load-bench.json'),
      `${JSON.stringify(report, null, 2)}\n`,
    );
    print(
      `\nLoad average at the end ${loadAverage()}; figures in .state/results/load-bench.json`,
    );

    // Correctness only: every route of the mix answered, on every level.
    for (const level of levels) {
      for (const f of level.summary) {
        expect({
          route: f.route,
          answered: f.requests - f.errors - f.non2xx > 0,
        }).toEqual({
          route: f.route,
          answered: true,
        });
      }
    }
  });
});
