import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startSimulator } from '@internal/k8s-sim';
import { backfillHistory } from './prometheus/backfill';
import { renderPrometheusConfig } from './prometheus/config';
import { locatePrometheus } from './prometheus/locate';
import { PrometheusServer, startPrometheus } from './prometheus/server';
import {
  DEFAULT_CLUSTERS_DIR,
  DEFAULT_TRAFFIC_MODEL,
  MESH_DEMO_DIR,
  TelemetryPlan,
  loadTelemetryPlan,
} from './telemetry/generator';
import { TelemetryServer, startTelemetryServer } from './telemetry/server';

/** The fixed demo facts (ports and tokens) shared with the other packages. */
export const DEMO_DEFAULTS = {
  clusters: [
    {
      name: 'platform',
      apiPort: 16443,
      token: 'platform-demo-token',
      telemetryPort: 19190,
      prometheusPort: 19090,
    },
    {
      name: 'compute',
      apiPort: 16444,
      token: 'compute-demo-token',
      telemetryPort: 19191,
      prometheusPort: 19091,
    },
  ],
  controlPort: 16440,
} as const;

/** Per-cluster port overrides (0 = a free port). */
export interface DemoClusterPorts {
  apiPort?: number;
  telemetryPort?: number;
  prometheusPort?: number;
}

/** Options of {@link startDemo}. */
export interface StartDemoOptions {
  /** Runtime state folder; default `<repo>/.state`. */
  stateDir?: string;
  clustersDir?: string;
  trafficModelFile?: string;
  /** Port overrides per cluster name; 0 picks a free port. */
  ports?: Record<string, DemoClusterPorts>;
  /** Simulator control port (0 = free port). */
  controlPort?: number;
  /** Start the simulated API servers (default true). */
  simulator?: boolean;
  /**
   * Let requests without credentials read the simulated clusters (default
   * true), so `kubectl --server http://127.0.0.1:16443 get pods -A` works:
   * kubectl sends no bearer token over plain HTTP. A wrong token is still
   * refused with 401.
   */
  anonymousRead?: boolean;
  /** Start Prometheus (default true). */
  prometheus?: boolean;
  /** Install the Debian package `prometheus` when missing (default true). */
  installPrometheus?: boolean;
  /** Length of backfilled history in seconds (default 3600; 0 = none). */
  backfillSeconds?: number;
  /**
   * Total history with the counters alone at a 10-minute step before the
   * backfilled hour, for the 7-day STRICT-readiness window (default 7 days;
   * 0 = none). Counters start before it.
   */
  longHistorySeconds?: number;
  /** Progress output; default silent. */
  log?: (line: string) => void;
  /** Write `<stateDir>/demo.json` (default true). */
  writeStateFile?: boolean;
}

/** A simulated API server as the demo started it. */
export interface DemoApiServer {
  name: string;
  url: string;
  token: string;
}

/** Telemetry of one cluster: generator endpoints and Prometheus (when available). */
export interface DemoTelemetry {
  cluster: string;
  istioClusterId: string;
  generatorUrl: string;
  proxies: number;
  prometheus?: {
    url: string;
    port: number;
    pid: number;
    dataDir: string;
    logFile: string;
  };
  backfill?: { samples: number; fromSeconds: number; toSeconds: number };
}

/** The running demo. */
export interface RunningDemo {
  apiServers: DemoApiServer[];
  controlUrl?: string;
  telemetry: DemoTelemetry[];
  /** Why Prometheus is not running, when it is not. */
  prometheusUnavailable?: string;
  /** Why the simulator is not running, when it was wanted but failed. */
  simulatorUnavailable?: string;
  stateFile?: string;
  plan: TelemetryPlan;
  /** Stops every process and server the demo started. Safe to call twice. */
  stop(): Promise<void>;
}

/** A free loopback port (for Prometheus, which cannot report the port it picked). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Starts the demo mesh: the simulated API servers of both clusters, their
 * Envoy-like telemetry endpoints, and one real Prometheus per cluster with the
 * last hour backfilled. If Prometheus cannot be had, the rest still starts and
 * `prometheusUnavailable` says why.
 */
