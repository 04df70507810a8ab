import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  AuditResponse,
  EntityMeshResponse,
} from '@mesh-portal/plugin-mesh-common';
import express from 'express';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  component,
  emptyCollect,
  MemorySnapshotStore,
  permissionsDenying,
  testModel,
  testRootConfig,
  unusedHistory,
} from './__testUtils__/fixtures';
import type { HistoryStore } from './history';
import type { TelemetryService } from './telemetry/types';
import { createMeshBackend } from './wiring';
import { fakePrometheus } from './telemetry/__testUtils__/fakePrometheus';
import { memoryCache } from './telemetry/__testUtils__/memoryCache';
import { requestSeries } from './telemetry/__testUtils__/series';

const PROM_URL = 'http://prom-platform.test:9090';

const visible = component('web-frontend', 'team-web');
const hidden = component('secret-api', 'team-secret');
// The hidden entity declares a relation to the visible one, so that
// declared-vs-observed would name it if it leaked.
hidden.spec!.dependsOn = ['component:default/web-frontend'];

/** A catalog in which the test user cannot see `secret-api`. */
function catalogHiding(hiddenRef: string) {
  const entities: Entity[] = [visible, hidden];
  const byRef = new Map(entities.map(e => [stringifyEntityRef(e), e]));
  return catalogServiceMock.mock({
    getEntities: async () => ({ items: entities }),
    getEntityByRef: async ref =>
      typeof ref === 'string' && ref !== hiddenRef ? byRef.get(ref) : undefined,
    getEntitiesByRefs: async ({ entityRefs }) => ({
      items: entityRefs.map(ref =>
        ref === hiddenRef ? undefined : byRef.get(ref),
      ),
    }),
  });
}

async function makeApp(
  options: {
    denied?: string[];
    telemetry?: TelemetryService;
    /** Uses the real telemetry service against the msw Prometheus. */
    liveTelemetry?: boolean;
    history?: HistoryStore;
    mesh?: object;
  } = {},
) {
  const catalog = catalogHiding('component:default/secret-api');
  const snapshotStore = new MemorySnapshotStore();
  const mesh = await createMeshBackend(
    {
      config: testRootConfig({
        ...(options.liveTelemetry
          ? {
              clusters: [{ name: 'platform', prometheus: { url: PROM_URL } }],
              telemetry: { window: '5m' },
            }
          : {}),
        ...options.mesh,
      }),
      logger: mockServices.logger.mock(),
      httpAuth: mockServices.httpAuth(),
      auth: mockServices.auth(),
      permissions: permissionsDenying(...(options.denied ?? [])),
      catalog,
      cache: memoryCache(),
      database: mockServices.database.mock(),
    },
    {
      snapshotStore,
      collect: emptyCollect,
      computeModel: () => testModel,
      history: options.history ?? unusedHistory(),
      telemetry: options.liveTelemetry ? undefined : options.telemetry,
    },
  );
  await mesh.snapshot.refresh();
  return express().use(mesh.router).use(mockErrorHandler());
}

const WEB = ['platform-east', 'web', 'web-frontend'] as [
  string,
  string,
  string,
];
const SECRET = ['platform-east', 'api', 'secret-api'] as [
  string,
  string,
  string,
];

/** Prometheus of `platform`: the hidden secret-api calls web-frontend in plaintext and back over mTLS. */
const prometheus = setupServer(
  fakePrometheus({
    url: PROM_URL,
    answers: {
      requests_destination: [
        requestSeries({
          reporter: 'destination',
          src: SECRET,
          dst: WEB,
          csp: 'none',
          value: 3,
        }),
        requestSeries({
          reporter: 'destination',
          src: WEB,
          dst: WEB,
          value: 1,
        }),
        requestSeries({
          reporter: 'destination',
          src: WEB,
          dst: SECRET,
          value: 2,
        }),
      ],
    },
  }),
);
beforeAll(() =>
  prometheus.listen({
    // supertest talks to the app over loopback; anything else is a mistake.
    onUnhandledRequest(req, print) {
      const host = new URL(req.url).hostname;
      if (host !== '127.0.0.1' && host !== 'localhost') print.error();
    },
  }),
);
afterAll(() => prometheus.close());

