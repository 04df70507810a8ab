import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { locatePrometheus } from './prometheus/locate';
import { RunningDemo, startDemo } from './startDemo';
import {
  Obj,
  hasSidecar,
  readClusterObjects,
  readTrafficModelRaw,
  topOwnerName,
} from './__testUtils__/demoFiles';

jest.setTimeout(300_000);

const CLUSTERS = ['platform', 'compute'];
const QUERY =
  'sum(rate(istio_requests_total{reporter="destination"}[1m])) by (source_workload, destination_workload)';
const TCP_QUERY =
  'sum(rate(istio_tcp_received_bytes_total{reporter="destination"}[1m])) by (source_workload, destination_workload)';

/**
 * What each cluster's Prometheus should show, computed here from the model
 * file and the manifests: an edge is destination-reported in the destination's
 * cluster when its pods run a sidecar (HTTP/gRPC) or are ambient (TCP, via
 * ztunnel), unless the destination rejects the connection.
 */
async function expectedRates(): Promise<{
  requests: Record<string, Map<string, number>>;
  tcp: Record<string, Map<string, number>>;
}> {
  const model = await readTrafficModelRaw();
  const objects: Record<string, Obj[]> = {};
  for (const c of CLUSTERS) objects[c] = await readClusterObjects(c);
  const requests: Record<string, Map<string, number>> = {};
  const tcp: Record<string, Map<string, number>> = {};
  for (const c of CLUSTERS) {
    requests[c] = new Map();
    tcp[c] = new Map();
  }
  for (const edge of model.edges) {
    if (edge.rejectedByDestination) continue;
    const d = edge.destination;
    const pods = objects[d.cluster].filter(
      p =>
        p.kind === 'Pod' &&
        p.metadata.namespace === d.namespace &&
        topOwnerName(p, objects[d.cluster]) === d.workload,
    );
    const sidecar = pods.every(hasSidecar);
    const ambient = pods.every(
      p =>
        p.metadata.annotations?.['ambient.istio.io/redirection'] === 'enabled',
    );
    const key = `${edge.source.workload}->${d.workload}`;
    if (edge.protocol === 'tcp' && (sidecar || ambient)) {
      tcp[d.cluster].set(
        key,
        (tcp[d.cluster].get(key) ?? 0) + edge.bytesPerSecond.request,
      );
    } else if (edge.protocol !== 'tcp' && sidecar) {
      requests[d.cluster].set(
        key,
        (requests[d.cluster].get(key) ?? 0) + edge.requestsPerSecond,
      );
    }
  }
  return { requests, tcp };
}

async function query(
  url: string,
  promql: string,
  time?: number,
): Promise<Map<string, number>> {
  const params = new URLSearchParams({ query: promql });
  if (time) params.set('time', String(time));
  const res = await fetch(`${url}/api/v1/query?${params}`);
  const body = (await res.json()) as {
    status: string;
    data: {
      result: Array<{
        metric: Record<string, string>;
        value: [number, string];
      }>;
    };
  };
  expect(body.status).toBe('success');
  return new Map(
    body.data.result.map(r => [
      `${r.metric.source_workload}->${r.metric.destination_workload}`,
      Number(r.value[1]),
    ]),
  );
}

async function scalar(url: string, promql: string): Promise<number> {
  const res = await fetch(
    `${url}/api/v1/query?${new URLSearchParams({ query: promql })}`,
  );
  const body = (await res.json()) as {
    data: { result: Array<{ value: [number, string] }> };
  };
  return Number(body.data.result[0]?.value[1] ?? NaN);
}

/**
 * Counters are integers (like Envoy's), so a rate over a short window is
 * off by whole requests: `rate(...[1m])` sees the increase between its first
 * and last scrape and extrapolates it to the minute. Between live scrapes
 * that may come late on a busy machine, that is up to two requests a minute
 * either way, which at the demo's slowest edge (0.2/s) is 17 %: allowed on
 * top of the relative tolerance.
 */
const COUNT_SLACK_PER_SECOND_1M = 2 / 60;