export async function startDemo(
  options: StartDemoOptions = {},
): Promise<RunningDemo> {
  const log = options.log ?? (() => {});
  const stateDir =
    options.stateDir ?? path.resolve(MESH_DEMO_DIR, '..', '..', '.state');
  const clustersDir = options.clustersDir ?? DEFAULT_CLUSTERS_DIR;
  const backfillSeconds = options.backfillSeconds ?? 3600;
  const longHistorySeconds =
    backfillSeconds > 0 ? options.longHistorySeconds ?? 7 * 86_400 : 0;
  const portsOf = (name: string) => {
    const defaults = DEMO_DEFAULTS.clusters.find(c => c.name === name)!;
    return { ...defaults, ...(options.ports?.[name] ?? {}) };
  };
  const stoppers: Array<() => Promise<void>> = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const s of stoppers.reverse()) {
      try {
        await s();
      } catch {
        // keep stopping the others
      }
    }
  };

  try {
    const plan = await loadTelemetryPlan({
      clustersDir,
      trafficModelFile: options.trafficModelFile ?? DEFAULT_TRAFFIC_MODEL,
      clusterNames: DEMO_DEFAULTS.clusters.map(c => c.name),
      // Counters start before the whole history (the default is 65 minutes
      // ago, for the hour alone).
      ...(longHistorySeconds > 0
        ? {
            anchorSeconds:
              Math.floor(Date.now() / 1000) - longHistorySeconds - 2 * 3600,
          }
        : {}),
    });
    const names = plan.topologies.map(t => t.name);

    // 1. simulated API servers
    const apiServers: DemoApiServer[] = [];
    let controlUrl: string | undefined;
    let simulatorUnavailable: string | undefined;
    if (options.simulator ?? true) {
      log('[1/5] starting the simulated API servers (platform, compute)...');
      try {
        const sim = await startSimulator({
          manifestsDir: clustersDir,
          clusters: names.map(name => ({
            name,
            port: portsOf(name).apiPort,
            token: portsOf(name).token,
            anonymousRead: options.anonymousRead ?? true,
          })),
          controlPort: options.controlPort ?? DEMO_DEFAULTS.controlPort,
          log: message => log(`      simulator: ${message}`),
        });
        stoppers.push(() => sim.stop());
        apiServers.push(
          ...sim.clusters.map(c => ({
            name: c.name,
            url: c.url,
            token: c.token,
          })),
        );
        controlUrl = sim.controlUrl;
        for (const c of apiServers) log(`      ${c.name}: ${c.url}`);
      } catch (error) {
        simulatorUnavailable = errorText(error);
        log(`      simulator unavailable: ${simulatorUnavailable}`);
      }
    } else {
      log('[1/5] simulated API servers not requested');
    }

    // 2. telemetry endpoints
    log('[2/5] starting the Envoy-like telemetry endpoints...');
    const telemetryServers: TelemetryServer[] = [];
    for (const topo of plan.topologies) {
      const server = await startTelemetryServer({
        cluster: topo.name,
        targets: plan.targets.filter(t => t.cluster === topo.name),
        anchorSeconds: plan.anchorSeconds,
        port: portsOf(topo.name).telemetryPort,
      });
      stoppers.push(() => server.close());
      telemetryServers.push(server);
      log(
        `      ${topo.name} (${topo.istioClusterId}): ${server.url}, ${server.targets.length} proxies`,
      );
    }
    const telemetry: DemoTelemetry[] = plan.topologies.map((topo, i) => ({
      cluster: topo.name,
      istioClusterId: topo.istioClusterId,
      generatorUrl: telemetryServers[i].url,
      proxies: telemetryServers[i].targets.length,
    }));

    // 3. Prometheus binaries
    let prometheusUnavailable: string | undefined;
    if (options.prometheus ?? true) {
      log('[3/5] looking for Prometheus...');
      const binaries = await locatePrometheus({
        install: options.installPrometheus ?? true,
        log: m => log(`      ${m}`),
      });
      if (!binaries.available) {
        prometheusUnavailable = binaries.reason;
        log(
          `      Prometheus unavailable: ${binaries.reason}; the demo runs without telemetry`,
        );
      } else {
        log(
          `      found Prometheus ${binaries.version} (${binaries.prometheus})`,
        );
        const servers: PrometheusServer[] = [];
        try {
          for (const [i, topo] of plan.topologies.entries()) {
            const dataDir = path.join(stateDir, 'prometheus', topo.name);
            // a fresh history each time: the backfill must not overlap old samples
            await fs.rm(dataDir, { recursive: true, force: true });
            await fs.mkdir(dataDir, { recursive: true });
            const targets = plan.targets.filter(t => t.cluster === topo.name);
            if (backfillSeconds > 0) {
              log(
                `[4/5] backfilling ${backfillSeconds / 3600} h of telemetry${
                  longHistorySeconds > backfillSeconds
                    ? ` (and ${Math.round(
                        longHistorySeconds / 86_400,
                      )} days of counters at a 10-minute step)`
                    : ''
                } for ${topo.name}...`,
              );
              telemetry[i].backfill = await backfillHistory({
                promtool: binaries.promtool,
                dataDir,
                targets,
                anchorSeconds: plan.anchorSeconds,
                durationSeconds: backfillSeconds,
                longHistorySeconds: Math.max(
                  0,
                  longHistorySeconds - backfillSeconds,
                ),
              });
              log(`      ${telemetry[i].backfill!.samples} samples`);
            }
            const configFile = path.join(
              stateDir,
              'prometheus',
              `${topo.name}.yml`,
            );
            await fs.writeFile(
              configFile,
              renderPrometheusConfig({
                cluster: topo.name,
                telemetryAddress: new URL(telemetryServers[i].url).host,
                targets,
              }),
            );
            const requested = portsOf(topo.name).prometheusPort;
            const port = requested === 0 ? await freePort() : requested;
            log(
              `[5/5] starting Prometheus for ${topo.name} on 127.0.0.1:${port}...`,
            );
            const server = await startPrometheus({
              cluster: topo.name,
              binary: binaries.prometheus,
              configFile,
              dataDir,
              port,
              logFile: path.join(
                stateDir,
                'logs',
                `prometheus-${topo.name}.log`,
              ),
            });
            servers.push(server);
            stoppers.push(() => server.stop());
            telemetry[i].prometheus = {
              url: server.url,
              port: server.port,
              pid: server.pid,
              dataDir: server.dataDir,
              logFile: server.logFile,
            };
            log(`      ready: ${server.url} (pid ${server.pid})`);
          }
        } catch (error) {
          prometheusUnavailable = errorText(error);
          log(
            `      Prometheus failed: ${prometheusUnavailable}; the demo runs without telemetry`,
          );
          for (const s of servers) await s.stop();
          for (const t of telemetry) delete t.prometheus;
        }
      }
    } else {
      prometheusUnavailable = 'not requested';
    }

    let stateFile: string | undefined;
    if (options.writeStateFile ?? true) {
      stateFile = path.join(stateDir, 'demo.json');
      await fs.mkdir(stateDir, { recursive: true });
      await fs.writeFile(
        stateFile,
        `${JSON.stringify(
          {
            startedAt: new Date().toISOString(),
            pid: process.pid,
            apiServers: apiServers.map(({ token: _t, ...rest }) => rest),
            controlUrl,
            simulatorUnavailable,
            telemetry,
            prometheusUnavailable,
          },
          null,
          2,
        )}\n`,
      );
      stoppers.push(async () => {
        await fs.rm(stateFile!, { force: true });
      });
    }

    return {
      apiServers,
      controlUrl,
      telemetry,
      prometheusUnavailable,
      simulatorUnavailable,
      stateFile,
      plan,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
