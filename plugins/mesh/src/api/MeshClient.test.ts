import { UrlPatternDiscovery } from '@backstage/core-app-api';
import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { InputError, ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { webFrontendGraph, webFrontendMesh } from '../__fixtures__';
import { MeshClient } from './MeshClient';

const BASE = 'http://localhost:7007/api/mesh';

describe('MeshClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new MeshClient({
    discoveryApi: UrlPatternDiscovery.compile(
      'http://localhost:7007/api/{{ pluginId }}',
    ),
    fetchApi: new MockFetchApi(),
  });

  const webFrontend = {
    kind: 'Component',
    namespace: 'default',
    name: 'web-frontend',
  };

  it('GETs the entity mesh view and returns the body', async () => {
    server.use(
      http.get(`${BASE}/entity/default/Component/web-frontend`, () =>
        HttpResponse.json(webFrontendMesh),
      ),
    );
    await expect(client.getEntityMesh(webFrontend)).resolves.toEqual(
      webFrontendMesh,
    );
  });

  it('sends the graph query as query parameters', async () => {
    let seen: URL | undefined;
    server.use(
      http.get(
        `${BASE}/graph/entity/default/Component/web-frontend`,
        ({ request }) => {
          seen = new URL(request.url);
          return HttpResponse.json(webFrontendGraph);
        },
      ),
    );
    await client.getEntityGraph(webFrontend, {
      depth: 2,
      window: '15m',
      view: 'service',
    });
    expect(seen?.searchParams.get('depth')).toBe('2');
    expect(seen?.searchParams.get('window')).toBe('15m');
    expect(seen?.searchParams.get('view')).toBe('service');
  });

  it('asks for an edge detail with the workload ids escaped as query parameters', async () => {
    let seen: URL | undefined;
    server.use(
      http.get(`${BASE}/edge`, ({ request }) => {
        seen = new URL(request.url);
        return HttpResponse.json({ responses: [] });
      }),
    );
    await client.getEdgeDetail({
      source: 'platform/web/Deployment/web-frontend',
      destination: 'compute/a&b/Deployment/x',
      window: '1h',
    });
    expect(seen?.searchParams.get('source')).toBe(
      'platform/web/Deployment/web-frontend',
    );
    expect(seen?.searchParams.get('destination')).toBe(
      'compute/a&b/Deployment/x',
    );
    expect(seen?.searchParams.get('window')).toBe('1h');
  });

  it('sends array filters as repeated keys and leaves out undefined ones', async () => {
    let seen: URL | undefined;
    server.use(
      http.get(`${BASE}/audit`, ({ request }) => {
        seen = new URL(request.url);
        return HttpResponse.json({ items: [] });
      }),
    );
    await client.getAudit({
      cluster: ['platform', 'compute'],
      state: ['outside'],
      q: 'a&b=c',
      notStrict: true,
      owner: undefined,
    });
    expect(seen?.searchParams.getAll('cluster')).toEqual([
      'platform',
      'compute',
    ]);
    expect(seen?.searchParams.getAll('state')).toEqual(['outside']);
    expect(seen?.searchParams.get('q')).toBe('a&b=c');
    expect(seen?.searchParams.get('notStrict')).toBe('true');
    expect(seen?.searchParams.has('owner')).toBe(false);
  });

  it('returns the CSV export as text', async () => {
    server.use(
      http.get(
        `${BASE}/audit/export.csv`,
        () =>
          new HttpResponse('workload,cluster\nweb-frontend,platform\n', {
            headers: { 'content-type': 'text/csv' },
          }),
      ),
    );
    await expect(client.exportAuditCsv()).resolves.toBe(
      'workload,cluster\nweb-frontend,platform\n',
    );
  });

  it('encodes odd entity names so they stay one path segment', async () => {
    let path: string | undefined;
    server.use(
      http.get(`${BASE}/mtls/entity/*`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json({ entityRef: 'x', sources: [] });
      }),
    );
    await client.getInboundMtls(
      { kind: 'Component', namespace: 'team a', name: 'web/../frontend?x=1#y' },
      { window: '1h' },
    );
    expect(path).toBe(
      '/api/mesh/mtls/entity/team%20a/Component/web%2F..%2Ffrontend%3Fx%3D1%23y',
    );
  });

  it('GETs readiness per entity and for the audit, with the window', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${BASE}/readiness/*`, ({ request }) => {
        const url = new URL(request.url);
        seen.push(`${url.pathname}${url.search}`);
        return HttpResponse.json({ workloads: [], namespaces: [] });
      }),
    );
    await client.getEntityReadiness(webFrontend, { window: '14d' });
    await client.getReadinessAudit();
    expect(seen).toEqual([
      '/api/mesh/readiness/entity/default/Component/web-frontend?window=14d',
      '/api/mesh/readiness/audit',
    ]);
  });

  it('rejects an incomplete entity reference without calling the backend', async () => {
    await expect(
      client.getEntityMesh({ kind: 'Component', namespace: '', name: 'x' }),
    ).rejects.toThrow(InputError);
  });

  it.each([
    [401, 'Unauthorized'],
    [404, 'NotFoundError'],
    [500, 'Error'],
  ])('throws a ResponseError on %s', async (status, name) => {
    server.use(
      http.get(`${BASE}/clusters`, () =>
        HttpResponse.json(
          {
            error: { name, message: `failed with ${status}` },
            request: { method: 'GET', url: '/api/mesh/clusters' },
            response: { statusCode: status },
          },
          { status },
        ),
      ),
    );
    const error = await client.getClusters().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(status);
    expect(error.body.error.message).toBe(`failed with ${status}`);
  });

  it('throws a ResponseError when the body is not JSON', async () => {
    server.use(
      http.get(
        `${BASE}/graph/mesh`,
        () => new HttpResponse('upstream timed out', { status: 502 }),
      ),
    );
    const error = await client.getMeshGraph().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(502);
  });
});
