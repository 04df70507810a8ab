import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { parseClusterArg } from './cli';
import { FIXTURES_DIR, request } from './__testUtils__/httpClient';

const PACKAGE_DIR = path.resolve(__dirname, '..');
const LAUNCHER = path.join(PACKAGE_DIR, 'bin/k8s-sim');

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: string | null }>;
}

function launch(args: string[]): Running {
  const child = spawn(process.execPath, [LAUNCHER, ...args], {
    cwd: PACKAGE_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', chunk => (out += chunk));
  child.stderr!.on('data', chunk => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: string | null }>(
    resolve => child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function waitFor(
  predicate: () => boolean,
  what: string,
  running: Running,
) {
  const deadline = Date.now() + 30_000;
  while (!predicate()) {
    if (running.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(
        `gave up waiting for ${what}; stdout: ${running.stdout()} stderr: ${running.stderr()}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

describe('parseClusterArg', () => {
  it('parses name=port:token and name=port/tlsPort:token', () => {
    expect(
      parseClusterArg('platform=16443:platform-demo-token', '127.0.0.1'),
    ).toEqual({
      name: 'platform',
      port: 16443,
      token: 'platform-demo-token',
      host: '127.0.0.1',
    });
    expect(parseClusterArg('compute=16444/16454:a:b', '::1')).toEqual({
      name: 'compute',
      port: 16444,
      tlsPort: 16454,
      token: 'a:b',
      host: '::1',
    });
  });

  it('rejects malformed values without echoing the token', () => {
    expect(() => parseClusterArg('platform:16443:very-secret', 'h')).toThrow(
      /expected <name>=<port>/,
    );
    expect(() =>
      parseClusterArg('platform:16443:very-secret', 'h'),
    ).not.toThrow(/very-secret/);
    expect(() => parseClusterArg('p=99999:t', 'h')).toThrow(/port/);
  });
});

describe('k8s-sim CLI', () => {
  const running: Running[] = [];
  afterAll(() => {
    for (const r of running) {
      if (r.child.exitCode === null && r.child.signalCode === null) {
        r.child.kill('SIGKILL');
      }
    }
  });

  it('serves the clusters it prints, and stops cleanly on SIGTERM', async () => {
    const sim = launch([
      '--manifests',
      FIXTURES_DIR,
      '--cluster',
      'alpha=0:cli-alpha-token',
      '--cluster',
      'beta=0:cli-beta-token',
      '--control-port',
      '0',
    ]);
    running.push(sim);
    await waitFor(
      () => /fault-control API at/.test(sim.stdout()),
      'startup',
      sim,
    );

    const alphaUrl = /cluster alpha at (http:\/\/\S+)/.exec(sim.stdout())![1];
    const controlUrl = /fault-control API at (http:\/\/\S+)/.exec(
      sim.stdout(),
    )![1];
    expect(sim.stdout()).toMatch(/cluster beta at http:\/\/127\.0\.0\.1:\d+/);
    expect(sim.stdout()).not.toContain('cli-alpha-token');
    expect(sim.stderr()).toMatch(/warning: \[alpha\].*Secret is not served/);

    const pods = await request(alphaUrl, '/api/v1/pods', {
      token: 'cli-alpha-token',
    });
    expect(pods.status).toBe(200);
    expect(pods.json.items).toHaveLength(5);
    const state = await request(controlUrl, '/clusters');
    expect(state.json.clusters.map((c: any) => c.name)).toEqual([
      'alpha',
      'beta',
    ]);

    sim.child.kill('SIGTERM');
    expect(await sim.exited).toEqual({ code: 0, signal: null });
    expect(sim.stdout()).toMatch(/SIGTERM received, stopping/);
    await expect(request(alphaUrl, '/api')).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  }, 60_000);

  it('stops cleanly on SIGINT', async () => {
    const sim = launch(['--manifests', FIXTURES_DIR, '--cluster', 'beta=0:t']);
    running.push(sim);
    await waitFor(() => /cluster beta at/.test(sim.stdout()), 'startup', sim);
    sim.child.kill('SIGINT');
    expect(await sim.exited).toEqual({ code: 0, signal: null });
  }, 60_000);

  it('exits non-zero with a clear message for a missing cluster directory', async () => {
    const sim = launch(['--manifests', FIXTURES_DIR, '--cluster', 'gamma=0:t']);
    running.push(sim);
    const { code } = await sim.exited;
    expect(code).toBe(1);
    expect(sim.stderr()).toMatch(/cannot read manifest directory .*gamma/);
  }, 60_000);

  it('prints usage and exits 2 without arguments', async () => {
    const sim = launch([]);
    running.push(sim);
    expect((await sim.exited).code).toBe(2);
    expect(sim.stderr()).toMatch(/^Usage: k8s-sim/);
  }, 60_000);
});
