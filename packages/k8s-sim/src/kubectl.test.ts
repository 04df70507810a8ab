import { execFile, execFileSync, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { RESOURCE_DEFINITIONS } from './resources';
import { Simulator } from './simulator';
import {
  FIXTURES_DIR,
  startFixtureSimulator,
} from './__testUtils__/httpClient';

const run = promisify(execFile);

function commandPath(name: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], {
      encoding: 'utf8',
    }).trim();
  } catch {
    return undefined;
  }
}

/**
 * Where kubectl is or how it will be installed. The test may only skip when
 * kubectl is missing and apt cannot install it; an install that fails fails
 * the test.
 */
const kubectlFound = commandPath('kubectl');
const aptGet = commandPath('apt-get');
const skipReason =
  !kubectlFound && !aptGet
    ? 'kubectl is not installed and apt-get is unavailable to install the Debian package kubernetes-client'
    : undefined;

async function ensureKubectl(): Promise<string> {
  if (kubectlFound) return kubectlFound;
  const install = () =>
    run('apt-get', ['install', '-y', 'kubernetes-client'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  try {
    await install();
  } catch {
    // The package lists may be empty on a fresh machine.
    await run('apt-get', ['update']);
    await install();
  }
  const installed = commandPath('kubectl');
  if (!installed) {
    throw new Error(
      'apt-get installed kubernetes-client but kubectl is still missing',
    );
  }
  return installed;
}

/** `pods`, or `peerauthentications.security.istio.io`: what kubectl resolves unambiguously. */
const servedKinds = RESOURCE_DEFINITIONS.map(d =>
  d.group ? `${d.resource}.${d.group}` : d.resource,
);

if (skipReason) {
  // Loud on purpose: a skipped acceptance test must be visible in the log.
  // eslint-disable-next-line no-console
  console.warn(`SKIPPING kubectl tests: ${skipReason}`);
}

(skipReason ? describe.skip : describe)(
  `kubectl against the simulator${
    skipReason ? ` (skipped: ${skipReason})` : ''
  }`,
  () => {
    let kubectl: string;
    let simulator: Simulator;
    let workDir: string;
    let caFile: string;

    /** Runs kubectl with an empty kubeconfig and a private cache. */
    const kubectlRun = (args: string[]) =>
      run(kubectl, [...args, '--cache-dir', path.join(workDir, 'cache')], {
        env: {
          ...process.env,
          HOME: workDir,
          KUBECONFIG: path.join(workDir, 'empty-kubeconfig'),
        },
      });

    const cluster = (name: string) =>
      simulator.clusters.find(c => c.name === name)!;

    beforeAll(async () => {
      kubectl = await ensureKubectl();
      workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'k8s-sim-kubectl-'));
      await fs.writeFile(path.join(workDir, 'empty-kubeconfig'), '');
      // Both clusters serve the `alpha` fixture objects.
      const manifestsDir = path.join(workDir, 'clusters');
      for (const name of ['plain', 'secure']) {
        await fs.cp(
          path.join(FIXTURES_DIR, 'alpha'),
          path.join(manifestsDir, name),
          {
            recursive: true,
          },
        );
      }
      simulator = await startFixtureSimulator({
        clusters: [
          // kubectl (client-go) never sends a bearer token to an http://
          // server, so the plain-HTTP cluster lets credential-less requests
          // read, as an API server with anonymous auth and a read binding.
          { name: 'plain', token: 'plain-kubectl-token', anonymousRead: true },
          // The same objects over HTTPS with the token enforced.
          { name: 'secure', token: 'secure-kubectl-token', tlsPort: 0 },
        ],
        manifestsDir,
      });
      caFile = path.join(workDir, 'ca.pem');
      await fs.writeFile(caFile, simulator.certificateAuthority!);
    }, 600_000);

    afterAll(async () => {
      await simulator?.stop();
      if (workDir) await fs.rm(workDir, { recursive: true, force: true });
    });

    it('kubectl --server http://… --token … get pods -A', async () => {
      const alpha = cluster('plain');
      const { stdout } = await kubectlRun([
        '--server',
        alpha.url,
        '--token',
        alpha.token,
        'get',
        'pods',
        '-A',
      ]);
      expect(stdout).toMatch(/^NAMESPACE\s+NAME\s+/);
      expect(stdout).toMatch(/web\s+frontend-5d4f8-aaaaa/);
      expect(stdout).toMatch(/batch\s+spark-driver/);
    });

    it('kubectl get pods prints the Table columns the simulator serves', async () => {
      const alpha = cluster('plain');
      const { stdout } = await kubectlRun([
        '--server',
        alpha.url,
        'get',
        'pods',
        '-n',
        'web',
      ]);
      const lines = stdout.trim().split('\n');
      expect(lines[0].split(/\s+/)).toEqual([
        'NAME',
        'READY',
        'STATUS',
        'RESTARTS',
        'AGE',
      ]);
      expect(lines).toContainEqual(
        expect.stringMatching(
          /^frontend-5d4f8-aaaaa\s+0\/2\s+Running\s+0\s+\S+$/,
        ),
      );
      expect(lines).toContainEqual(
        expect.stringMatching(/^frontend-5d4f8-bbbbb\s+0\/1\s+Pending\s+0\s+/),
      );
      const wide = await kubectlRun([
        '--server',
        alpha.url,
        'get',
        'pods',
        '-n',
        'web',
        '-o',
        'wide',
      ]);
      expect(wide.stdout).toMatch(
        /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE/,
      );
      expect(wide.stdout).toMatch(
        /frontend-5d4f8-aaaaa\s.*10\.0\.0\.11\s+node-1/,
      );
      const pa = await kubectlRun([
        '--server',
        alpha.url,
        'get',
        'peerauthentications.security.istio.io',
        '-A',
      ]);
      expect(pa.stdout).toMatch(/^NAMESPACE\s+NAME\s+MODE\s+AGE/);
      expect(pa.stdout).toMatch(/web\s+web-permissive\s+PERMISSIVE/);
    });

    it('kubectl get pods -w prints changes made through the control API', async () => {
      const alpha = cluster('plain');
      const child = spawn(
        kubectl,
        [
          '--server',
          alpha.url,
          '--cache-dir',
          path.join(workDir, 'cache'),
          'get',
          'pods',
          '-n',
          'web',
          '-w',
        ],
        {
          env: {
            ...process.env,
            HOME: workDir,
            KUBECONFIG: path.join(workDir, 'empty-kubeconfig'),
          },
        },
      );
      let output = '';
      let errors = '';
      child.stdout.on('data', chunk => {
        output += chunk;
      });
      child.stderr.on('data', chunk => {
        errors += chunk;
      });
      const waitFor = async (pattern: RegExp) => {
        const deadline = Date.now() + 60_000;
        while (!pattern.test(output)) {
          if (Date.now() > deadline || child.exitCode !== null) {
            throw new Error(
              `kubectl -w did not print ${pattern}; stdout:\n${output}\nstderr:\n${errors}`,
            );
          }
          await new Promise(resolve => setTimeout(resolve, 50));
        }
      };
      try {
        await waitFor(/api-0\s+0\/1\s+Running/);
        await simulator.applyObject('plain', {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'live-0', namespace: 'web' },
          spec: { containers: [{ name: 'app', image: 'app' }] },
          status: { phase: 'Pending' },
        });
        await waitFor(/live-0\s+0\/1\s+Pending/);
        await simulator.patchObject(
          'plain',
          { apiVersion: 'v1', kind: 'Pod', namespace: 'web', name: 'live-0' },
          {
            status: {
              phase: 'Running',
              containerStatuses: [
                { name: 'app', ready: true, restartCount: 3 },
              ],
            },
          },
        );
        await waitFor(/live-0\s+1\/1\s+Running\s+3\s/);
        expect(errors).toBe('');
      } finally {
        child.kill('SIGTERM');
        await simulator.deleteObject('plain', {
          apiVersion: 'v1',
          kind: 'Pod',
          namespace: 'web',
          name: 'live-0',
        });
      }
    }, 120_000);

    it('kubectl --server http://… --token … get peerauthentications.security.istio.io -A', async () => {
      const alpha = cluster('plain');
      const { stdout } = await kubectlRun([
        '--server',
        alpha.url,
        '--token',
        alpha.token,
        'get',
        'peerauthentications.security.istio.io',
        '-A',
      ]);
      expect(stdout).toMatch(/istio-system\s+default/);
      expect(stdout).toMatch(/web\s+web-permissive/);
    });

    it('kubectl get <kind> -A works for every served kind', async () => {
      const alpha = cluster('plain');
      for (const kind of servedKinds) {
        const result = await kubectlRun([
          '--server',
          alpha.url,
          '--token',
          alpha.token,
          'get',
          kind,
          '-A',
        ]).catch(error => ({
          stdout: '',
          stderr: String(error.stderr),
          failed: true,
        }));
        expect({
          kind,
          failed: 'failed' in result,
          stderr: result.stderr,
        }).toEqual({
          kind,
          failed: false,
          stderr: expect.not.stringMatching(/error/i),
        });
      }
    }, 120_000);

    it('kubectl resolves short names and label selectors', async () => {
      const alpha = cluster('plain');
      const { stdout } = await kubectlRun([
        '--server',
        alpha.url,
        'get',
        'po',
        '-n',
        'web',
        '-l',
        'app in (frontend),version=v2',
        '-o',
        'name',
      ]);
      expect(stdout.trim()).toBe('pod/frontend-5d4f8-bbbbb');
      const pa = await kubectlRun([
        '--server',
        alpha.url,
        'get',
        'pa',
        '-A',
        '-o',
        'name',
      ]);
      expect(pa.stdout.trim().split('\n')).toEqual([
        'peerauthentication.security.istio.io/default',
        'peerauthentication.security.istio.io/web-permissive',
      ]);
    });

    it('kubectl reads a single object as JSON', async () => {
      const alpha = cluster('plain');
      const { stdout } = await kubectlRun([
        '--server',
        alpha.url,
        'get',
        'destinationrules.networking.istio.io',
        'api-no-tls',
        '-n',
        'web',
        '-o',
        'json',
      ]);
      expect(JSON.parse(stdout)).toMatchObject({
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        spec: { trafficPolicy: { tls: { mode: 'DISABLE' } } },
      });
    });

    it('kubectl pages through lists with --chunk-size', async () => {
      const alpha = cluster('plain');
      const { stdout } = await kubectlRun([
        '--server',
        alpha.url,
        'get',
        'pods',
        '-A',
        '--chunk-size=2',
        '-o',
        'name',
      ]);
      expect(stdout.trim().split('\n')).toHaveLength(5);
    });

    it('over HTTPS, kubectl sends the token and the simulator enforces it', async () => {
      const beta = cluster('secure');
      const { stdout } = await kubectlRun([
        '--server',
        beta.tlsUrl!,
        '--certificate-authority',
        caFile,
        '--token',
        beta.token,
        'get',
        'pods',
        '-A',
      ]);
      expect(stdout).toMatch(/web\s+api-0/);
      await expect(
        kubectlRun([
          '--server',
          beta.tlsUrl!,
          '--certificate-authority',
          caFile,
          '--token',
          'wrong-token',
          'get',
          'pods',
          '-A',
        ]),
      ).rejects.toMatchObject({
        stderr: expect.stringMatching(/must be logged in/),
      });
    });

    it('a strict cluster refuses kubectl over http:// (kubectl drops the token there)', async () => {
      const beta = cluster('secure');
      await expect(
        kubectlRun([
          '--server',
          beta.url,
          '--token',
          beta.token,
          'get',
          'pods',
          '-A',
        ]),
      ).rejects.toMatchObject({
        stderr: expect.stringMatching(/must be logged in/),
      });
    });
  },
);
