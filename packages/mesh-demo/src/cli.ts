/* eslint-disable no-console */
import { writeOpenMetricsBackfill } from './telemetry/exposition';
import { loadTelemetryPlan } from './telemetry/generator';
import { startDemo } from './startDemo';

const USAGE = `Usage (from the repository root):
  node --require @backstage/cli/config/nodeTransform.cjs packages/mesh-demo/src/cli.ts <command>

Commands:
  up                          start the demo mesh (simulated clusters, telemetry, Prometheus); Ctrl-C stops it
  openmetrics <cluster> <file> write the last hour of <cluster>'s telemetry as OpenMetrics
  help                        show this text

Environment: MESH_DEMO_NO_PROMETHEUS=1 skips Prometheus; PROMETHEUS_BIN / PROMTOOL_BIN pick the binaries.`;

async function up() {
  // handle signals from the start: a Ctrl-C during start-up still stops
  // whatever was already started
  const running: { demo?: Awaited<ReturnType<typeof startDemo>> } = {};
  let stopRequested: string | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    stopRequested = signal;
    if (!running.demo || stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the demo...`);
    await running.demo.stop();
    console.log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const demo = await startDemo({
    log: line => console.log(line),
    prometheus: process.env.MESH_DEMO_NO_PROMETHEUS !== '1',
  });
  running.demo = demo;
  if (stopRequested) {
    await shutdown(stopRequested);
    return;
  }
  console.log('');
  console.log('Demo mesh running:');
  for (const api of demo.apiServers) {
    console.log(
      `  API server ${api.name.padEnd(9)} ${
        api.url
      }  (bearer token: <cluster>-demo-token)`,
    );
  }
  if (demo.simulatorUnavailable) {
    console.log(`  API servers unavailable: ${demo.simulatorUnavailable}`);
  }
  for (const t of demo.telemetry) {
    console.log(
      `  ${t.cluster.padEnd(9)} (${t.istioClusterId}) telemetry ${
        t.generatorUrl
      }  Prometheus ${t.prometheus?.url ?? 'unavailable'}`,
    );
  }
  if (demo.prometheusUnavailable) {
    console.log(`  Telemetry unavailable: ${demo.prometheusUnavailable}`);
  }
  if (demo.stateFile) console.log(`  State: ${demo.stateFile}`);
  console.log('Press Ctrl-C to stop.');
}

async function openmetrics(
  cluster: string | undefined,
  file: string | undefined,
) {
  if (!cluster || !file)
    throw new Error(`openmetrics needs <cluster> <file>\n\n${USAGE}`);
  const plan = await loadTelemetryPlan();
  const targets = plan.targets.filter(t => t.cluster === cluster);
  if (!targets.length) throw new Error(`no such cluster: ${cluster}`);
  const to = Math.floor(Date.now() / 1000 / 15) * 15;
  const samples = await writeOpenMetricsBackfill(file, targets, {
    fromSeconds: to - 3600,
    toSeconds: to,
    stepSeconds: 15,
    anchorSeconds: plan.anchorSeconds,
  });
  console.log(`wrote ${samples} samples to ${file}`);
}

async function main(argv: string[]) {
  const [command = 'up', ...rest] = argv;
  switch (command) {
    case 'up':
      return up();
    case 'openmetrics':
      return openmetrics(rest[0], rest[1]);
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return undefined;
    default:
      throw new Error(`unknown command: ${command}\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch(error => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
