import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Simulator } from './simulator';
import {
  FIXTURES_DIR,
  TOKENS,
  getFrom,
  request,
  startFixtureSimulator,
} from './__testUtils__/httpClient';
import { WatchStream, openWatch } from './__testUtils__/watchStream';

const newPod = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'web',
    labels: { app: 'watch-test', ...labels },
  },
  spec: { containers: [{ name: 'app', image: 'app' }] },
  status: { phase: 'Pending' },
});

const podRef = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  namespace: 'web',
  name,
});

// Generous: real sockets on a shared, busy machine.
jest.setTimeout(60_000);

describe('watch', () => {
  let simulator: Simulator;
  const streams: WatchStream[] = [];
  const alphaUrl = () => simulator.clusters.find(c => c.name === 'alpha')!.url;
  const watch = async (urlPath: string, headers?: Record<string, string>) => {
    const stream = await openWatch(alphaUrl(), urlPath, TOKENS.alpha, headers);
    streams.push(stream);
    return stream;
  };
  const get = (urlPath: string) => getFrom(simulator, 'alpha', urlPath);

  beforeEach(async () => {
    simulator = await startFixtureSimulator({
      controlPort: 0,
      watch: { bookmarkIntervalMs: 100, historyLimit: 3 },
    });
  });
  afterEach(async () => {
    for (const stream of streams.splice(0)) stream.close();
    await simulator.stop();
  });

  it('without a resourceVersion, sends the current objects as ADDED first, as JSON lines', async () => {
    const stream = await watch('/api/v1/pods?watch=1');
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('application/json');
    expect(stream.headers['transfer-encoding']).toBe('chunked');
    await stream.next(e => e.object.metadata.name === 'frontend-5d4f8-bbbbb');
    expect(
      stream.events.map(e => `${e.type} ${e.object.metadata.name}`).sort(),
    ).toEqual([
      'ADDED api-0',
      'ADDED frontend-5d4f8-aaaaa',
      'ADDED frontend-5d4f8-bbbbb',
      'ADDED legacy',
      'ADDED spark-driver',
    ]);
    // Watch events carry whole objects, kind and apiVersion included.
    expect(stream.events[0].object).toMatchObject({
      kind: 'Pod',
      apiVersion: 'v1',
    });
  });

  it('from a list resourceVersion, streams ADDED, MODIFIED and DELETED for control-API changes, with increasing versions', async () => {
    const list = await get('/api/v1/namespaces/web/pods');
    const listVersion = Number(list.json.metadata.resourceVersion);
    const stream = await watch(
      `/api/v1/namespaces/web/pods?watch=true&resourceVersion=${listVersion}`,
    );
    const created = await simulator.applyObject('alpha', newPod('watched-0'));
    await simulator.patchObject('alpha', podRef('watched-0'), {
      status: { phase: 'Running' },
    });
    await simulator.deleteObject('alpha', podRef('watched-0'));
    await stream.next(e => e.type === 'DELETED');
    expect(stream.events.map(e => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'watched-0'],
      ['MODIFIED', 'watched-0'],
      ['DELETED', 'watched-0'],
    ]);
    const versions = stream.events.map(e =>
      Number(e.object.metadata.resourceVersion),
    );
    expect(versions[0]).toBeGreaterThan(listVersion);
    expect(versions[1]).toBeGreaterThan(versions[0]);
    expect(versions[2]).toBeGreaterThan(versions[1]);
    expect(stream.events[1].object.status.phase).toBe('Running');
    // A replace keeps the identity the create gave.
    expect(stream.events[1].object.metadata.uid).toBe(created.metadata.uid);
    // The list reports the collection's current version: the deletion's.
    const after = await get('/api/v1/namespaces/web/pods');
    expect(after.json.metadata.resourceVersion).toBe(String(versions[2]));
  });

  it('applies label selectors: an object leaving the selection is DELETED, one entering it ADDED', async () => {
    await simulator.applyObject('alpha', newPod('sel-0', { track: 'a' }));
    const stream = await watch('/api/v1/pods?watch=1&labelSelector=track%3Da');
    await stream.next(e => e.type === 'ADDED');
    await simulator.patchObject('alpha', podRef('sel-0'), {
      metadata: { labels: { track: 'b' } },
    });
    await simulator.patchObject('alpha', podRef('sel-0'), {
      metadata: { labels: { track: 'a' } },
    });
    await simulator.applyObject('alpha', newPod('sel-1', { track: 'other' }));
    await stream.next(e => e.type === 'ADDED' && e !== stream.events[0]);
    expect(
      stream.events.map(e => [e.type, e.object.metadata.labels.track]),
    ).toEqual([
      ['ADDED', 'a'],
      ['DELETED', 'b'],
      ['ADDED', 'a'],
    ]);
  });

  it('watches CRDs at the version asked for, and field selectors', async () => {
    const stream = await watch(
      '/apis/security.istio.io/v1beta1/namespaces/web/peerauthentications?watch=1&fieldSelector=metadata.name%3Dweb-permissive',
    );
    await stream.next(e => e.type === 'ADDED');
    await simulator.patchObject(
      'alpha',
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        namespace: 'web',
        name: 'web-permissive',
      },
      { spec: { mtls: { mode: 'STRICT' } } },
    );
    const modified = await stream.next(e => e.type === 'MODIFIED');
    expect(modified.object).toMatchObject({
      apiVersion: 'security.istio.io/v1beta1',
      kind: 'PeerAuthentication',
      spec: { mtls: { mode: 'STRICT' } },
    });
    expect(stream.events).toHaveLength(2);
  });

  it('sends BOOKMARKs with the latest resourceVersion when allowed, and ends at timeoutSeconds', async () => {
    const list = await get('/api/v1/pods');
    const stream = await watch(
      `/api/v1/pods?watch=1&allowWatchBookmarks=true&timeoutSeconds=2&resourceVersion=${list.json.metadata.resourceVersion}`,
    );
    await stream.next(e => e.type === 'BOOKMARK');
    const created = await simulator.applyObject('alpha', newPod('bm-0'));
    const bookmark = await stream.next(
      e =>
        e.type === 'BOOKMARK' &&
        e.object.metadata.resourceVersion === created.metadata.resourceVersion,
    );
    expect(bookmark.object).toEqual({
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { resourceVersion: created.metadata.resourceVersion },
    });
    await stream.ended;
    expect(simulator.state().find(c => c.name === 'alpha')!.watches).toBe(0);
  });

  it('marks the end of initial events with a bookmark when sendInitialEvents=true', async () => {
    const stream = await watch(
      '/api/v1/namespaces/web/pods?watch=1&allowWatchBookmarks=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan',
    );
    const end = await stream.next(e => e.type === 'BOOKMARK');
    expect(end.object.metadata.annotations).toEqual({
      'k8s.io/initial-events-end': 'true',
    });
    expect(stream.events.slice(0, -1).every(e => e.type === 'ADDED')).toBe(
      true,
    );
  });

  it('answers an ERROR event with a 410 Expired Status for a version older than the kept history (3 events here)', async () => {
    const list = await get('/api/v1/pods');
    const old = list.json.metadata.resourceVersion;
    for (let i = 0; i < 4; i++)
      await simulator.applyObject('alpha', newPod(`h-${i}`));
    const stream = await watch(`/api/v1/pods?watch=1&resourceVersion=${old}`);
    const error = await stream.next(e => e.type === 'ERROR');
    expect(error.object).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'Expired',
      code: 410,
    });
    expect(error.object.message).toMatch(/^too old resource version: /);
    await stream.ended;
    // Within the kept history, a watch resumes and replays what it missed.
    const recent = await watch(
      `/api/v1/pods?watch=1&resourceVersion=${Number(old) + 2}`,
    );
    await recent.next(e => e.object.metadata.name === 'h-3');
    expect(recent.events.map(e => e.object.metadata.name)).toEqual([
      'h-2',
      'h-3',
    ]);
  });

  it('keeps continue tokens valid across changes (served from the snapshot)', async () => {
    const first = await get('/api/v1/pods?limit=2');
    await simulator.applyObject('alpha', newPod('zzz-late'));
    const rest = await get(
      `/api/v1/pods?limit=10&continue=${encodeURIComponent(
        first.json.metadata.continue,
      )}`,
    );
    expect(rest.status).toBe(200);
    expect(rest.json.items).toHaveLength(3);
    expect(rest.json.metadata.resourceVersion).toBe(
      first.json.metadata.resourceVersion,
    );
  });

  it('the control API applies, patches and deletes objects, and reports bad input', async () => {
    const control = simulator.controlUrl!;
    const stream = await watch(
      `/api/v1/namespaces/web/pods?watch=1&resourceVersion=${
        simulator.state()[0].resourceVersion
      }`,
    );
    const applied = await request(control, '/clusters/alpha/apply', {
      method: 'POST',
      body: JSON.stringify(newPod('ctl-0')),
    });
    expect(applied.status).toBe(200);
    expect(applied.json.metadata).toMatchObject({
      name: 'ctl-0',
      namespace: 'web',
    });
    const patched = await request(
      control,
      '/clusters/alpha/api/v1/namespaces/web/pods/ctl-0',
      {
        method: 'PATCH',
        body: JSON.stringify({ metadata: { labels: { extra: 'yes' } } }),
      },
    );
    expect(patched.json.metadata.labels).toEqual({
      app: 'watch-test',
      extra: 'yes',
    });
    const replaced = await request(
      control,
      '/clusters/alpha/api/v1/namespaces/web/pods/ctl-0',
      {
        method: 'PUT',
        body: JSON.stringify({
          spec: { containers: [{ name: 'b', image: 'b' }] },
        }),
      },
    );
    expect(replaced.json.metadata.labels).toBeUndefined();
    const deleted = await request(
      control,
      '/clusters/alpha/api/v1/namespaces/web/pods/ctl-0',
      {
        method: 'DELETE',
      },
    );
    expect(deleted.status).toBe(200);
    await stream.next(e => e.type === 'DELETED');
    expect(stream.events.map(e => e.type)).toEqual([
      'ADDED',
      'MODIFIED',
      'MODIFIED',
      'DELETED',
    ]);

    const missing = await request(
      control,
      '/clusters/alpha/api/v1/namespaces/web/pods/ctl-0',
      {
        method: 'DELETE',
      },
    );
    expect(missing.status).toBe(404);
    const unserved = await request(control, '/clusters/alpha/apply', {
      method: 'POST',
      body: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's' },
      }),
    });
    expect(unserved.status).toBe(400);
    expect(unserved.json.error.message).toMatch(/not served/);
    const broken = await request(control, '/clusters/alpha/apply', {
      method: 'POST',
      body: '{',
    });
    expect(broken.status).toBe(400);
  });

  it('applying into a new namespace creates the namespace, with its own ADDED event', async () => {
    const stream = await watch(
      `/api/v1/namespaces?watch=1&resourceVersion=${
        simulator.state()[0].resourceVersion
      }`,
    );
    await simulator.applyObject('alpha', {
      ...newPod('p'),
      metadata: { name: 'p', namespace: 'fresh' },
    });
    const added = await stream.next(e => e.type === 'ADDED');
    expect(added.object.metadata.name).toBe('fresh');
    expect(
      (await get('/api/v1/namespaces/fresh/pods')).json.items,
    ).toHaveLength(1);
  });

  it('many watchers: all are closed, with their timers, when the server stops', async () => {
    const before = process
      .getActiveResourcesInfo()
      .filter(r => r === 'Timeout').length;
    const many = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        watch(
          `/api/v1/pods?watch=1&allowWatchBookmarks=true&timeoutSeconds=600&labelSelector=n%3D${i}`,
        ),
      ),
    );
    expect(simulator.state().find(c => c.name === 'alpha')!.watches).toBe(100);
    // Clients leaving are noticed too.
    for (const stream of many.slice(0, 50)) stream.close();
    await Promise.all(many.slice(0, 50).map(s => s.ended));
    for (let i = 0; i < 100 && simulator.state()[0].watches > 50; i++) {
      await new Promise(r => setTimeout(r, 20));
    }
    expect(simulator.state()[0].watches).toBe(50);
    await simulator.stop();
    await Promise.all(many.map(s => s.ended));
    expect(simulator.state()[0].watches).toBe(0);
    const after = process
      .getActiveResourcesInfo()
      .filter(r => r === 'Timeout').length;
    expect(after).toBeLessThanOrEqual(before);
  });
});

