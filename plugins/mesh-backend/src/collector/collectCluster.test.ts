import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { MeshClusterConfig } from '../config';
import { collectCluster } from './collectCluster';
import { ClusterReadError } from './describeError';

const BASE = 'https://k8s.test';
const TOKEN = 'super-secret-cluster-token';

const cluster: MeshClusterConfig = {
  name: 'platform',
  url: BASE,
  serviceAccountToken: TOKEN,
  skipTLSVerify: false,
};

const pod = (namespace: string, name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    namespace,
    name,
    managedFields: [{ manager: 'kubectl' }],
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': '{"huge":true}',
      'sidecar.istio.io/status': '{}',
    },
  },
});

const status = (code: number, message: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  code,
});

describe('collectCluster', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const seenAuth: string[] = [];

  /** Every list answers empty unless a test says otherwise; Istio groups at v1. */
  const emptyLists = http.get(`${BASE}/*`, ({ request }) => {
    seenAuth.push(request.headers.get('authorization') ?? '');
    return HttpResponse.json({ kind: 'List', items: [], metadata: {} });
  });

  const collect = () =>
    collectCluster(cluster, {
      requestTimeoutMs: 300,
      excludeNamespaces: ['kube-system'],
      pageSize: 2,
    });

  /** The message of the collection's failure, checked to be safe to show. */
  const failureMessage = async () => {
    const error = await collect().then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(ClusterReadError);
    expect(error.message).not.toContain(TOKEN);
    return (error as ClusterReadError).message;
  };

  beforeEach(() => {
    seenAuth.length = 0;
  });

  it('reads every kind with the bearer token, slimmed, and drops excluded namespaces', async () => {
    server.use(
      http.get(`${BASE}/api/v1/pods`, () =>
        HttpResponse.json({
          items: [pod('web', 'a'), pod('kube-system', 'b')],
          metadata: {},
        }),
      ),
      emptyLists,
    );
    const result = await collect();
    expect(result.objects.cluster).toBe('platform');
    expect(result.objects.pods).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          namespace: 'web',
          name: 'a',
          annotations: { 'sidecar.istio.io/status': '{}' },
        },
      },
    ]);
    expect(result.missingApis).toEqual([]);
    expect(new Set(seenAuth)).toEqual(new Set([`Bearer ${TOKEN}`]));
  });

  it('follows continue tokens until the list ends (pagination)', async () => {
    const pages: Record<string, { items: unknown[]; next?: string }> = {
      '': { items: [pod('a', '1'), pod('a', '2')], next: 'page-2' },
      'page-2': { items: [pod('a', '3'), pod('a', '4')], next: 'page-3' },
      'page-3': { items: [pod('a', '5')] },
    };
    const limits: string[] = [];
    server.use(
      http.get(`${BASE}/api/v1/pods`, ({ request }) => {
        const url = new URL(request.url);
        limits.push(url.searchParams.get('limit') ?? '');
        const page = pages[url.searchParams.get('continue') ?? ''];
        return HttpResponse.json({
          items: page.items,
          metadata: page.next ? { continue: page.next } : {},
        });
      }),
      emptyLists,
    );
    const result = await collect();
    expect(
      result.objects.pods.map(
        p => (p as { metadata: { name: string } }).metadata.name,
      ),
    ).toEqual(['1', '2', '3', '4', '5']);
    expect(limits).toEqual(['2', '2', '2']);
  });

  it('falls back to v1beta1 and reports a CRD served at neither as missing (404)', async () => {
    server.use(
      http.get(`${BASE}/apis/security.istio.io/v1/peerauthentications`, () =>
        HttpResponse.json(
          status(404, 'the server could not find the requested resource'),
          { status: 404 },
        ),
      ),
      http.get(
        `${BASE}/apis/security.istio.io/v1beta1/peerauthentications`,
        () =>
          HttpResponse.json({
            items: [
              {
                kind: 'PeerAuthentication',
                metadata: { namespace: 'istio-system', name: 'default' },
              },
            ],
            metadata: {},
          }),
      ),
      http.get(
        `${BASE}/apis/networking.istio.io/:version/destinationrules`,
        () => HttpResponse.json(status(404, 'not found'), { status: 404 }),
      ),
      emptyLists,
    );
    const result = await collect();
    expect(result.objects.peerAuthentications).toHaveLength(1);
    expect(result.missingApis).toEqual([
      'destinationrules.networking.istio.io',
    ]);
  });

  it('treats a 404 on a core kind as an error', async () => {
    server.use(
      http.get(`${BASE}/apis/apps/v1/deployments`, () =>
        HttpResponse.json(status(404, 'not found'), { status: 404 }),
      ),
      emptyLists,
    );
    expect(await failureMessage()).toMatch(/listing deployments: HTTP 404/);
  });

  it('fails with a clear message on 401 and never repeats the token', async () => {
    server.use(
      http.get(`${BASE}/api/v1/pods`, () =>
        HttpResponse.json(
          status(401, `Unauthorized: token ${TOKEN} is invalid`),
          {
            status: 401,
          },
        ),
      ),
      emptyLists,
    );
    expect(await failureMessage()).toMatch(
      /listing pods: HTTP 401 Unauthorized/,
    );
  });

  it('redacts the token when a server echoes it in an error', async () => {
    server.use(
      http.get(`${BASE}/api/v1/pods`, () =>
        HttpResponse.json(status(403, `token ${TOKEN} may not list pods`), {
          status: 403,
        }),
      ),
      emptyLists,
    );
    const message = await failureMessage();
    expect(message).toMatch(/listing pods: HTTP 403 Forbidden/);
    expect(message).toContain('token [redacted] may not list pods');
  });

  it('fails with a clear message on 403', async () => {
    server.use(
      http.get(`${BASE}/api/v1/namespaces`, () =>
        HttpResponse.json(
          status(
            403,
            'namespaces is forbidden: User "system:serviceaccount:backstage:mesh" cannot list resource',
          ),
          { status: 403 },
        ),
      ),
      emptyLists,
    );
    expect(await failureMessage()).toMatch(
      /listing namespaces: HTTP 403 Forbidden.*cannot list/,
    );
  });

  it('fails on 500, also from an Istio group', async () => {
    server.use(
      http.get(`${BASE}/apis/networking.istio.io/v1/destinationrules`, () =>
        HttpResponse.text('etcd exploded', { status: 500 }),
      ),
      emptyLists,
    );
    expect(await failureMessage()).toMatch(
      /destinationrules\.networking\.istio\.io\/v1: HTTP 500 Internal Server Error: etcd exploded/,
    );
  });

  it('fails when a call exceeds the per-call timeout', async () => {
    server.use(
      http.get(`${BASE}/api/v1/services`, async () => {
        await delay(2_000);
        return HttpResponse.json({ items: [], metadata: {} });
      }),
      emptyLists,
    );
    expect(await failureMessage()).toMatch(
      /listing services: timed out after 0.3 s/,
    );
  });

  it('stops every call when the refresh is aborted', async () => {
    server.use(
      http.get(`${BASE}/api/v1/services`, async () => {
        await delay(2_000);
        return HttpResponse.json({ items: [], metadata: {} });
      }),
      emptyLists,
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await collectCluster(cluster, {
      requestTimeoutMs: 10_000,
      signal: controller.signal,
    }).then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(ClusterReadError);
    expect(error.message).toMatch(
      /listing services: the refresh was stopped \(mesh.refresh.timeout reached\)/,
    );
  });

  it('fails when the connection is reset', async () => {
    server.use(
      http.get(`${BASE}/api/v1/pods`, () => HttpResponse.error()),
      emptyLists,
    );
    // msw's network error carries no errno; a real reset reads
    // "connection reset (ECONNRESET)" (see the integration test).
    expect(await failureMessage()).toMatch(
      /listing pods: FetchError: .*failed, reason: Network error/,
    );
  });

  it('fails when the body is not JSON', async () => {
    server.use(
      http.get(`${BASE}/apis/batch/v1/jobs`, () =>
        HttpResponse.text('{"items": [', {
          headers: { 'content-type': 'application/json' },
        }),
      ),
      emptyLists,
    );
    expect(await failureMessage()).toMatch(
      /listing jobs: response is not valid JSON/,
    );
  });

  it('fails when "items" is not a list', async () => {
    server.use(
      http.get(`${BASE}/apis/batch/v1/jobs`, () =>
        HttpResponse.json({ items: { oops: true }, metadata: {} }),
      ),
      emptyLists,
    );
    expect(await failureMessage()).toMatch(
      /listing jobs: response "items" is not a list/,
    );
  });

  it('keeps malformed items for the engine to report', async () => {
    server.use(
      http.get(`${BASE}/api/v1/pods`, () =>
        HttpResponse.json({
          items: [
            'not an object',
            null,
            { metadata: 'nope' },
            pod('web', 'ok'),
          ],
          metadata: {},
        }),
      ),
      emptyLists,
    );
    const result = await collect();
    expect(result.objects.pods).toHaveLength(4);
    expect(result.objects.pods[0]).toBe('not an object');
  });

  it('keeps only the ConfigMaps the engine needs', async () => {
    const configMap = (namespace: string, name: string) => ({
      metadata: { namespace, name },
      data: {},
    });
    const fieldSelectors: string[] = [];
    server.use(
      http.get(`${BASE}/api/v1/namespaces/istio-system/configmaps`, () =>
        HttpResponse.json({
          items: [
            configMap('istio-system', 'istio'),
            configMap('istio-system', 'istio-sidecar-injector'),
            configMap('istio-system', 'istio-ca-root-cert'),
            configMap('istio-system', 'unrelated'),
          ],
          metadata: {},
        }),
      ),
      http.get(`${BASE}/api/v1/configmaps`, ({ request }) => {
        fieldSelectors.push(
          new URL(request.url).searchParams.get('fieldSelector') ?? '',
        );
        return HttpResponse.json({
          items: [
            configMap('istio-system', 'istio-ca-root-cert'),
            configMap('web', 'istio-ca-root-cert'),
          ],
          metadata: {},
        });
      }),
      emptyLists,
    );
    const result = await collect();
    const names = result.objects.configMaps.map(c => {
      const { namespace, name } = (
        c as { metadata: { namespace: string; name: string } }
      ).metadata;
      return `${namespace}/${name}`;
    });
    expect(names.sort()).toEqual([
      'istio-system/istio',
      'istio-system/istio-ca-root-cert',
      'istio-system/istio-sidecar-injector',
      'web/istio-ca-root-cert',
    ]);
    expect(fieldSelectors).toEqual(['metadata.name=istio-ca-root-cert']);
  });

  it('refuses a cluster with an unsupported auth provider without calling it', async () => {
    server.use(emptyLists);
    await expect(
      collectCluster(
        {
          ...cluster,
          unsupportedReason: "authProvider 'aws' is not supported",
        },
        { requestTimeoutMs: 300 },
      ),
    ).rejects.toThrow(/authProvider 'aws'/);
    expect(seenAuth).toEqual([]);
  });
});
