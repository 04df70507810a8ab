import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Simulator, startSimulator } from './simulator';
import { getFrom } from './__testUtils__/httpClient';

const NAMESPACES = 20;
const PODS_PER_NAMESPACE = 500;

describe('a cluster of 10,000 pods', () => {
  let dir: string;
  let simulator: Simulator;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'k8s-sim-scale-'));
    await fs.mkdir(path.join(dir, 'big'));
    const items = [];
    for (let n = 0; n < NAMESPACES; n++) {
      for (let p = 0; p < PODS_PER_NAMESPACE; p++) {
        items.push({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: `pod-${p}`,
            namespace: `ns-${n}`,
            labels: { app: `app-${p % 10}`, shard: String(n % 2) },
          },
          spec: { containers: [{ name: 'c', image: 'i' }] },
        });
      }
    }
    await fs.writeFile(
      path.join(dir, 'big', 'pods.json'),
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items }),
    );
    simulator = await startSimulator({
      manifestsDir: dir,
      clusters: [{ name: 'big', token: 'big-token' }],
    });
  }, 60_000);

  afterAll(async () => {
    await simulator?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const get = (urlPath: string) => getFrom(simulator, 'big', urlPath);

  it('pages through every pod exactly once, in order', async () => {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const res = await get(
        `/api/v1/pods?limit=500${
          token ? `&continue=${encodeURIComponent(token)}` : ''
        }`,
      );
      expect(res.status).toBe(200);
      keys.push(
        ...res.json.items.map(
          (i: any) => `${i.metadata.namespace}/${i.metadata.name}`,
        ),
      );
      token = res.json.metadata.continue;
    } while (token);
    expect(keys).toHaveLength(NAMESPACES * PODS_PER_NAMESPACE);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(keys);
  });

  it('serves a whole namespace and filtered pages', async () => {
    const ns = await get('/api/v1/namespaces/ns-7/pods');
    expect(ns.json.items).toHaveLength(PODS_PER_NAMESPACE);

    let count = 0;
    let token: string | undefined;
    do {
      const res = await get(
        `/api/v1/pods?limit=300&labelSelector=${encodeURIComponent(
          'app=app-3,shard=1',
        )}${token ? `&continue=${encodeURIComponent(token)}` : ''}`,
      );
      for (const item of res.json.items) {
        expect(item.metadata.labels).toMatchObject({
          app: 'app-3',
          shard: '1',
        });
      }
      count += res.json.items.length;
      token = res.json.metadata.continue;
    } while (token);
    expect(count).toBe((NAMESPACES / 2) * (PODS_PER_NAMESPACE / 10));
  });

  it('answers an unpaginated list of everything', async () => {
    const res = await get('/api/v1/pods');
    expect(res.json.items).toHaveLength(NAMESPACES * PODS_PER_NAMESPACE);
  });
});
