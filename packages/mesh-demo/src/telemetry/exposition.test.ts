import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  formatBucketBound,
  renderTextExposition,
  writeOpenMetricsBackfill,
} from './exposition';
import { TelemetryPlan, loadTelemetryPlan } from './generator';
import {
  ISTIO_DURATION_BUCKETS_MS,
  ScrapeTarget,
  counterValue,
  integratedAmount,
} from './series';
import { startTelemetryServer } from './server';

type Sample = {
  name: string;
  labels: Record<string, string>;
  value: number;
  ts?: number;
};

/** A small parser of the text exposition format, enough to check what we emit. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\} (\S+)(?: (\S+))?$/.exec(
      line,
    );
    if (!m) throw new Error(`unparseable line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of m[2].matchAll(
      /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g,
    ))
      labels[l[1]] = l[2];
    samples.push({
      name: m[1],
      labels,
      value: Number(m[3]),
      ts: m[4] ? Number(m[4]) : undefined,
    });
  }
  return samples;
}

const STANDARD_LABELS = [
  'reporter',
  'source_workload',
  'source_canonical_service',
  'source_canonical_revision',
  'source_workload_namespace',
  'source_principal',
  'source_app',
  'source_version',
  'source_cluster',
  'destination_workload',
  'destination_workload_namespace',
  'destination_principal',
  'destination_app',
  'destination_version',
  'destination_service',
  'destination_canonical_service',
  'destination_canonical_revision',
  'destination_service_name',
  'destination_service_namespace',
  'destination_cluster',
  'request_protocol',
  'response_code',
  'grpc_response_status',
  'response_flags',
  'connection_security_policy',
];

describe('Envoy-like telemetry', () => {
  let plan: TelemetryPlan;
  const now = 1_800_000_000;
  let all: Array<{ target: ScrapeTarget; samples: Sample[] }>;

  beforeAll(async () => {
    plan = await loadTelemetryPlan({ anchorSeconds: now - 3900 });
    all = plan.targets.map(target => ({
      target,
      samples: parseExposition(
        renderTextExposition(target, now, plan.anchorSeconds),
      ),
    }));
  });

  const requests = (filter: Record<string, string>) =>
    all.flatMap(({ target, samples }) =>
      samples
        .filter(s => s.name === 'istio_requests_total')
        .filter(s =>
          Object.entries(filter).every(([k, v]) => s.labels[k] === v),
        )
        .map(s => ({ ...s, target })),
    );

  it('prints histogram bounds the way Envoy does', () => {
    expect(ISTIO_DURATION_BUCKETS_MS.map(formatBucketBound)).toEqual([
      '0.5',
      '1',
      '5',
      '10',
      '25',
      '50',
      '100',
      '250',
      '500',
      '1000',
      '2500',
      '5000',
      '10000',
      '30000',
      '60000',
      '300000',
      '600000',
      '1.8e+06',
      '3.6e+06',
    ]);
  });

  it("every request series carries all of Istio's standard labels in order", () => {
    const series = requests({});
    expect(series.length).toBeGreaterThan(50);
    for (const s of series)
      expect(Object.keys(s.labels)).toEqual(STANDARD_LABELS);
  });

  it('O1: the destination reports mutual_tls or none, the source always unknown', () => {
    const dest = new Set(
      requests({ reporter: 'destination' }).map(
        s => s.labels.connection_security_policy,
      ),
    );
    expect([...dest].sort()).toEqual(['mutual_tls', 'none']);
    const src = new Set(
      requests({ reporter: 'source' }).map(
        s => s.labels.connection_security_policy,
      ),
    );
    expect([...src]).toEqual(['unknown']);
  });

  it('G8: both proxies report a meshed edge; only the meshed side reports an out-of-mesh peer', () => {
    const edge = (src: string, dst: string) => {
      const s = requests({ source_workload: src, destination_workload: dst });
      return [...new Set(s.map(x => x.labels.reporter))].sort();
    };
    expect(edge('web-frontend', 'public-api')).toEqual([
      'destination',
      'source',
    ]);
    expect(edge('legacy-reporting', 'metrics-service')).toEqual([
      'destination',
    ]);
    expect(edge('spark-driver', 'spark-history-server')).toEqual(['source']);
    // plaintext from outside the mesh: no principal, policy none
    for (const s of requests({ source_workload: 'legacy-reporting' })) {
      expect(s.labels.source_principal).toBe('unknown');
      expect(s.labels.connection_security_policy).toBe('none');
    }
  });

  it('a connection the STRICT destination resets is reported by the source only, as 503 UC', () => {
    const s = requests({
      source_workload: 'web-frontend',
      destination_workload: 'metrics-service',
    });
    expect(s.length).toBeGreaterThan(0);
    for (const x of s) {
      expect(x.labels.reporter).toBe('source');
      expect(x.labels.response_code).toBe('503');
      expect(x.labels.response_flags).toBe('UC');
    }
  });

  it('O2: ztunnel reports only L4 metrics, mutual_tls, with app="ztunnel" on the target', () => {
    const ztunnels = all.filter(a => a.target.pod.labels.app === 'ztunnel');
    expect(ztunnels.length).toBe(3);
    const names = new Set(ztunnels.flatMap(z => z.samples.map(s => s.name)));
    expect([...names].sort()).toEqual([
      'istio_build',
      'istio_tcp_received_bytes_total',
      'istio_tcp_sent_bytes_total',
    ]);
    for (const z of ztunnels) {
      expect(z.target.targetLabels.app).toBe('ztunnel');
      for (const s of z.samples.filter(x => x.name !== 'istio_build')) {
        expect(s.labels.connection_security_policy).toBe('mutual_tls');
        expect(s.labels.destination_workload).toBe('shuffle-service');
      }
    }
  });

  it('gRPC series carry grpc_response_status; HTTP series leave it empty', () => {
    const grpc = requests({
      request_protocol: 'grpc',
      reporter: 'destination',
    });
    expect(new Set(grpc.map(s => s.labels.grpc_response_status))).toEqual(
      new Set(['0', '5', '14', '4']),
    );
    expect(grpc.every(s => s.labels.response_code === '200')).toBe(true);
    expect(
      requests({ request_protocol: 'http' }).every(
        s => s.labels.grpc_response_status === '',
      ),
    ).toBe(true);
  });

  it('C3: source and destination clusters are the Istio cluster ids', () => {
    const cross = requests({
      source_workload: 'pipeline-scheduler',
      destination_workload: 'spark-job-runner',
    });
    expect(
      new Set(cross.map(s => `${s.labels.reporter}:${s.target.cluster}`)),
    ).toEqual(new Set(['source:platform', 'destination:compute']));
    for (const s of cross) {
      expect(s.labels.source_cluster).toBe('platform-east');
      expect(s.labels.destination_cluster).toBe('compute-west');
    }
  });

  it('counters follow the model: the destination-reported sum matches each edge rate', () => {
    // The same workload names run in both clusters (web-frontend), so an
    // edge is identified by its clusters too, as telemetry labels them.
    const istioId = new Map(
      plan.topologies.map(t => [t.name, t.istioClusterId]),
    );
    for (const edge of plan.model.edges.filter(
      e =>
        e.protocol !== 'tcp' &&
        !e.rejectedByDestination &&
        e.destination.workload !== 'spark-history-server',
    )) {
      const series = all.flatMap(({ target }) =>
        (target.families.get('istio_requests_total') ?? []).filter(s => {
          const l = Object.fromEntries(s.labels);
          return (
            l.reporter === 'destination' &&
            l.source_workload === edge.source.workload &&
            l.source_cluster === istioId.get(edge.source.cluster) &&
            l.destination_workload === edge.destination.workload &&
            l.destination_cluster === istioId.get(edge.destination.cluster)
          );
        }),
      );
      const over10min =
        series.reduce(
          (a, s) => a + integratedAmount(s, 3900) - integratedAmount(s, 3300),
          0,
        ) / 600;
      expect(over10min).toBeGreaterThan(edge.requestsPerSecond! * 0.96);
      expect(over10min).toBeLessThan(edge.requestsPerSecond! * 1.04);
      // the exposed counter is the integer part of the amount
      for (const s of series)
        expect(counterValue(s, 3900)).toBe(
          Math.floor(integratedAmount(s, 3900)),
        );
    }
  });

  it('histograms have cumulative buckets ending in +Inf = count', () => {
    for (const { samples } of all) {
      const buckets = samples.filter(
        s => s.name === 'istio_request_duration_milliseconds_bucket',
      );
      const groups = new Map<string, number[]>();
      const infMismatches: string[] = [];
      for (const b of buckets) {
        const { le, ...rest } = b.labels;
        const key = JSON.stringify(rest);
        groups.set(key, [...(groups.get(key) ?? []), b.value]);
        const count = samples.find(
          s =>
            s.name === 'istio_request_duration_milliseconds_count' &&
            JSON.stringify(s.labels) === key,
        );
        if (le === '+Inf' && count?.value !== b.value) infMismatches.push(key);
      }
      expect(infMismatches).toEqual([]);
      for (const values of groups.values()) {
        expect(values).toHaveLength(20);
        for (let i = 1; i < values.length; i++)
          expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
      }
    }
  });

  it('serves each proxy on its own path over loopback HTTP', async () => {
    const targets = plan.targets.filter(t => t.cluster === 'platform');
    const server = await startTelemetryServer({
      cluster: 'platform',
      targets,
      anchorSeconds: plan.anchorSeconds,
      port: 0,
      now: () => now,
    });
    try {
      const index = (await (await fetch(`${server.url}/`)).json()) as {
        proxies: Array<{ path: string }>;
      };
      expect(index.proxies).toHaveLength(targets.length);
      const res = await fetch(`${server.url}${targets[0].path}`);
      expect(res.headers.get('content-type')).toContain('version=0.0.4');
      expect(await res.text()).toBe(
        renderTextExposition(targets[0], now, plan.anchorSeconds),
      );
      expect(
        (await fetch(`${server.url}/pods/nope/nope/stats/prometheus`)).status,
      ).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('writes the same series as OpenMetrics with target labels, seconds and # EOF', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mesh-om-'));
    try {
      const file = path.join(dir, 'c.om');
      const target = plan.targets.find(t =>
        t.pod.name.startsWith('auth-service'),
      )!;
      const count = await writeOpenMetricsBackfill(file, [target], {
        fromSeconds: now - 30,
        toSeconds: now,
        stepSeconds: 15,
        anchorSeconds: plan.anchorSeconds,
      });
      const text = await fs.readFile(file, 'utf8');
      expect(text.endsWith('# EOF\n')).toBe(true);
      expect(text).toContain('# TYPE istio_requests counter');
      const samples = parseExposition(text.replace('# EOF\n', ''));
      expect(samples).toHaveLength(count);
      expect(new Set(samples.map(s => s.ts))).toEqual(
        new Set([now - 30, now - 15, now]),
      );
      const live = parseExposition(
        renderTextExposition(target, now, plan.anchorSeconds),
      );
      for (const s of samples.filter(
        x => x.ts === now && x.name === 'istio_requests_total',
      )) {
        expect(s.labels.pod).toBe(target.pod.name);
        expect(s.labels.instance).toBe(`${target.pod.ip}:15020`);
        expect(s.labels.job).toBe('kubernetes-pods');
        expect('grpc_response_status' in s.labels).toBe(false);
        const match = live.find(
          l =>
            l.name === s.name &&
            l.labels.source_workload === s.labels.source_workload &&
            l.labels.response_code === s.labels.response_code &&
            l.labels.reporter === s.labels.reporter,
        );
        expect(match?.value).toBe(s.value);
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
