import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Simulator, startSimulator } from './simulator';
import { getFrom, request } from './__testUtils__/httpClient';

const configMap = (name: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: n}\n`;

describe('startSimulator', () => {
  let dir: string;
  const started: Simulator[] = [];
  const start = async (options: Parameters<typeof startSimulator>[0]) => {
    const simulator = await startSimulator(options);
    started.push(simulator);
    return simulator;
  };

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'k8s-sim-start-'));
    await fs.mkdir(path.join(dir, 'one'));
    await fs.writeFile(path.join(dir, 'one', 'a.yaml'), configMap('first'));
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map(s => s.stop()));
    await fs.rm(dir, { recursive: true, force: true });
  });

  const configMapNames = async (simulator: Simulator) =>
    (await getFrom(simulator, 'one', '/api/v1/configmaps')).json.items.map(
      (i: any) => i.metadata.name,
    );

  it('reload() serves edited manifests', async () => {
    const simulator = await start({
      manifestsDir: dir,
      clusters: [{ name: 'one', token: 't' }],
    });
    await fs.writeFile(path.join(dir, 'one', 'b.yaml'), configMap('second'));
    await simulator.reload();
    expect(await configMapNames(simulator)).toEqual(['first', 'second']);
  });

  it('reload() with a broken file throws and keeps serving the old objects', async () => {
    const simulator = await start({
      manifestsDir: dir,
      clusters: [{ name: 'one', token: 't' }],
    });
    await fs.writeFile(path.join(dir, 'one', 'b.yaml'), 'kind: [oops');
    await expect(simulator.reload()).rejects.toThrow(
      /invalid YAML in .*b\.yaml/,
    );
    expect(await configMapNames(simulator)).toEqual(['first']);
  });

  it('fails clearly, and leaves nothing listening, when a port is taken', async () => {
    const first = await start({
      manifestsDir: dir,
      clusters: [{ name: 'one', token: 't' }],
    });
    const takenPort = Number(new URL(first.clusters[0].url).port);
    await fs.mkdir(path.join(dir, 'two'));
    await expect(
      startSimulator({
        manifestsDir: dir,
        clusters: [
          { name: 'two', token: 't', port: 0 },
          { name: 'one', token: 't', port: takenPort },
        ],
        controlPort: 0,
      }),
    ).rejects.toThrow(/EADDRINUSE/);
    // The first simulator still answers; the failed one cleaned up after itself.
    expect((await getFrom(first, 'one', '/api')).status).toBe(200);
  });

  it.each([
    [{ clusters: [] }, /at least one cluster/],
    [{ clusters: [{ name: 'Bad_Name', token: 't' }] }, /invalid cluster name/],
    [{ clusters: [{ name: 'one', token: '' }] }, /non-empty token/],
    [
      {
        clusters: [
          { name: 'one', token: 't' },
          { name: 'one', token: 'u' },
        ],
      },
      /listed twice/,
    ],
    [{ clusters: [{ name: 'one', token: 't', port: 70000 }] }, /invalid port/],
  ])('rejects bad options %j', async (options, message) => {
    await expect(
      startSimulator({ manifestsDir: dir, ...options }),
    ).rejects.toThrow(message);
  });

  it('stop() closes every port, the control API included', async () => {
    const simulator = await startSimulator({
      manifestsDir: dir,
      clusters: [{ name: 'one', token: 't' }],
      controlPort: 0,
    });
    const urls = [simulator.clusters[0].url, simulator.controlUrl!];
    await simulator.stop();
    for (const url of urls) {
      await expect(request(url, '/healthz')).rejects.toMatchObject({
        code: 'ECONNREFUSED',
      });
    }
  });
});
