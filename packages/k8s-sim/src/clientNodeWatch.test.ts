import {
  ADD,
  CoreV1Api,
  DELETE,
  KubeConfig,
  UPDATE,
  V1Pod,
  Watch,
  makeInformer,
} from '@kubernetes/client-node';
import { Simulator } from './simulator';
import { startFixtureSimulator } from './__testUtils__/httpClient';

function kubeConfigFor(server: string, token: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    // client-node 1.x refuses http:// URLs unless skipTLSVerify is set.
    clusters: [{ name: 'sim', server, skipTLSVerify: true }],
    users: [{ name: 'sim-user', token }],
    contexts: [{ name: 'sim', cluster: 'sim', user: 'sim-user' }],
    currentContext: 'sim',
  });
  return kc;
}

const newPod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'web', labels: { app: 'informer-test' } },
  spec: { containers: [{ name: 'app', image: 'app' }] },
});

const podRef = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  namespace: 'web',
  name,
});

/** Polls until `condition` holds; generous, as the machine may be busy. */
async function eventually(
  condition: () => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

// Generous: real sockets on a shared, busy machine.
jest.setTimeout(60_000);

describe('@kubernetes/client-node watches against the simulator', () => {
  let simulator: Simulator;
  let kc: KubeConfig;

  beforeEach(async () => {
    simulator = await startFixtureSimulator({
      clusters: [{ name: 'alpha', token: 'alpha-test-token' }],
      watch: { bookmarkIntervalMs: 100, historyLimit: 2 },
    });
    kc = kubeConfigFor(simulator.clusters[0].url, simulator.clusters[0].token);
  });
  afterEach(async () => {
    await simulator.stop();
  });

  it('Watch receives ADDED, MODIFIED, DELETED and BOOKMARK events', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const list = await core.listNamespacedPod({ namespace: 'web' });
    const events: Array<{ type: string; name?: string; rv?: string }> = [];
    const request = await new Watch(kc).watch(
      '/api/v1/namespaces/web/pods',
      {
        allowWatchBookmarks: true,
        resourceVersion: list.metadata?.resourceVersion,
      },
      (type, object) =>
        events.push({
          type,
          name: object.metadata?.name,
          rv: object.metadata?.resourceVersion,
        }),
      () => {},
    );
    try {
      await simulator.applyObject('alpha', newPod('w-0'));
      await simulator.patchObject('alpha', podRef('w-0'), {
        metadata: { labels: { stage: 'two' } },
      });
      const deleted = await simulator.deleteObject('alpha', podRef('w-0'));
      await eventually(
        () =>
          events.some(
            e =>
              e.type === 'BOOKMARK' &&
              e.rv === deleted.metadata.resourceVersion,
          ),
        'a bookmark at the deletion version',
      );
      expect(
        events.filter(e => e.type !== 'BOOKMARK').map(e => [e.type, e.name]),
      ).toEqual([
        ['ADDED', 'w-0'],
        ['MODIFIED', 'w-0'],
        ['DELETED', 'w-0'],
      ]);
    } finally {
      request.abort();
    }
  });

  it('an informer sees adds, updates and deletes made through the simulator', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const informer = makeInformer<V1Pod>(
      kc,
      '/api/v1/namespaces/web/pods',
      () => core.listNamespacedPod({ namespace: 'web' }),
    );
    const seen: string[] = [];
    informer.on(ADD, pod => seen.push(`add ${pod.metadata?.name}`));
    informer.on(UPDATE, pod =>
      seen.push(`update ${pod.metadata?.name} ${pod.status?.phase}`),
    );
    informer.on(DELETE, pod => seen.push(`delete ${pod.metadata?.name}`));
    await informer.start();
    try {
      await eventually(() => seen.length === 3, 'the initial list');
      expect(
        informer
          .list()
          .map(p => p.metadata?.name)
          .sort(),
      ).toEqual(['api-0', 'frontend-5d4f8-aaaaa', 'frontend-5d4f8-bbbbb']);
      await simulator.applyObject('alpha', newPod('i-0'));
      await simulator.patchObject('alpha', podRef('i-0'), {
        status: { phase: 'Running' },
      });
      await simulator.deleteObject('alpha', podRef('api-0'));
      await eventually(() => seen.includes('delete api-0'), 'the delete');
      expect(seen.slice(3)).toEqual([
        'add i-0',
        'update i-0 Running',
        'delete api-0',
      ]);
      expect(
        informer
          .list()
          .map(p => p.metadata?.name)
          .sort(),
      ).toEqual(['frontend-5d4f8-aaaaa', 'frontend-5d4f8-bbbbb', 'i-0']);
    } finally {
      await informer.stop();
    }
  });

  it('an informer resuming from an expired resourceVersion gets 410 and re-lists', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    let lists = 0;
    const informer = makeInformer<V1Pod>(
      kc,
      '/api/v1/namespaces/web/pods',
      () => {
        lists += 1;
        return core.listNamespacedPod({ namespace: 'web' });
      },
    );
    const added: string[] = [];
    informer.on(ADD, pod => added.push(pod.metadata!.name!));
    informer.on('error', () => {}); // the stop below aborts the watch
    await informer.start();
    await eventually(() => added.length === 3, 'the initial list');
    await informer.stop();
    // More changes than the simulator keeps (historyLimit 2) while away.
    for (const name of ['gone-0', 'gone-1', 'gone-2']) {
      await simulator.applyObject('alpha', newPod(name));
    }
    await informer.start();
    try {
      await eventually(() => added.includes('gone-2'), 'the re-list');
      expect(lists).toBe(2);
      expect(added.filter(n => n.startsWith('gone-')).sort()).toEqual([
        'gone-0',
        'gone-1',
        'gone-2',
      ]);
    } finally {
      await informer.stop();
    }
  });
});
