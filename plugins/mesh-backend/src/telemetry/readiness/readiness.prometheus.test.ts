/**
 * The readiness query set against a real Prometheus (Debian `prometheus`,
 * backfilled with `promtool`): three queries per server, whatever the number
 * of workloads, joined into per-workload verdicts. Expected counts are
 * computed here from the rates written.
 */
import { PrometheusClient } from '../prometheus/PrometheusClient';
import { packSamples } from '../graph/rawData';
import { clusterResolverFrom } from '../graph/normalizeSamples';
import { FakeDirectory, deployment } from '../__testUtils__/fakeDirectory';
import {
  openPrometheusFleet,
  prometheusTestsRunnable,
  type CounterSeries,
  type PrometheusFleet,
  type RunningPrometheus,
} from '@internal/mesh-demo';
import { buildReadinessQueries } from './queries';
import type { ReadinessRawData } from './inbound';
import { inboundObservations } from './inbound';
import { readinessOf } from './verdict';

const describeWithPrometheus = prometheusTestsRunnable(
  'real-Prometheus readiness tests',
)
  ? describe
  : describe.skip;

const P = 'platform-east';
type End = [namespace: string, workload: string];

function series(
  metric: 'requests' | 'connections',
  src: End | undefined,
  dst: End,
  csp: 'none' | 'mutual_tls',
  rate: number,
): CounterSeries & { metric: string } {
  return {
    metric,
    labels: {
      reporter: 'destination',
      app: dst[1],
      source_cluster: src ? P : 'unknown',
      source_workload_namespace: src?.[0] ?? 'unknown',
      source_workload: src?.[1] ?? 'unknown',
      source_principal:
        csp === 'mutual_tls' && src
          ? `spiffe://cluster.local/ns/${src[0]}/sa/${src[1]}`
          : 'unknown',
      destination_cluster: P,
      destination_workload_namespace: dst[0],
      destination_workload: dst[1],
      destination_service: `${dst[1]}.${dst[0]}.svc.cluster.local`,
      connection_security_policy: csp,
      response_code: '200',
    },
    rate,
  };
}

const ready: End = ['api', 'ready'];
const blocked: End = ['api', 'blocked'];
const scraped: End = ['obs', 'scraped'];
const tcpOnly: End = ['data', 'tcp-only'];
const silent: End = ['api', 'silent'];

const SERIES = [
  series('requests', ['web', 'frontend'], ready, 'mutual_tls', 10),
  series('requests', ['web', 'frontend'], blocked, 'mutual_tls', 5),
  series('requests', ['legacy', 'reporter'], blocked, 'none', 0.5),
  series('requests', undefined, blocked, 'none', 0.25),
  series('requests', ['monitoring', 'prometheus-k8s'], scraped, 'none', 0.1),
  series('requests', ['web', 'frontend'], scraped, 'mutual_tls', 2),
  series('connections', ['legacy', 'reporter'], tcpOnly, 'none', 0.01),
];

const HOURS = 3;

describeWithPrometheus('STRICT readiness against real Prometheus', () => {
  jest.setTimeout(600_000);
  let fleet: PrometheusFleet | undefined;
  let prom: RunningPrometheus | undefined;
  const end = Math.floor(Date.now() / 3_600_000) * 3600 - 3600;
  const evaluationTime = new Date(end * 1000);

  beforeAll(async () => {
    fleet = await openPrometheusFleet('mesh-readiness');
    prom = await fleet.start(
      'platform',
      [
        {
          type: 'counter',
          name: 'istio_requests_total',
          series: SERIES.filter(s => s.metric === 'requests'),
        },
        {
          type: 'counter',
          name: 'istio_tcp_connections_opened_total',
          series: SERIES.filter(s => s.metric === 'connections'),
        },
      ],
      { start: end - HOURS * 3600, end, stepSeconds: 60 },
    );
  });

  afterAll(async () => {
    await fleet?.stop();
  });

  it('three queries per Prometheus give per-workload verdicts: ready, blocked (with callers), scraper exception, unknown', async () => {
    const client = new PrometheusClient({
      name: 'platform',
      endpoint: { url: prom!.url, timeoutMs: 60_000 },
    });
    const queries = buildReadinessQueries({ window: '7d' });
    expect(queries).toHaveLength(3);
    const raw: ReadinessRawData = { cluster: 'platform', results: {} };
    for (const q of queries) {
      raw.results[q.name] = packSamples(
        (await client.query(q.promql, evaluationTime)).samples,
      );
    }
    const directory = new FakeDirectory([
      ...[ready, blocked, scraped, tcpOnly, silent].map(([ns, name]) =>
        deployment('platform', ns, name, undefined, { membership: 'sidecar' }),
      ),
      deployment('platform', 'legacy', 'reporter', undefined, {
        membership: 'none',
      }),
      deployment('platform', 'monitoring', 'prometheus-k8s', undefined, {
        membership: 'none',
      }),
      deployment(
        'platform',
        'web',
        'frontend',
        { ref: 'component:default/frontend', owner: 'group:default/web' },
        { membership: 'sidecar' },
      ),
    ]);
    const observations = inboundObservations(
      [raw],
      clusterResolverFrom(new Map([[P, 'platform']])),
    );
    const verdicts = readinessOf(
      observations,
      {
        directory,
        scrapePortsOf: id => (id.endsWith('/scraped') ? [9090] : []),
      },
      [{ cluster: 'platform', namespace: silent[0], workload: silent[1] }],
    );
    const byName = new Map(verdicts.map(v => [v.destination.workload, v]));
    expect(byName.get('ready')).toMatchObject({
      verdict: 'ready',
      blockers: [],
    });
    // 10 req/s for the backfilled hours (increase over the 7-day window).
    expect(byName.get('ready')!.observedRequests).toBeGreaterThan(
      10 * HOURS * 3600 * 0.95,
    );
    const b = byName.get('blocked')!;
    expect(b.verdict).toBe('blocked');
    expect(
      b.blockers.map(x => [x.source?.workload ?? '(external)', x.reason]),
    ).toEqual(
      expect.arrayContaining([
        ['reporter', 'out-of-mesh'],
        ['(external)', 'external'],
      ]),
    );
    expect(b.blockers).toHaveLength(2);
    const reporter = b.blockers.find(x => x.source?.workload === 'reporter')!;
    expect(reporter.plaintextRequests).toBeGreaterThan(
      0.5 * HOURS * 3600 * 0.95,
    );
    expect(reporter.plaintextRequests).toBeLessThan(0.5 * HOURS * 3600 * 1.05);
    // Plaintext was arriving until the end: last seen within the last hour.
    expect(Date.parse(reporter.lastSeen!)).toBeGreaterThanOrEqual(
      (end - 3600) * 1000,
    );
    expect(Date.parse(reporter.lastSeen!)).toBeLessThanOrEqual(end * 1000);
    expect(byName.get('scraped')).toMatchObject({
      verdict: 'ready',
      portExceptions: [9090],
      scrapers: [expect.objectContaining({ reason: 'scraper' })],
    });
    expect(byName.get('tcp-only')).toMatchObject({
      verdict: 'blocked',
      blockers: [expect.objectContaining({ reason: 'out-of-mesh' })],
    });
    expect(byName.get('silent')!.verdict).toBe('unknown');
  });
});
