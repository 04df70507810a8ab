import { execFile } from 'node:child_process';
import { promises as fs, constants } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** Where Prometheus and promtool are, or why they are not available. */
export type PrometheusBinaries =
  | { available: true; prometheus: string; promtool: string; version: string }
  | { available: false; reason: string };

async function isExecutable(file: string): Promise<boolean> {
  try {
    await fs.access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function which(name: string): Promise<string | undefined> {
  const dirs = [
    ...(process.env.PATH ?? '').split(path.delimiter),
    '/usr/bin',
    '/usr/local/bin',
  ];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function find(): Promise<{ prometheus?: string; promtool?: string }> {
  return {
    prometheus: process.env.PROMETHEUS_BIN ?? (await which('prometheus')),
    promtool: process.env.PROMTOOL_BIN ?? (await which('promtool')),
  };
}

async function installWithApt(
  log: (m: string) => void,
): Promise<string | undefined> {
  const apt = await which('apt-get');
  if (!apt) return 'apt-get is not available on this machine';
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    return 'apt-get needs root to install the Debian package `prometheus`';
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Tests, benchmarks and the demo may look at once: one apt-get at a time.
  const flock = await which('flock');
  const runApt = (args: string[]) =>
    flock
      ? exec(flock, ['/tmp/mesh-apt.lock', apt, ...args], {
          env,
          maxBuffer: 64 * 1024 * 1024,
        })
      : exec(apt, args, { env, maxBuffer: 64 * 1024 * 1024 });
  const install = () =>
    runApt(['install', '-y', '--no-install-recommends', 'prometheus']);
  log(
    'Prometheus is not installed; installing the Debian package `prometheus`...',
  );
  try {
    await install();
    return undefined;
  } catch {
    // the package lists may be missing on a fresh machine
    try {
      await runApt(['update']);
      await install();
      return undefined;
    } catch (error) {
      const text = String((error as { stderr?: string }).stderr ?? error);
      return `apt-get install prometheus failed: ${
        text.trim().split('\n').slice(-1)[0]
      }`;
    }
  }
}

/**
 * Finds `prometheus` and `promtool` (`PROMETHEUS_BIN`/`PROMTOOL_BIN`, then
 * `PATH`). When missing and `install` is set, installs the Debian package
 * `prometheus` with apt-get where apt is available. Never throws: the reason
 * is returned instead, so the demo can start without telemetry.
 */
export async function locatePrometheus(
  options: { install?: boolean; log?: (message: string) => void } = {},
): Promise<PrometheusBinaries> {
  const log = options.log ?? (() => {});
  let found = await find();
  if ((!found.prometheus || !found.promtool) && options.install) {
    const failure = await installWithApt(log);
    if (failure) return { available: false, reason: failure };
    found = await find();
  }
  if (!found.prometheus || !found.promtool) {
    return {
      available: false,
      reason: `${
        !found.prometheus ? 'prometheus' : 'promtool'
      } was not found on PATH (install the Debian package \`prometheus\`)`,
    };
  }
  try {
    const { stdout, stderr } = await exec(found.prometheus, ['--version']);
    const version =
      /version (\S+)/.exec(`${stdout}${stderr}`)?.[1] ?? 'unknown';
    return {
      available: true,
      prometheus: found.prometheus,
      promtool: found.promtool,
      version,
    };
  } catch (error) {
    return {
      available: false,
      reason: `${found.prometheus} --version failed: ${error}`,
    };
  }
}
