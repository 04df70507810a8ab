import { registerMswTestHooks } from '@backstage/backend-test-utils';
import type { KubernetesCredential } from '@backstage/plugin-kubernetes-node';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { MeshClusterConfig } from '../../config';
import { KindWatch, type WatchRequestCounts } from './KindWatch';
import { watchedKinds } from './watchedKinds';

// Real sockets are not involved, but the machine may be busy.
jest.setTimeout(60_000);

const BASE = 'https://k8s.test';

const cluster: MeshClusterConfig = {
  name: 'platform',
  url: BASE,
  skipTLSVerify: false,
};

const pod = (name: string, resourceVersion: string, extra: object = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { namespace: 'web', name, resourceVersion },
  spec: { containers: [{ name: 'app', image: 'app' }] },
  ...extra,
});

type Event = { type: string; object: object };

/** A watch response streaming `events` as JSON lines; ends when `end` is set. */
function watchStream(events: Event[], end: boolean) {
  const encoder = new TextEncoder();
  const stream = new ReadableStream({
    start(controller) {
      for (const event of events) {
        controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
      }
      if (end) controller.close();
    },
  });
  return new HttpResponse(stream, {
    headers: { 'content-type': 'application/json' },
  });
}

const status = (code: number) => ({
  kind: 'Status',
  apiVersion: 'v1',
  status: 'Failure',
  code,
  reason: code === 410 ? 'Expired' : 'InternalError',
});

/** Polls until `condition` holds; generous, as the machine may be busy. */
async function eventually(condition: () => boolean, what: string) {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}

interface Seen {
  at: number;
  watch: boolean;
  params: URLSearchParams;
  token: string;
}

