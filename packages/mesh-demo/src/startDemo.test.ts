import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { locatePrometheus } from './prometheus/locate';
import { renderPrometheusConfig } from './prometheus/config';
import { loadTelemetryPlan } from './telemetry/generator';
import { startDemo } from './startDemo';
import { parse } from 'yaml';

describe('startDemo without Prometheus', () => {
  const saved = { ...process.env };
  let stateDir: string;

  beforeEach(async () => {
    stateDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mesh-demo-nop-'));
  });

  afterEach(async () => {
    process.env = { ...saved };
    await fs.rm(stateDir, { recursive: true, force: true });
  });

  it('reports why Prometheus is unavailable instead of failing', async () => {
    process.env.PROMETHEUS_BIN = path.join(stateDir, 'no-such-prometheus');
    const located = await locatePrometheus({ install: false });
    expect(located.available).toBe(false);
    expect(located.available ? '' : located.reason).toContain(
      'no-such-prometheus',
    );
  });

  it('still starts the API servers and telemetry endpoints, and says why telemetry is missing', async () => {
    process.env.PROMETHEUS_BIN = path.join(stateDir, 'no-such-prometheus');
    const lines: string[] = [];
    const demo = await startDemo({
      stateDir,
      ports: {
        platform: { apiPort: 0, telemetryPort: 0, prometheusPort: 0 },
        compute: { apiPort: 0, telemetryPort: 0, prometheusPort: 0 },
      },
      controlPort: 0,
      installPrometheus: false,
      log: line => lines.push(line),
    });
    try {
      expect(demo.prometheusUnavailable).toContain('no-such-prometheus');
      expect(demo.telemetry.every(t => t.prometheus === undefined)).toBe(true);
      expect(lines.join('\n')).toMatch(
        /Prometheus unavailable: .*no-such-prometheus/,
      );
      // the simulated clusters answer with their bearer tokens
      for (const api of demo.apiServers) {
        const ok = await fetch(`${api.url}/api/v1/namespaces`, {
          headers: { authorization: `Bearer ${api.token}` },
        });
        expect(ok.status).toBe(200);
        const wrong = await fetch(`${api.url}/api/v1/namespaces`, {
          headers: { authorization: 'Bearer not-the-token' },
        });
        expect(wrong.status).toBe(401);
      }
      const scrape = await fetch(
        `${demo.telemetry[0].generatorUrl}${
          demo.plan.targets.find(t => t.cluster === 'platform')!.path
        }`,
      );
      expect(await scrape.text()).toContain('istio_requests_total{');
      const state = JSON.parse(await fs.readFile(demo.stateFile!, 'utf8'));
      expect(state.prometheusUnavailable).toContain('no-such-prometheus');
    } finally {
      await demo.stop();
    }
    await expect(fs.stat(path.join(stateDir, 'demo.json'))).rejects.toThrow();
  });
});

describe('renderPrometheusConfig', () => {
  it("scrapes only its own cluster's proxies every 15 s, on loopback, with pod target labels", async () => {
    const plan = await loadTelemetryPlan();
    const config = parse(
      renderPrometheusConfig({
        cluster: 'compute',
        telemetryAddress: '127.0.0.1:9999',
        targets: plan.targets,
      }),
    );
    expect(config.global.scrape_interval).toBe('15s');
    const statics = config.scrape_configs[0].static_configs;
    expect(statics).toHaveLength(
      plan.targets.filter(t => t.cluster === 'compute').length,
    );
    for (const s of statics) {
      expect(s.targets).toEqual(['127.0.0.1:9999']);
      expect(s.labels.__metrics_path__).toMatch(
        /^\/pods\/[a-z0-9-]+\/[a-z0-9-]+\/stats\/prometheus$/,
      );
      expect(s.labels.instance).toMatch(/^10\.52\.\d+\.\d+:15020$/);
    }
  });
});