function expectWithin(
  actual: Map<string, number>,
  expected: Map<string, number>,
  tolerance: number,
  slackPerSecond = 0,
) {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [key, want] of expected) {
    const got = actual.get(key)!;
    expect({
      edge: key,
      withinTolerance:
        Math.abs(got - want) <= tolerance * want + slackPerSecond,
      got,
      want,
    }).toEqual({
      edge: key,
      withinTolerance: true,
      got,
      want,
    });
  }
}

/** Waits until every target was last scraped more than a rate window (1m) after `since`. */
async function waitForLiveScrapes(url: string, since: number) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const res = await fetch(`${url}/api/v1/targets`);
    const body = (await res.json()) as {
      data: { activeTargets: Array<{ lastScrape: string; health: string }> };
    };
    const targets = body.data.activeTargets;
    if (
      targets.length &&
      targets.every(
        t => t.health === 'up' && Date.parse(t.lastScrape) / 1000 > since + 61,
      )
    )
      return;
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`targets of ${url} were not scraped twice in time`);
}

/**
 * Finds Prometheus (installing the Debian package where apt is available)
 * while jest collects the tests, so a machine without apt skips loudly.
 */
function prometheusAvailability(): string | undefined {
  const onPath = (bin: string) =>
    (process.env.PATH ?? '')
      .split(path.delimiter)
      .concat('/usr/bin')
      .some(dir => dir && existsSync(path.join(dir, bin)));
  if (onPath('prometheus') && onPath('promtool')) return undefined;
  if (!onPath('apt-get')) {
    return 'Prometheus is not installed and apt-get is not available to install it';
  }
  try {
    execFileSync('apt-get', ['install', '-y', 'prometheus'], {
      stdio: 'ignore',
    });
  } catch {
    execFileSync('apt-get', ['update'], { stdio: 'ignore' });
    execFileSync('apt-get', ['install', '-y', 'prometheus'], {
      stdio: 'ignore',
    });
  }
  return undefined;
}

const unavailable = prometheusAvailability();
if (unavailable) {
  // eslint-disable-next-line no-console
  console.warn(`SKIPPING the Prometheus acceptance tests: ${unavailable}`);
}
const describeWithPrometheus = unavailable ? describe.skip : describe;

