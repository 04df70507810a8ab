import { mockServices } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createTelemetry } from '../index';
import {
  knownQueries,
  type FakeAnswers,
} from '../__testUtils__/fakePrometheus';
import type { TelemetryQueryName } from '../queries';
import { memoryCache } from '../__testUtils__/memoryCache';
import {
  CLUSTER_IDS,
  COMPUTE_ANSWERS,
  COMPUTE_URL,
  PLATFORM_ANSWERS,
  PLATFORM_URL,
  REFS,
  demoConfig,
  demoDirectory,
} from '../__testUtils__/demoFixture';
import { JsonStore } from '../__testUtils__/jsonStore';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const INTERVAL_MS = 15_000;
/** Two intervals plus the fixture's query timeout (2 s). */
const MAX_AGE_MS = 2 * INTERVAL_MS + 10_000;

/**
 * One Prometheus answering our query set for the 5m and the 15m window
 * (the 15m window is not collected in the background, so the on-demand
 * path can be seen working); every query is logged.
 */
function prometheus(url: string, answers: FakeAnswers, queries: string[]) {
  const names = new Map<string, TelemetryQueryName>();
  for (const window of ['5m', '15m']) {
    for (const q of knownQueries(window)) names.set(q.promql, q.name);
  }
  return http.post(`${url}/api/v1/query`, async ({ request }) => {
    const query = new URLSearchParams(await request.text()).get('query') ?? '';
    queries.push(query);
    const name = names.get(query);
    if (!name) {
      return HttpResponse.json(
        { status: 'error', errorType: 'bad_data', error: 'unexpected query' },
        { status: 400 },
      );
    }
    return HttpResponse.json({
      status: 'success',
      data: { resultType: 'vector', result: answers[name] ?? [] },
    });
  });
}

function setup(
  options: {
    computeDown?: boolean;
    store?: JsonStore;
    platformAnswers?: FakeAnswers;
  } = {},
) {
  const queries: string[] = [];
  server.use(
    prometheus(
      PLATFORM_URL,
      options.platformAnswers ?? PLATFORM_ANSWERS,
      queries,
    ),
  );
  if (options.computeDown) {
    server.use(
      http.post(`${COMPUTE_URL}/api/v1/query`, () => {
        queries.push('down');
        return new HttpResponse('upstream connect error', { status: 503 });
      }),
    );
  } else {
    server.use(prometheus(COMPUTE_URL, COMPUTE_ANSWERS, queries));
  }
  let now = new Date('2026-03-01T12:00:00.000Z').getTime();
  const store = options.store ?? new JsonStore();
  const make = () =>
    createTelemetry({
      config: demoConfig(),
      directory: demoDirectory(),
      clusterIds: () => CLUSTER_IDS,
      cache: memoryCache(),
      logger: mockServices.logger.mock(),
      now: () => new Date(now),
      background: { store, windows: ['5m'], intervalMs: INTERVAL_MS },
    });
  return {
    ...make(),
    make,
    store,
    queries,
    advance: (ms: number) => (now += ms),
  };
}

const edgeCount = (graph: { edges: unknown[] }) => graph.edges.length;