describe('watch across manifest reloads', () => {
  let dir: string;
  let simulator: Simulator;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'k8s-sim-watch-'));
    await fs.cp(path.join(FIXTURES_DIR, 'alpha'), path.join(dir, 'alpha'), {
      recursive: true,
    });
  });
  afterEach(async () => {
    await simulator?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const edit = async (file: string, from: string, to: string) => {
    const full = path.join(dir, 'alpha', file);
    const text = await fs.readFile(full, 'utf8');
    expect(text).toContain(from);
    await fs.writeFile(full, text.replace(from, to));
  };

  it('reload() turns the differences into watch events and keeps unchanged objects at their version', async () => {
    simulator = await startFixtureSimulator({
      manifestsDir: dir,
      clusters: [{ name: 'alpha', token: TOKENS.alpha }],
    });
    const alpha = simulator.clusters[0];
    const before = await getFrom(simulator, 'alpha', '/api/v1/pods');
    const stream = await openWatch(
      alpha.url,
      `/api/v1/pods?watch=1&resourceVersion=${before.json.metadata.resourceVersion}`,
      alpha.token,
    );
    try {
      await edit(
        '10-workloads.yaml',
        'status: { phase: Pending }',
        'status: { phase: Running }',
      );
      await edit(
        '10-workloads.yaml',
        'name: spark-driver',
        'name: spark-driver-2',
      );
      await simulator.reload();
      await stream.next(e => e.type === 'DELETED');
      await stream.next(e => e.type === 'MODIFIED');
      expect(
        stream.events.map(e => `${e.type} ${e.object.metadata.name}`).sort(),
      ).toEqual([
        'ADDED spark-driver-2',
        'DELETED spark-driver',
        'MODIFIED frontend-5d4f8-bbbbb',
      ]);
      const after = await getFrom(simulator, 'alpha', '/api/v1/pods');
      const versionOf = (list: any, name: string) =>
        list.json.items.find((p: any) => p.metadata.name === name).metadata
          .resourceVersion;
      expect(versionOf(after, 'api-0')).toBe(versionOf(before, 'api-0'));
    } finally {
      stream.close();
    }
  });

  it('with watchManifests, a file edit alone reaches open watches', async () => {
    simulator = await startFixtureSimulator({
      manifestsDir: dir,
      clusters: [{ name: 'alpha', token: TOKENS.alpha }],
      watchManifests: true,
    });
    const alpha = simulator.clusters[0];
    const stream = await openWatch(
      alpha.url,
      `/apis/security.istio.io/v1/peerauthentications?watch=1&resourceVersion=${
        simulator.state()[0].resourceVersion
      }`,
      alpha.token,
    );
    try {
      await edit('20-istio.yaml', 'PERMISSIVE', 'STRICT');
      const modified = await stream.next(e => e.type === 'MODIFIED', 30_000);
      expect(modified.object.metadata.name).toBe('web-permissive');
      expect(modified.object.spec.mtls.mode).toBe('STRICT');
    } finally {
      stream.close();
    }
  });
});