describe('KindWatch (list once, then watch)', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let seen: Seen[];
  let lists: Array<() => object>;
  let watches: Array<(request: Seen) => Response>;
  let kind: KindWatch | undefined;
  let counts: WatchRequestCounts;
  let changes: number;
  let token: () => string;

  beforeEach(() => {
    seen = [];
    changes = 0;
    counts = { lists: 0, watches: 0 };
    token = () => 'token-1';
    server.use(
      http.get(`${BASE}/api/v1/pods`, ({ request }) => {
        const url = new URL(request.url);
        const entry: Seen = {
          at: Date.now(),
          watch: url.searchParams.get('watch') === 'true',
          params: url.searchParams,
          token: request.headers.get('authorization') ?? '',
        };
        seen.push(entry);
        if (!entry.watch) {
          const next = lists.length > 1 ? lists.shift()! : lists[0];
          return HttpResponse.json(next());
        }
        // The last scripted watch stays open for the rest of the test.
        const next = watches.length > 1 ? watches.shift()! : watches[0];
        return next(entry);
      }),
    );
  });

  afterEach(() => {
    kind?.stop();
    kind = undefined;
  });

  const podKind = watchedKinds('istio-system').find(k => k.key === 'pods')!;

  function start(backoff = { initialMs: 20, maxMs: 100 }) {
    kind = new KindWatch(podKind, {
      cluster,
      credential: async (): Promise<KubernetesCredential> => ({
        type: 'bearer token',
        token: token(),
      }),
      secrets: () => [token()],
      requestTimeoutMs: 5_000,
      pageSize: 500,
      watchTimeoutSeconds: 300,
      backoff,
      onChange: () => {
        changes++;
      },
      counts,
    });
    return kind.start();
  }

  const names = () =>
    kind!
      .items()
      .map(item => {
        const { name, resourceVersion } = (
          item as { metadata: { name: string; resourceVersion: string } }
        ).metadata;
        return `${name}@${resourceVersion}`;
      })
      .sort();
  const watchRequests = () => seen.filter(s => s.watch);

  it('applies ADDED, MODIFIED and DELETED events to the listed objects, watching from the list version with bookmarks', async () => {
    lists = [
      () => ({ metadata: { resourceVersion: '10' }, items: [pod('a', '5')] }),
    ];
    watches = [
      () =>
        watchStream(
          [
            { type: 'ADDED', object: pod('b', '11') },
            { type: 'MODIFIED', object: pod('a', '12') },
            { type: 'ADDED', object: pod('c', '13') },
            { type: 'DELETED', object: pod('b', '14') },
          ],
          false,
        ),
    ];
    await start();
    await eventually(() => names().length === 2, 'the events applied');
    expect(names()).toEqual(['a@12', 'c@13']);
    const [first] = watchRequests();
    expect(first.params.get('resourceVersion')).toBe('10');
    expect(first.params.get('allowWatchBookmarks')).toBe('true');
    expect(first.params.get('timeoutSeconds')).toBe('300');
    expect(changes).toBeGreaterThanOrEqual(4);
    // Cached slim: the engine's fields and the version, nothing else.
    const cached = kind!
      .items()
      .find(
        item => (item as { metadata: { name: string } }).metadata.name === 'a',
      );
    expect(cached).toEqual({
      metadata: { namespace: 'web', name: 'a', resourceVersion: '12' },
      spec: { containers: [{ name: 'app', image: 'app' }] },
    });
    expect(counts).toEqual({ lists: 1, watches: 1 });
  });

  it('re-opens an ended watch from the last bookmark, without listing again', async () => {
    lists = [
      () => ({ metadata: { resourceVersion: '10' }, items: [pod('a', '5')] }),
    ];
    watches = [
      () =>
        watchStream(
          [
            {
              type: 'BOOKMARK',
              object: { kind: 'Pod', metadata: { resourceVersion: '50' } },
            },
          ],
          true,
        ),
      () => watchStream([], false),
    ];
    await start();
    await eventually(() => watchRequests().length === 2, 'a second watch');
    expect(watchRequests()[1].params.get('resourceVersion')).toBe('50');
    expect(seen.filter(s => !s.watch)).toHaveLength(1);
    expect(names()).toEqual(['a@5']);
  });

  it('lists again after 410 Expired and replaces the cache with the new list', async () => {
    lists = [
      () => ({
        metadata: { resourceVersion: '10' },
        items: [pod('a', '5'), pod('gone', '6')],
      }),
      () => ({ metadata: { resourceVersion: '90' }, items: [pod('a', '80')] }),
    ];
    watches = [
      () => watchStream([{ type: 'ERROR', object: status(410) }], true),
      () => watchStream([], false),
    ];
    await start();
    await eventually(() => watchRequests().length === 2, 'a watch after 410');
    expect(seen.map(s => (s.watch ? 'watch' : 'list'))).toEqual([
      'list',
      'watch',
      'list',
      'watch',
    ]);
    expect(watchRequests()[1].params.get('resourceVersion')).toBe('90');
    expect(names()).toEqual(['a@80']);
    expect(kind!.error()).toBeUndefined();
  });

  it('backs off between failed watches, reports the failure meanwhile, keeps the last objects and resumes from the last version', async () => {
    lists = [
      () => ({ metadata: { resourceVersion: '10' }, items: [pod('a', '5')] }),
    ];
    let failures = 3;
    watches = [
      () =>
        failures-- > 0
          ? HttpResponse.json(status(500), { status: 500 })
          : watchStream([{ type: 'ADDED', object: pod('b', '11') }], false),
    ];
    await start({ initialMs: 200, maxMs: 10_000 });
    await eventually(() => watchRequests().length >= 2, 'a retried watch');
    expect(kind!.error()?.message).toMatch(/pods \(watch\): HTTP 500/);
    expect(names()).toEqual(['a@5']);
    await eventually(() => names().length === 2, 'the watch to recover');
    expect(kind!.error()).toBeUndefined();
    const times = watchRequests().map(s => s.at);
    // Exponential back-off with jitter in [50%, 100%]: lower bounds only, as
    // a busy machine can only make the waits longer.
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(100 - 5);
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(200 - 5);
    expect(times[3] - times[2]).toBeGreaterThanOrEqual(400 - 5);
    for (const request of watchRequests()) {
      expect(request.params.get('resourceVersion')).toBe('10');
    }
    expect(seen.filter(s => !s.watch)).toHaveLength(1);
  });

  it('re-authenticates: after a 401 the watch is opened again with a fresh credential', async () => {
    lists = [
      () => ({ metadata: { resourceVersion: '10' }, items: [pod('a', '5')] }),
    ];
    watches = [
      request =>
        request.token === 'Bearer token-2'
          ? watchStream([{ type: 'ADDED', object: pod('b', '11') }], false)
          : HttpResponse.json(status(401), { status: 401 }),
    ];
    await start();
    await eventually(() => watchRequests().length >= 1, 'a first watch');
    // The token expired at the server; the auth strategy now has a new one.
    token = () => 'token-2';
    await eventually(() => names().length === 2, 'the re-authenticated watch');
    expect(watchRequests().map(s => s.token)).toEqual([
      'Bearer token-1',
      'Bearer token-2',
    ]);
    expect(kind!.error()).toBeUndefined();
  });

  it('never leaks the credential into the failure it reports', async () => {
    lists = [() => ({})];
    server.use(
      http.get(`${BASE}/api/v1/pods`, () =>
        HttpResponse.json(
          { ...status(403), message: 'token token-1 may not list pods' },
          { status: 403 },
        ),
      ),
    );
    await start();
    expect(kind!.isListed()).toBe(false);
    expect(kind!.error()?.message).toMatch(/HTTP 403/);
    expect(kind!.error()?.message).not.toContain('token-1');
  });

  it('resync lists again and swaps the cache only once the new list is complete', async () => {
    let listed = 0;
    lists = [
      () => ({
        metadata: { resourceVersion: String(10 + listed++) },
        items: listed === 1 ? [pod('a', '5')] : [pod('z', '20')],
      }),
    ];
    // msw sends the headers with the first chunk: open with a bookmark.
    const bookmark = {
      type: 'BOOKMARK',
      object: { kind: 'Pod', metadata: { resourceVersion: '10' } },
    };
    watches = [() => watchStream([bookmark], false)];
    await start();
    expect(names()).toEqual(['a@5']);
    await kind!.resync();
    expect(names()).toEqual(['z@20']);
    expect(counts.lists).toBe(2);
  });
});