describe('background telemetry', () => {
  it('answers the entity graph, the mesh graph and inbound mTLS of a collected window without any Prometheus call', async () => {
    const { service, background, queries } = setup();
    await background!.collect();
    // One query set per source, made by the task, not by a request: the
    // graph's six, the edge detail's three, and (the first time only) the
    // 19 older rate points of the drawer's sparkline.
    expect(queries).toHaveLength(2 * (9 + 19));
    queries.length = 0;

    const entity = await service.getEntityGraph(REFS.scheduler, {});
    const mesh = await service.getMeshGraph({ window: '5m' });
    const mtls = await service.getInboundMtls(REFS.runner, {});
    expect(queries).toHaveLength(0);

    expect(edgeCount(entity)).toBeGreaterThan(0);
    expect(edgeCount(mesh)).toBeGreaterThan(edgeCount(entity));
    expect(mtls.mtlsShare).toBe(1);
    for (const answer of [entity, mesh, mtls]) {
      expect(answer.collection).toBe('background');
      expect(answer.sources.map(s => [s.name, s.ok])).toEqual([
        ['platform', true],
        ['compute', true],
      ]);
    }
  });

  it('gives the same graph as the on-demand path for the same data', async () => {
    const { service, background } = setup();
    const onDemand = await service.getMeshGraph({});
    await background!.collect();
    const collected = await service.getMeshGraph({});
    expect(onDemand.collection).toBe('on-demand');
    expect(collected.collection).toBe('background');
    expect(collected.nodes).toEqual(onDemand.nodes);
    expect(collected.edges).toEqual(onDemand.edges);
  });

  it('says how old the data is: the seconds since the collection', async () => {
    const { service, background, advance } = setup();
    await background!.collect();
    const collectedAt = new Date('2026-03-01T12:00:00.000Z').toISOString();
    expect(await service.getMeshGraph({})).toMatchObject({
      dataTime: collectedAt,
      ageSeconds: 0,
    });
    advance(12_400);
    expect(await service.getMeshGraph({})).toMatchObject({
      dataTime: collectedAt,
      ageSeconds: 12,
      collection: 'background',
    });
    expect(await service.getInboundMtls(REFS.runner, {})).toMatchObject({
      dataTime: collectedAt,
      ageSeconds: 12,
      collection: 'background',
    });
  });

  it('falls back to on-demand queries for a window it does not collect', async () => {
    const { service, background, queries } = setup();
    await background!.collect();
    queries.length = 0;
    const graph = await service.getEntityGraph(REFS.scheduler, {
      window: '15m',
    });
    expect(graph).toMatchObject({ window: '15m', collection: 'on-demand' });
    expect(queries).toHaveLength(12);
    expect(queries.every(q => q.includes('[15m]'))).toBe(true);
    expect(edgeCount(graph)).toBeGreaterThan(0);
  });

  it('falls back to on-demand queries when the last collection is older than two intervals plus the query timeout', async () => {
    const { service, background, queries, advance } = setup();
    await background!.collect();
    queries.length = 0;
    advance(MAX_AGE_MS);
    expect((await service.getMeshGraph({})).collection).toBe('background');
    expect(queries).toHaveLength(0);
    advance(1);
    const late = await service.getMeshGraph({});
    expect(late).toMatchObject({ collection: 'on-demand', ageSeconds: 0 });
    expect(queries).toHaveLength(12);
  });

  it('keeps serving the other Prometheus when one is down, with its error next to the data', async () => {
    const { service, background, queries } = setup({ computeDown: true });
    await background!.collect();
    const before = queries.length;
    const graph = await service.getMeshGraph({});
    expect(queries).toHaveLength(before);
    expect(graph.collection).toBe('background');
    expect(edgeCount(graph)).toBeGreaterThan(0);
    expect(graph.sources).toEqual([
      expect.objectContaining({ name: 'platform', ok: true }),
      expect.objectContaining({
        name: 'compute',
        ok: false,
        error: expect.stringContaining('503'),
      }),
    ]);
    // Nothing of the failed source leaks into the error (credentials live in its config).
    expect(JSON.stringify(graph.sources)).not.toContain('Authorization');
  });

  it('a replica that did not collect serves the collection after syncing, without querying', async () => {
    const store = new JsonStore();
    const collector = setup({ store });
    await collector.background!.collect();
    const collected = await collector.service.getMeshGraph({});
    collector.queries.length = 0;

    const reader = collector.make();
    // Before its sync the reader has nothing collected: it would query.
    await reader.background!.sync();
    const served = await reader.service.getMeshGraph({});
    expect(collector.queries).toHaveLength(0);
    expect(served.collection).toBe('background');
    expect(served.edges).toEqual(collected.edges);
    expect(served.dataTime).toBe(collected.dataTime);
  });

  it('sync loads each collection once and never replaces a newer one', async () => {
    const store = new JsonStore();
    const a = setup({ store });
    await a.background!.collect();
    const reader = a.make();
    const read = jest.spyOn(store, 'read');
    await reader.background!.sync();
    await reader.background!.sync();
    expect(read).toHaveBeenCalledTimes(1);

    // The reader collects itself later (it took over); an older stored
    // collection must not replace its own.
    a.advance(20_000);
    await reader.background!.collect();
    const own = reader.background!.latest('5m')!;
    store.rows.set(
      '5m',
      JSON.stringify({
        ...JSON.parse(store.rows.get('5m')!),
        collectionId: 'older',
        collectedAt: own.collectedAt - 10_000,
      }),
    );
    await reader.background!.sync();
    expect(reader.background!.latest('5m')!.collectionId).toBe(
      own.collectionId,
    );
  });
});