describeWithPrometheus('acceptance: the demo against real Prometheus', () => {
  let demo: RunningDemo | undefined;
  let stateDir: string;
  let readyAt: number;

  beforeAll(async () => {
    const binaries = await locatePrometheus({ install: false });
    if (!binaries.available) {
      throw new Error(
        `Prometheus is required for this test: ${binaries.reason}`,
      );
    }
    stateDir = await fs.mkdtemp(
      path.join(os.tmpdir(), 'mesh-demo-acceptance-'),
    );
    demo = await startDemo({
      stateDir,
      ports: Object.fromEntries(
        CLUSTERS.map(c => [
          c,
          { apiPort: 0, telemetryPort: 0, prometheusPort: 0 },
        ]),
      ),
      controlPort: 0,
    });
    readyAt = Date.now() / 1000;
  });

  afterAll(async () => {
    await demo?.stop();
    if (stateDir) await fs.rm(stateDir, { recursive: true, force: true });
  });

  it('starts everything: two API servers, two telemetry endpoints, two ready Prometheus servers', async () => {
    expect(demo!.prometheusUnavailable).toBeUndefined();
    expect(demo!.apiServers.map(a => a.name)).toEqual(CLUSTERS);
    const res = await fetch(`${demo!.apiServers[0].url}/api/v1/namespaces`, {
      headers: { authorization: `Bearer ${demo!.apiServers[0].token}` },
    });
    expect(res.status).toBe(200);
    const state = JSON.parse(await fs.readFile(demo!.stateFile!, 'utf8'));
    expect(state.telemetry.map((t: Obj) => typeof t.prometheus.pid)).toEqual([
      'number',
      'number',
    ]);
    expect(JSON.stringify(state)).not.toContain('demo-token');
  });

  it('after backfill, each Prometheus returns the modelled edges at the modelled rates (within 10%)', async () => {
    const expected = await expectedRates();
    // both clusters see destination-reported edges (the cross-cluster one in compute)
    expect(expected.requests.platform.size).toBeGreaterThan(5);
    expect(
      expected.requests.compute.get('pipeline-scheduler->spark-job-runner'),
    ).toBe(4);
    for (const t of demo!.telemetry) {
      // at the end of the backfilled hour: history alone
      const end = t.backfill!.toSeconds;
      expectWithin(
        await query(t.prometheus!.url, QUERY, end),
        expected.requests[t.cluster],
        0.1,
      );
      expectWithin(
        await query(t.prometheus!.url, TCP_QUERY, end),
        expected.tcp[t.cluster],
        0.1,
      );
      // half an hour back, too
      expectWithin(
        await query(t.prometheus!.url, QUERY, end - 1800),
        expected.requests[t.cluster],
        0.1,
      );
    }
  });

  it('holds 7 days of destination-reported request counters for the STRICT-readiness window, at the modelled rates', async () => {
    const expected = await expectedRates();
    for (const t of demo!.telemetry) {
      const end = t.backfill!.toSeconds;
      // Six days back, in the coarse history: the same rates.
      expectWithin(
        await query(
          t.prometheus!.url,
          QUERY.replace('[1m]', '[1h]'),
          end - 6 * 86_400,
        ),
        expected.requests[t.cluster],
        0.1,
      );
      // Over the whole window: a week of requests (the modelled rate times
      // 7 days, less the first sample's step).
      const week = await query(
        t.prometheus!.url,
        'sum(increase(istio_requests_total{reporter="destination"}[7d])) by (source_workload, destination_workload)',
        end,
      );
      for (const [edge, rate] of expected.requests[t.cluster]) {
        const seconds = week.get(edge)! / rate;
        expect({ edge, days: Math.round(seconds / 86_400) }).toEqual({
          edge,
          days: 7,
        });
      }
    }
    // The readiness cases of the README: plaintext arriving from the
    // out-of-mesh caller and from the scraper, over the week.
    const plaintext = (cluster: string) =>
      query(
        demo!.telemetry.find(t => t.cluster === cluster)!.prometheus!.url,
        'sum(increase(istio_requests_total{reporter="destination",connection_security_policy="none"}[7d])) by (source_workload, destination_workload)',
      );
    expect([...(await plaintext('platform')).keys()]).toEqual([
      'legacy-reporting->metrics-service',
    ]);
    expect([...(await plaintext('compute')).keys()]).toEqual([
      'prometheus->spark-executor',
    ]);
  });

  it('with the demo running, live scrapes continue the backfilled series at the same rates', async () => {
    const expected = await expectedRates();
    expect(demo!.telemetry.every(t => t.prometheus)).toBe(true);
    for (const t of demo!.telemetry)
      await waitForLiveScrapes(t.prometheus!.url, readyAt);
    for (const t of demo!.telemetry) {
      // the live series are the backfilled ones (same labels), without a counter reset
      const series = demo!.plan.targets
        .filter(x => x.cluster === t.cluster)
        .reduce(
          (n, x) => n + (x.families.get('istio_requests_total')?.length ?? 0),
          0,
        );
      const counted = await scalar(
        t.prometheus!.url,
        'count(istio_requests_total)',
      );
      expect(counted).toBe(series);
      expect(
        await scalar(
          t.prometheus!.url,
          'sum(resets(istio_requests_total[10m]))',
        ),
      ).toBe(0);
      expectWithin(
        await query(t.prometheus!.url, QUERY),
        expected.requests[t.cluster],
        0.1,
        COUNT_SLACK_PER_SECOND_1M,
      );
      expectWithin(
        await query(t.prometheus!.url, TCP_QUERY),
        expected.tcp[t.cluster],
        0.1,
      );
    }
  });

  it('stops every process it started', async () => {
    const pids = demo!.telemetry.map(t => t.prometheus!.pid);
    await demo!.stop();
    for (const pid of pids) {
      expect(() => process.kill(pid, 0)).toThrow();
    }
    await expect(fs.stat(demo!.stateFile!)).rejects.toThrow();
    demo = undefined;
  });
});
