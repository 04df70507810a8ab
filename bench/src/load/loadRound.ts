import http from 'node:http';
import type { MixRoute } from './pageMix';
import { routePicker } from './pageMix';

/** Figures of one route in one round. */
export interface RouteFigures {
  route: string;
  requests: number;
  /** Answers other than 2xx. */
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  requestsPerSecond: number;
}

/** Options of one bounded load round. */
export interface LoadRoundOptions {
  /** Base URLs of the replicas; connections are spread evenly over them. */
  replicas: string[];
  token: string;
  routes: MixRoute[];
  connections: number;
  /** The round stops at whichever comes first. */
  durationMs: number;
  maxRequests: number;
  /** A request slower than this counts as an error. */
  requestTimeoutMs: number;
  seed: number;
  /**
   * Requests sent beside the mix, each on its own connection to each
   * replica, one every `intervalMs` (after the previous answer); reported as
   * more routes. They add a few requests a second, not load.
   */
  probes?: Array<{ route: MixRoute; intervalMs: number }>;
}

/** Result of {@link loadRound}. */
export interface LoadRoundResult {
  elapsedMs: number;
  figures: RouteFigures[];
  /** Every successful answer's latency (ms) by route, for summaries over rounds. */
  latencies: Map<string, number[]>;
  /** Up to five distinct error descriptions, for the report. */
  sampleErrors: string[];
}

/** The value below which `p` % of the sorted `values` fall. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

interface Outcome {
  status?: number;
  error?: string;
}

function send(
  agent: http.Agent,
  base: URL,
  token: string,
  request: ReturnType<MixRoute['request']>,
  timeoutMs: number,
): Promise<Outcome> {
  return new Promise(resolve => {
    const req = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: request.method,
        path: request.path,
        headers: {
          authorization: `Bearer ${token}`,
          ...(request.body
            ? {
                'content-type': 'application/json',
                'content-length': Buffer.byteLength(request.body),
              }
            : {}),
        },
        timeout: timeoutMs,
      },
      res => {
        // Read the whole body: the time to the last byte is what a page waits for.
        res.on('data', () => undefined);
        res.on('end', () => resolve({ status: res.statusCode }));
        res.on('error', error => resolve({ error: error.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', error => resolve({ error: error.message }));
    req.end(request.body);
  });
}

/**
 * Drives the replicas with `connections` concurrent users for one round.
 * Each user keeps one keep-alive connection to one replica (as a sticky load
 * balancer would) and sends one request at a time, picked from the weighted
 * mix. Loopback only: the replicas are local processes.
 */
export async function loadRound(
  options: LoadRoundOptions,
): Promise<LoadRoundResult> {
  const latencies = new Map<string, number[]>();
  const non2xx = new Map<string, number>();
  const errors = new Map<string, number>();
  const sampleErrors = new Set<string>();
  const counters = new Map<string, number>();
  const probes = options.probes ?? [];
  const routes = [...options.routes, ...probes.map(probe => probe.route)];
  for (const route of routes) {
    latencies.set(route.name, []);
    non2xx.set(route.name, 0);
    errors.set(route.name, 0);
    counters.set(route.name, 0);
  }
  const bases = options.replicas.map(url => new URL(url));
  for (const base of bases) {
    if (base.hostname !== '127.0.0.1' && base.hostname !== 'localhost') {
      throw new Error(`the load benchmark only drives loopback: ${base.href}`);
    }
  }
  let sent = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;

  /** Sends one request of `route` and records its outcome. */
  const timed = async (
    agent: http.Agent,
    base: URL,
    route: MixRoute,
    n: number,
  ) => {
    const t0 = performance.now();
    const outcome = await send(
      agent,
      base,
      options.token,
      route.request(n),
      options.requestTimeoutMs,
    );
    const ms = performance.now() - t0;
    if (outcome.error) {
      errors.set(route.name, errors.get(route.name)! + 1);
      if (sampleErrors.size < 5) {
        sampleErrors.add(`${route.name}: ${outcome.error}`);
      }
      return;
    }
    latencies.get(route.name)!.push(ms);
    if (outcome.status! < 200 || outcome.status! > 299) {
      non2xx.set(route.name, non2xx.get(route.name)! + 1);
      if (sampleErrors.size < 5) {
        sampleErrors.add(`${route.name}: HTTP ${outcome.status}`);
      }
    }
  };

  const prober = async (
    base: URL,
    probe: { route: MixRoute; intervalMs: number },
  ) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let n = 0; performance.now() < deadline; n++) {
        await timed(agent, base, probe.route, n);
        await new Promise(resolve => setTimeout(resolve, probe.intervalMs));
      }
    } finally {
      agent.destroy();
    }
  };

  const user = async (index: number) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const base = bases[index % bases.length];
    const pick = routePicker(options.routes, options.seed + index * 7919);
    try {
      while (performance.now() < deadline && sent < options.maxRequests) {
        sent += 1;
        const route = pick();
        const n = counters.get(route.name)!;
        counters.set(route.name, n + 1);
        await timed(agent, base, route, n);
      }
    } finally {
      agent.destroy();
    }
  };
  await Promise.all([
    ...Array.from({ length: options.connections }, (_, i) => user(i)),
    ...probes.flatMap(probe => bases.map(base => prober(base, probe))),
  ]);
  const elapsedMs = performance.now() - started;
  const figures = routes.map(route => {
    const sorted = latencies.get(route.name)!.sort((a, b) => a - b);
    const requests = sorted.length + errors.get(route.name)!;
    return {
      route: route.name,
      requests,
      non2xx: non2xx.get(route.name)!,
      errors: errors.get(route.name)!,
      p50Ms: percentile(sorted, 50),
      p95Ms: percentile(sorted, 95),
      p99Ms: percentile(sorted, 99),
      requestsPerSecond: requests / (elapsedMs / 1000),
    };
  });
  return { elapsedMs, figures, latencies, sampleErrors: [...sampleErrors] };
}