describe('edge detail from the background collection', () => {
  const FRONTEND = 'platform/web/Deployment/frontend';
  const PUBLIC_API = 'platform/api/Deployment/public-api';
  const COLLECTION_MS = INTERVAL_MS;

  /** The platform answers plus `edge_rate`: frontend → public-api at `rate` requests/s. */
  function withRate() {
    const state = { rate: 1 };
    const answers: FakeAnswers = {
      ...PLATFORM_ANSWERS,
      get edge_rate() {
        const pair = {
          source_cluster: 'platform-east',
          source_workload_namespace: 'web',
          source_workload: 'frontend',
          destination_cluster: 'platform-east',
          destination_workload_namespace: 'api',
          destination_workload: 'public-api',
        };
        return [
          {
            metric: { ...pair, reporter: 'destination', unit: 'requests' },
            value: [0, String(state.rate)],
          },
          // The client saw one more request per second (a failure only it saw).
          {
            metric: { ...pair, reporter: 'source', unit: 'requests' },
            value: [0, String(state.rate + 1)],
          },
        ];
      },
    };
    return { answers, state };
  }

  async function collectTimes(
    ctx: {
      background?: { collect(): Promise<void> };
      advance(ms: number): number;
    },
    times: number,
    state?: { rate: number },
  ) {
    for (let i = 0; i < times; i++) {
      if (i > 0) ctx.advance(COLLECTION_MS);
      if (state) state.rate = i + 1;
      await ctx.background!.collect();
    }
  }

  it('G8: answers the drawer from memory once the rate points reach back over the window, with codes as the destination reported them', async () => {
    const { answers, state } = withRate();
    const ctx = setup({ platformAnswers: answers });
    // 5m window, one point per 15 s collection: 20 collections cover it.
    await collectTimes(ctx, 20, state);
    ctx.advance(4_000);
    ctx.queries.length = 0;
    const detail = await ctx.service.getEdgeDetail(FRONTEND, PUBLIC_API, {});
    expect(ctx.queries).toHaveLength(0);
    expect(detail).toMatchObject({
      window: '5m',
      collection: 'background',
      ageSeconds: 4,
      requestsPerSecond: 11,
    });
    expect(detail.responses.map(r => [r.code, r.requestsPerSecond])).toEqual([
      ['200', 10],
      ['503', 1],
    ]);
    expect(detail.rate).toMatchObject({ unit: 'requests', stepSeconds: 15 });
    // Oldest first, each point the larger report (the client's, rate + 1).
    expect(detail.rate.points.map(p => p.value)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 2),
    );
    expect(detail.rate.points[19].time).toBe(detail.dataTime);
    expect(detail.sources.map(s => [s.name, s.ok])).toEqual([
      ['compute', true],
      ['platform', true],
    ]);
  });

  it('answers from memory from the first collection: the older rate points are backfilled, one query per Prometheus per point, once', async () => {
    const { answers, state } = withRate();
    const ctx = setup({ platformAnswers: answers });
    await collectTimes(ctx, 1, state);
    expect(ctx.queries).toHaveLength(2 * (9 + 19));
    ctx.queries.length = 0;
    const detail = await ctx.service.getEdgeDetail(FRONTEND, PUBLIC_API, {});
    expect(ctx.queries).toHaveLength(0);
    expect(detail.collection).toBe('background');
    expect(detail.rate.points.map(p => p.value)).toEqual(Array(20).fill(2));
    // The next collection reads its own point only.
    ctx.advance(COLLECTION_MS);
    await ctx.background!.collect();
    expect(ctx.queries).toHaveLength(2 * 9);
  });

  it('queries Prometheus when the last collection is too old to serve', async () => {
    const { answers, state } = withRate();
    const ctx = setup({ platformAnswers: answers });
    await collectTimes(ctx, 20, state);
    ctx.advance(MAX_AGE_MS + 1);
    ctx.queries.length = 0;
    const detail = await ctx.service.getEdgeDetail(FRONTEND, PUBLIC_API, {});
    expect(detail.collection).toBe('on-demand');
    expect(ctx.queries).toHaveLength(8);
  });

  it('a replica taking over the collection goes on with the rate points the last one stored, without a backfill', async () => {
    const store = new JsonStore();
    const { answers, state } = withRate();
    const first = setup({ store, platformAnswers: answers });
    await collectTimes(first, 20, state);
    const second = first.make();
    await second.background!.sync();
    first.advance(COLLECTION_MS);
    state.rate = 21;
    first.queries.length = 0;
    await second.background!.collect();
    expect(first.queries).toHaveLength(2 * 9);
    first.queries.length = 0;
    const detail = await second.service.getEdgeDetail(FRONTEND, PUBLIC_API, {});
    expect(first.queries).toHaveLength(0);
    expect(detail.collection).toBe('background');
    // The first replica's points 2..21, less the oldest, plus its own 22.
    expect(detail.rate.points.map(p => p.value)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 3),
    );
  });

  it('answers 404 for a workload that is not in the snapshot, from memory as on demand', async () => {
    const { answers, state } = withRate();
    const ctx = setup({ platformAnswers: answers });
    await collectTimes(ctx, 20, state);
    await expect(
      ctx.service.getEdgeDetail(
        FRONTEND,
        'platform/api/Deployment/nothing',
        {},
      ),
    ).rejects.toThrow('No such edge');
  });
});