describe('createRouter', () => {
  it('200 on /health without credentials', async () => {
    const app = await makeApp();
    const response = await request(app)
      .get('/health')
      .set('Authorization', mockCredentials.none.header());
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('401 when no credentials', async () => {
    const app = await makeApp();
    for (const path of [
      '/audit',
      '/audit/export.csv',
      '/clusters',
      '/entity/default/component/web-frontend',
    ]) {
      const response = await request(app)
        .get(path)
        .set('Authorization', mockCredentials.none.header());
      expect(response.status).toBe(401);
    }
  });

  it('200 with the entity workloads, services and findings', async () => {
    const app = await makeApp();
    const response = await request(app).get(
      '/entity/default/component/web-frontend',
    );
    expect(response.status).toBe(200);
    const body = response.body as EntityMeshResponse;
    expect(body.entityRef).toBe('component:default/web-frontend');
    expect(body.workloads.map(w => w.id)).toEqual([
      'platform/web/Deployment/web-frontend',
    ]);
    expect(body.findings.map(f => f.code)).toEqual(['MESH-TEST']);
    expect(body.clusters).toEqual([
      expect.objectContaining({ name: 'platform', ok: true, stale: false }),
    ]);
  });

  it('200 with link-outs rendered from the templates, values encoded', async () => {
    const app = await makeApp({
      mesh: {
        links: {
          grafana:
            'https://grafana.example.com/d/w?var-ns={{namespace}}&var-wl={{workload}}&c={{istioClusterId}}',
        },
      },
    });
    const body = (
      await request(app)
        .get('/entity/default/component/web-frontend')
        .expect(200)
    ).body as EntityMeshResponse;
    expect(body.links).toEqual({
      'platform/web/Deployment/web-frontend': [
        {
          title: 'Grafana',
          kind: 'grafana',
          url: 'https://grafana.example.com/d/w?var-ns=web&var-wl=web-frontend&c=platform-east',
        },
      ],
    });
  });

  it('404 when the entity does not exist or is not visible', async () => {
    const app = await makeApp();
    const missing = await request(app).get('/entity/default/component/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.name).toBe('NotFoundError');
    const invisible = await request(app).get(
      '/entity/default/component/secret-api',
    );
    expect(invisible.status).toBe(404);
    // Invisible and missing look the same, so nothing leaks.
    expect(invisible.body.error.name).toBe('NotFoundError');
  });

  it('403 when mesh.entity.read is denied', async () => {
    const app = await makeApp({ denied: ['mesh.entity.read'] });
    const response = await request(app).get(
      '/entity/default/component/web-frontend',
    );
    expect(response.status).toBe(403);
    expect(response.body.error.name).toBe('NotAllowedError');
  });

  it('403 when mesh.audit.read is denied', async () => {
    const app = await makeApp({ denied: ['mesh.audit.read'] });
    expect((await request(app).get('/audit')).status).toBe(403);
    expect((await request(app).get('/audit/export.csv')).status).toBe(403);
  });

  it('400 for entity path segments that would change the ref (/ or :), never a 500', async () => {
    const app = await makeApp();
    for (const path of [
      '/entity/%2F/component/web-frontend',
      '/entity/default/comp%3Aonent/web-frontend',
      '/entity/default/component/web%2Ffrontend',
      '/entity/default/component/..',
    ]) {
      const response = await request(app).get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect(response.body.error.name).toBe('InputError');
    }
  });

  it('400 when limit is not a number', async () => {
    const app = await makeApp();
    const response = await request(app).get('/audit?limit=ten');
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringContaining('limit: must be a whole number'),
      }),
    );
  });

  it('400 when a parameter is unknown or a state is invalid', async () => {
    const app = await makeApp();
    expect((await request(app).get('/audit?colour=red')).status).toBe(400);
    expect((await request(app).get('/audit?state=great')).status).toBe(400);
    expect((await request(app).get('/audit?notStrict=maybe')).status).toBe(400);
    expect((await request(app).get('/clusters?x=1')).status).toBe(400);
  });

  it('200 audit hides workloads of entities the caller cannot read and keeps unowned ones', async () => {
    const app = await makeApp();
    const body = (await request(app).get('/audit').expect(200))
      .body as AuditResponse;
    expect(
      body.items.map(row => [row.workload, row.entityRef, row.owner]),
    ).toEqual([
      ['debug-toolbox', undefined, undefined],
      [
        'web-frontend',
        'component:default/web-frontend',
        'group:default/team-web',
      ],
    ]);
    expect(body.totalItems).toBe(2);
    expect(body.totals).toEqual({
      strict: 1,
      meshedNotStrict: 0,
      outside: 1,
      infrastructure: 0,
      total: 2,
    });
    expect(body.byOwner).toHaveProperty('unowned');
    expect(body.findingsBySeverity).toEqual({ error: 0, warning: 1, info: 0 });
    expect(JSON.stringify(body)).not.toContain('secret');
  });

  it('200 audit filters, sorts and pages', async () => {
    const app = await makeApp();
    const notStrict = (
      await request(app).get('/audit?notStrict=true').expect(200)
    ).body as AuditResponse;
    expect(notStrict.items.map(row => row.workload)).toEqual(['debug-toolbox']);
    const paged = (
      await request(app)
        .get('/audit?sort=workload&order=desc&limit=1&offset=0')
        .expect(200)
    ).body as AuditResponse;
    expect(paged.items.map(row => row.workload)).toEqual(['web-frontend']);
    expect(paged.totalItems).toBe(2);
    const owner = (
      await request(app).get('/audit?owner=group:default/team-web').expect(200)
    ).body as AuditResponse;
    expect(owner.items.map(row => row.workload)).toEqual(['web-frontend']);
  });

  it('200 CSV export is complete, unpaged and text/csv', async () => {
    const app = await makeApp();
    const response = await request(app).get('/audit/export.csv?limit=1');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.text).toContain('debug-toolbox');
    expect(response.text).toContain('web-frontend');
    expect(response.text).not.toContain('secret-api');
  });

  it('200 clusters with mesh info and no credentials in the body', async () => {
    const app = await makeApp();
    const response = await request(app).get('/clusters').expect(200);
    expect(response.body.clusters[0]).toEqual(
      expect.objectContaining({
        name: 'platform',
        ok: true,
        mesh: expect.objectContaining({ istioClusterId: 'platform-east' }),
      }),
    );
    expect(response.text).not.toContain('secret-token');
  });

  it('200 audit with observed mTLS shares, and without them when telemetry hangs', async () => {
    const withShares = await makeApp({
      telemetry: {
        getObservedMtlsByWorkload: async () => ({
          byWorkload: new Map([
            [
              'platform/web/Deployment/web-frontend',
              { requests: { known: 4, mtls: 3 } },
            ],
          ]),
          sources: [{ name: 'platform', ok: true }],
        }),
      } as unknown as TelemetryService,
    });
    const body = (await request(withShares).get('/audit'))
      .body as AuditResponse;
    expect(
      body.items.find(row => row.workload === 'web-frontend')
        ?.observedMtlsShare,
    ).toBe(0.75);
    expect(body.observedMtlsShare).toBe(0.75);

    const hanging = await makeApp({
      telemetry: {
        getObservedMtlsByWorkload: () => new Promise(() => {}),
      } as unknown as TelemetryService,
    });
    const response = await request(hanging).get('/audit');
    expect(response.status).toBe(200);
    expect(response.body.items).toHaveLength(2);
    expect(response.body.observedMtlsShare).toBeUndefined();
    // The audit page can say why the column is empty.
    expect(response.body.sources).toEqual([
      expect.objectContaining({ name: 'telemetry', ok: false }),
    ]);
  });

  it('200 audit: sources carry the telemetry source statuses', async () => {
    const app = await makeApp({
      telemetry: {
        getObservedMtlsByWorkload: async () => ({
          byWorkload: new Map(),
          sources: [
            { name: 'platform', ok: false, error: 'connection refused' },
          ],
        }),
      } as unknown as TelemetryService,
    });
    const body = (await request(app).get('/audit').expect(200))
      .body as AuditResponse;
    expect(body.observedMtlsShare).toBeUndefined();
    expect(body.sources).toEqual([
      { name: 'platform', ok: false, error: 'connection refused' },
    ]);
  });

  it('200 audit: the observed mTLS share is weighted by traffic, not a mean of ratios', async () => {
    const app = await makeApp({
      telemetry: {
        getObservedMtlsByWorkload: async () => ({
          byWorkload: new Map([
            // Busy and plaintext.
            [
              'platform/web/Deployment/web-frontend',
              { requests: { known: 90, mtls: 0 } },
            ],
            // Quiet and all mTLS; bytes do not mix with requests.
            [
              'platform/api/Deployment/debug-toolbox',
              {
                requests: { known: 10, mtls: 10 },
                bytes: { known: 5000, mtls: 5000 },
              },
            ],
            // Hidden from the caller: must not weigh in.
            [
              'platform/api/Deployment/secret-api',
              { requests: { known: 1000, mtls: 1000 } },
            ],
          ]),
          sources: [],
        }),
      } as unknown as TelemetryService,
    });
    const body = (await request(app).get('/audit').expect(200))
      .body as AuditResponse;
    expect(body.observedMtlsShare).toBeCloseTo(0.1, 10);
    expect(
      body.items.map(row => [row.workload, row.observedMtlsShare]),
    ).toEqual([
      ['debug-toolbox', 1],
      ['web-frontend', 0],
    ]);
    const filtered = (
      await request(app).get('/audit?notStrict=true').expect(200)
    ).body as AuditResponse;
    expect(filtered.observedMtlsShare).toBe(1);
  });

  describe('/clusters findings', () => {
    const crossCluster = (code: string, workload: string) => ({
      code,
      severity: 'warning' as const,
      message: `about ${workload}`,
      fix: 'align the clusters',
      objects: [],
      workloads: [`platform/${workload}`],
    });
    beforeAll(() => {
      testModel.findings.push(
        crossCluster('MESH-X-VISIBLE', 'web/Deployment/web-frontend'),
        crossCluster('MESH-X-HIDDEN', 'api/Deployment/secret-api'),
      );
    });
    afterAll(() => {
      testModel.findings.splice(-2, 2);
    });

    it('200 without cross-cluster findings when mesh.audit.read is denied', async () => {
      const app = await makeApp({ denied: ['mesh.audit.read'] });
      const body = (await request(app).get('/clusters').expect(200)).body;
      expect(body.clusters).toHaveLength(1);
      expect(body.findings).toEqual([]);
    });

    it('200 with only the cross-cluster findings naming visible or unowned workloads', async () => {
      const app = await makeApp();
      const body = (await request(app).get('/clusters').expect(200)).body;
      expect(body.findings.map((f: { code: string }) => f.code)).toEqual([
        'MESH-X-VISIBLE',
      ]);
      expect(JSON.stringify(body)).not.toContain('secret-api');
    });
  });

  it('200 audit history keeps owner series only for owners of readable entities', async () => {
    const point = {
      time: '2026-01-01T00:00:00.000Z',
      counts: {
        strict: 1,
        meshedNotStrict: 0,
        outside: 0,
        infrastructure: 0,
        total: 1,
      },
    };
    const history = {
      query: jest.fn(async () => ({
        series: {
          'owner:group:default/team-web': [point],
          'owner:group:default/team-secret': [point],
          'owner:unowned': [point],
        },
      })),
    } as unknown as HistoryStore;
    const app = await makeApp({ history });
    const body = (
      await request(app).get('/audit/history?groupBy=owner').expect(200)
    ).body;
    expect(Object.keys(body.series).sort()).toEqual([
      'owner:group:default/team-web',
      'owner:unowned',
    ]);
    const denied = await makeApp({ history, denied: ['mesh.audit.read'] });
    expect(
      (await request(denied).get('/audit/history?groupBy=owner')).status,
    ).toBe(403);
  });

  describe('telemetry routes with visibility (real telemetry service)', () => {
    it('200 entity graph naming no entity the caller cannot read', async () => {
      const app = await makeApp({ liveTelemetry: true });
      const response = await request(app)
        .get('/graph/entity/default/component/web-frontend')
        .expect(200);
      expect(response.text).not.toContain('secret');
      expect(response.body.nodes.map((n: { id: string }) => n.id)).toContain(
        'platform/web/Deployment/web-frontend',
      );
      expect(response.body.dependencies).toEqual({
        undeclared: [],
        unobserved: [],
        confirmed: [],
      });
    });

    it('200 mesh graph naming no entity the caller cannot read', async () => {
      const app = await makeApp({ liveTelemetry: true });
      const response = await request(app).get('/graph/mesh').expect(200);
      expect(response.text).not.toContain('secret');
      expect(response.body.dependencies.unobserved).toEqual([]);
    });

    it('200 mesh graph gzipped when the client takes gzip, the same answer as without, still nothing hidden (issue 14)', async () => {
      const app = await makeApp({ liveTelemetry: true });
      // supertest inflates a gzipped body (with zlib) into .text.
      const gzipped = await request(app)
        .get('/graph/mesh?view=service')
        .set('Accept-Encoding', 'gzip')
        .expect(200);
      expect(gzipped.headers['content-encoding']).toBe('gzip');
      expect(gzipped.headers.vary).toMatch(/Accept-Encoding/i);
      const text = gzipped.text;
      expect(text).not.toContain('secret');
      const plain = await request(app)
        .get('/graph/mesh?view=service')
        .set('Accept-Encoding', 'identity')
        .expect(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      const withoutAge = (body: object) => ({ ...body, ageSeconds: 0 });
      expect(withoutAge(JSON.parse(text))).toEqual(withoutAge(plain.body));
      expect(JSON.parse(text).nodes.length).toBeGreaterThan(0);
    });

    it('200 mesh graph with includeIdle: the idle workload as a node without edges, still nothing hidden (issue 18)', async () => {
      const app = await makeApp({ liveTelemetry: true });
      const TOOLBOX = 'platform/api/Deployment/debug-toolbox';
      const plain = (await request(app).get('/graph/mesh').expect(200)).body;
      expect(plain.nodes.map((n: { id: string }) => n.id)).not.toContain(
        TOOLBOX,
      );
      const response = await request(app)
        .get('/graph/mesh?includeIdle=true')
        .expect(200);
      expect(response.body.nodes).toContainEqual(
        expect.objectContaining({ id: TOOLBOX, idle: true }),
      );
      expect(response.body.edges).toEqual(plain.edges);
      expect(response.text).not.toContain('secret');
      expect(
        (await request(app).get('/graph/mesh?includeIdle=maybe')).status,
      ).toBe(400);
    });

    it('200 inbound mTLS with unreadable plaintext sources anonymous but counted', async () => {
      const app = await makeApp({ liveTelemetry: true });
      const response = await request(app)
        .get('/mtls/entity/default/component/web-frontend')
        .expect(200);
      expect(response.text).not.toContain('secret');
      expect(response.body.mtlsShare).toBeCloseTo(1 / 4, 10);
      expect(response.body.plaintextSources).toEqual([
        {
          source: { id: 'hidden', type: 'unknown', name: 'hidden workload' },
          hidden: true,
          requestsPerSecond: 3,
        },
      ]);
    });

    it('404 inbound mTLS of an entity the caller cannot read', async () => {
      const app = await makeApp({ liveTelemetry: true });
      const response = await request(app).get(
        '/mtls/entity/default/component/secret-api',
      );
      expect(response.status).toBe(404);
      expect(response.body.error.name).toBe('NotFoundError');
      expect(
        (await request(app).get('/mtls/entity/default/component/nope')).status,
      ).toBe(404);
    });

    it('403 inbound mTLS when mesh.entity.read is denied', async () => {
      const app = await makeApp({
        liveTelemetry: true,
        denied: ['mesh.entity.read'],
      });
      const response = await request(app).get(
        '/mtls/entity/default/component/web-frontend',
      );
      expect(response.status).toBe(403);
      expect(response.body.error.name).toBe('NotAllowedError');
      expect(response.text).not.toContain('secret');
    });
  });

  describe('telemetry routes', () => {
    const telemetry = {
      getEntityGraph: jest.fn(async (_ref: string, _options: object) => ({
        window: '5m',
        dataTime: '2026-01-01T00:00:00Z',
        view: 'workload' as const,
        nodes: [],
        edges: [],
        truncated: false,
        sources: [],
      })),
      getMeshGraph: jest.fn(),
      getInboundMtls: jest.fn(),
      getObservedMtlsByWorkload: jest.fn(async () => new Map()),
      getEdgeDetail: jest.fn(async () => ({ responses: [] })),
    } as unknown as jest.Mocked<TelemetryService>;

    const WEB_ID = 'platform/web/Deployment/web-frontend';
    const SECRET_ID = 'platform/api/Deployment/secret-api';
    const edgePath = (source: string, destination: string, extra = '') =>
      `/edge?source=${encodeURIComponent(
        source,
      )}&destination=${encodeURIComponent(destination)}${extra}`;

    it('200 edge detail between visible workloads, window normalised', async () => {
      const app = await makeApp({ telemetry });
      await request(app)
        .get(edgePath(WEB_ID, WEB_ID, '&window=300s'))
        .expect(200);
      expect(telemetry.getEdgeDetail).toHaveBeenCalledWith(WEB_ID, WEB_ID, {
        window: '5m',
      });
    });

    it('404 edge detail when either end is hidden, the same answer as a missing edge', async () => {
      const app = await makeApp({ telemetry });
      telemetry.getEdgeDetail.mockClear();
      const bodies = [];
      for (const path of [
        edgePath(SECRET_ID, WEB_ID),
        edgePath(WEB_ID, SECRET_ID),
      ]) {
        const response = await request(app).get(path);
        expect(response.status).toBe(404);
        expect(response.body.error.message).toBe('No such edge');
        bodies.push(response.body.error);
      }
      expect(bodies[0]).toEqual(bodies[1]);
      expect(telemetry.getEdgeDetail).not.toHaveBeenCalled();
    });

    it('400 edge detail for ids that are not workload ids or could reach PromQL', async () => {
      const app = await makeApp({ telemetry });
      for (const bad of [
        'web-frontend',
        'platform/web/Deployment',
        'a/b/c/d/e',
        'platform/web/Deployment/x"} or vector(1)',
        'platform/web/Deployment/.*',
        `platform/web/Deployment/${'a'.repeat(1100)}`,
      ]) {
        const response = await request(app).get(edgePath(bad, WEB_ID));
        expect(response.status).toBe(400);
        expect(response.body.error.message).toContain('source:');
      }
      const missing = await request(app).get(`/edge?source=${WEB_ID}`);
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toContain('destination');
    });

    it('200 entity graph for a readable entity', async () => {
      const app = await makeApp({ telemetry });
      await request(app)
        .get('/graph/entity/default/component/web-frontend?depth=2&window=15m')
        .expect(200);
      expect(telemetry.getEntityGraph).toHaveBeenCalledWith(
        'component:default/web-frontend',
        {
          depth: 2,
          window: '15m',
          visibleEntities: new Set(['component:default/web-frontend']),
          hiddenWorkloads: new Set(),
        },
      );
    });

    it('normalises every spelling of a window to one canonical value before telemetry sees it (issue 13 item 1)', async () => {
      const app = await makeApp({ telemetry });
      telemetry.getEntityGraph.mockClear();
      const spellings = ['5m', '05m', '005m', '300s', '0300s', '00005m'];
      for (const window of spellings) {
        await request(app)
          .get(`/graph/entity/default/component/web-frontend?window=${window}`)
          .expect(200);
      }
      const windows = new Set(
        telemetry.getEntityGraph.mock.calls.map(
          ([, options]) => options.window,
        ),
      );
      expect([...windows]).toEqual(['5m']);
    });

    it('400 for windows outside the allow-list, huge numbers and the d unit', async () => {
      const app = await makeApp({ telemetry });
      for (const window of [
        '10m',
        '7d',
        '1d',
        '99999999999999m',
        '5 m',
        '-5m',
        '5M',
      ]) {
        const response = await request(app).get(
          `/graph/entity/default/component/web-frontend?window=${encodeURIComponent(
            window,
          )}`,
        );
        expect(response.status).toBe(400);
        expect(response.body.error.message).toContain(
          'window: must be one of 1m, 5m, 15m, 1h, 6h, 24h',
        );
      }
    });

    it('404 when the graph entity is not visible', async () => {
      const app = await makeApp({ telemetry });
      const response = await request(app).get(
        '/graph/entity/default/component/secret-api',
      );
      expect(response.status).toBe(404);
      expect(telemetry.getEntityGraph).not.toHaveBeenCalledWith(
        'component:default/secret-api',
        expect.anything(),
      );
    });

    it('400 when depth is out of range', async () => {
      const app = await makeApp({ telemetry });
      const response = await request(app).get(
        '/graph/entity/default/component/web-frontend?depth=9',
      );
      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain('depth');
    });

    it('200 mesh graph passes includeIdle on, parsed to a boolean', async () => {
      const app = await makeApp({ telemetry });
      telemetry.getMeshGraph.mockClear();
      telemetry.getMeshGraph.mockImplementation(async () => ({
        window: '5m',
        dataTime: '2026-01-01T00:00:00Z',
        view: 'service' as const,
        nodes: [],
        edges: [],
        truncated: false,
        sources: [],
      }));
      await request(app).get('/graph/mesh?includeIdle=1').expect(200);
      await request(app).get('/graph/mesh').expect(200);
      expect(
        telemetry.getMeshGraph.mock.calls.map(([o]) => o.includeIdle),
      ).toEqual([true, undefined]);
    });

    it('403 when the mesh graph is asked without mesh.audit.read', async () => {
      const app = await makeApp({ telemetry, denied: ['mesh.audit.read'] });
      telemetry.getMeshGraph.mockClear();
      const response = await request(app).get('/graph/mesh');
      expect(response.status).toBe(403);
      expect(telemetry.getMeshGraph).not.toHaveBeenCalled();
    });
  });
});
