import { NotFoundError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { PrometheusClient } from '../prometheus/PrometheusClient';
import type { TelemetrySource } from '../collectSource';
import { FakeDirectory } from '../__testUtils__/fakeDirectory';
import { CLUSTER_IDS, demoEntries } from '../__testUtils__/demoFixture';
import { EdgeDetailReader } from './EdgeDetailReader';
import {
  buildEdgeQueries,
  rateSampling,
  type EdgeEndLabels,
  type EdgeQueryName,
} from './edgeQueries';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const NOW = new Date('2026-03-01T12:00:00.000Z');
const EAST_URL = 'http://prom-east.test:9090';
const WEST_URL = 'http://prom-west.test:9090';
const FRONTEND = 'platform/web/Deployment/frontend';
const API = 'platform/api/Deployment/public-api';
const SCRAPE = 15;

const FRONTEND_LABELS: EdgeEndLabels = {
  clusters: ['platform', 'platform-east'],
  namespace: 'web',
  workload: 'frontend',
};
const API_LABELS: EdgeEndLabels = {
  clusters: ['platform', 'platform-east'],
  namespace: 'api',
  workload: 'public-api',
};

type Answers = Partial<Record<EdgeQueryName, unknown[]>>;

/**
 * One Prometheus that knows the exact texts of the edge's four queries (so a
 * wrong label, escape or window fails loudly) and answers the given vectors.
 */
function prometheus(url: string, answers: Answers, window = '5m') {
  const sampling = rateSampling(300, SCRAPE);
  const byText = new Map(
    buildEdgeQueries({
      source: FRONTEND_LABELS,
      destination: API_LABELS,
      window,
      sampling,
    }).map(q => [q.promql, q.name]),
  );
  return http.post(`${url}/api/v1/query`, async ({ request }) => {
    const query = new URLSearchParams(await request.text()).get('query') ?? '';
    const name = byText.get(query);
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

const sample = (metric: Record<string, string>, value: number) => ({
  metric,
  value: [NOW.getTime() / 1000, String(value)],
});

function source(name: string, url: string): TelemetrySource {
  return {
    name,
    client: new PrometheusClient({ name, endpoint: { url } }),
    scope: () => undefined,
  };
}

function reader(sources: TelemetrySource[]) {
  return new EdgeDetailReader({
    sources,
    directory: new FakeDirectory(demoEntries()),
    clusterIds: () => CLUSTER_IDS,
    scrapeIntervalSeconds: SCRAPE,
    now: () => NOW,
  });
}

const http200 = {
  request_protocol: 'http',
  response_code: '200',
  grpc_response_status: '',
  response_flags: '-',
};

describe('EdgeDetailReader', () => {
  it('keeps failures only the client saw (503 UC, reported by the source) next to the destination report (G8)', async () => {
    server.use(
      prometheus(EAST_URL, {
        responses: [
          sample(
            {
              ...http200,
              reporter: 'destination',
              connection_security_policy: 'mutual_tls',
            },
            9,
          ),
          // The source's copy of the same requests: not counted twice.
          sample(
            {
              ...http200,
              reporter: 'source',
              connection_security_policy: 'unknown',
            },
            9,
          ),
          sample(
            {
              ...http200,
              response_code: '503',
              response_flags: 'UC',
              reporter: 'source',
              connection_security_policy: 'unknown',
            },
            1,
          ),
        ],
        latency: [
          sample({ reporter: 'destination', quantile: '0.5' }, 40),
          sample({ reporter: 'destination', quantile: '0.95' }, 90),
          sample({ reporter: 'destination', quantile: '0.99' }, 99),
          sample({ reporter: 'source', quantile: '0.5' }, 70),
        ],
        rate: [
          sample({ reporter: 'destination', point: '0', unit: 'requests' }, 8),
          sample({ reporter: 'source', point: '0', unit: 'requests' }, 9),
          sample({ reporter: 'source', point: '19', unit: 'requests' }, 10),
        ],
      }),
    );
    const detail = await reader([source('east', EAST_URL)]).read(
      FRONTEND,
      API,
      '5m',
    );
    expect(detail.requestsPerSecond).toBeCloseTo(10);
    expect(detail.responses).toEqual([
      {
        protocol: 'http',
        code: '200',
        flags: '-',
        requestsPerSecond: 9,
        reporter: 'destination',
      },
      {
        protocol: 'http',
        code: '503',
        flags: 'UC',
        requestsPerSecond: 1,
        reporter: 'source',
      },
    ]);
    expect(detail.latencyMs).toEqual({ p50: 40, p95: 90, p99: 99 });
    expect(detail.latencyFromSource).toBeUndefined();
    // O1: security as the destination reported it.
    expect(detail.mtlsShare).toBe(1);
    expect(detail.rate.unit).toBe('requests');
    expect(detail.rate.stepSeconds).toBe(15);
    expect(detail.rate.points).toHaveLength(20);
    // The larger report per point: here the client's, which counts the 503s.
    expect(detail.rate.points[0]).toEqual({
      time: '2026-03-01T11:55:15.000Z',
      value: 9,
    });
    expect(detail.rate.points[19]).toEqual({
      time: NOW.toISOString(),
      value: 10,
    });
    expect(detail.rate.points[5].value).toBeUndefined();
    expect(detail.source).toMatchObject({
      id: FRONTEND,
      entityRef: 'component:default/web-frontend',
      title: 'Web frontend',
    });
    expect(detail.sources).toEqual([
      expect.objectContaining({ name: 'east', ok: true, queries: 4 }),
    ]);
  });

  it('reads TCP bytes both ways (received = what the client sent, G12) and the mTLS share of bytes', async () => {
    server.use(
      prometheus(EAST_URL, {
        tcp: [
          sample(
            {
              reporter: 'destination',
              direction: 'received',
              response_flags: '-',
              connection_security_policy: 'none',
            },
            1000,
          ),
          sample(
            {
              reporter: 'destination',
              direction: 'sent',
              response_flags: '-',
              connection_security_policy: 'none',
            },
            300,
          ),
        ],
        rate: [
          sample({ reporter: 'destination', point: '19', unit: 'bytes' }, 900),
        ],
      }),
    );
    const detail = await reader([source('east', EAST_URL)]).read(
      FRONTEND,
      API,
      '5m',
    );
    expect(detail.requestsPerSecond).toBeUndefined();
    expect(detail.tcp).toEqual({
      bytesFromClient: 1000,
      bytesFromServer: 300,
      flags: [],
    });
    expect(detail.mtlsShare).toBe(0);
    expect(detail.rate.unit).toBe('bytes');
    expect(detail.rate.points[19].value).toBe(900);
  });

  it('takes latency from the client histogram only when the destination reported none', async () => {
    server.use(
      prometheus(EAST_URL, {
        latency: [sample({ reporter: 'source', quantile: '0.99' }, 250)],
      }),
    );
    const detail = await reader([source('east', EAST_URL)]).read(
      FRONTEND,
      API,
      '5m',
    );
    expect(detail.latencyMs).toEqual({ p99: 250 });
    expect(detail.latencyFromSource).toBe(true);
  });

  it('keeps what one source answered when the other is down, and says which failed', async () => {
    server.use(
      prometheus(EAST_URL, {
        responses: [
          sample(
            {
              ...http200,
              reporter: 'destination',
              connection_security_policy: 'none',
            },
            2,
          ),
        ],
      }),
      http.post(`${WEST_URL}/api/v1/query`, () =>
        HttpResponse.text('upstream connect error', { status: 503 }),
      ),
    );
    const detail = await reader([
      source('west', WEST_URL),
      source('east', EAST_URL),
    ]).read(FRONTEND, API, '5m');
    expect(detail.requestsPerSecond).toBe(2);
    expect(detail.sources.map(s => [s.name, s.ok])).toEqual([
      ['east', true],
      ['west', false],
    ]);
    expect(detail.sources[1].error).toMatch(/west/);
  });

  it('answers 404 for a workload the snapshot does not hold, before any query', async () => {
    await expect(
      reader([source('east', EAST_URL)]).read(
        'platform/web/Deployment/nope',
        API,
        '5m',
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a window shorter than two scrape intervals', async () => {
    await expect(
      reader([source('east', EAST_URL)]).read(FRONTEND, API, '15s'),
    ).rejects.toThrow(/two scrape intervals/);
  });
});

describe('rateSampling', () => {
  it('never samples closer than a scrape interval, each point over two scrapes', () => {
    expect(rateSampling(60, 15)).toEqual({
      stepSeconds: 15,
      points: 4,
      rangeSeconds: 30,
    });
    expect(rateSampling(86_400, 15)).toEqual({
      stepSeconds: 3600,
      points: 24,
      rangeSeconds: 3600,
    });
  });
});

describe('buildEdgeQueries', () => {
  it('escapes every label value, so an id cannot change the query', () => {
    const queries = buildEdgeQueries({
      source: { clusters: ['a.b', 'c|d'], namespace: 'x"y', workload: 'w\\' },
      destination: API_LABELS,
      window: '5m',
      sampling: rateSampling(300, 15),
    });
    expect(queries.map(q => q.name)).toEqual([
      'responses',
      'latency',
      'tcp',
      'rate',
    ]);
    expect(queries[0].promql).toContain('source_cluster=~"a\\\\.b|c\\\\|d"');
    expect(queries[0].promql).toContain('source_workload_namespace="x\\"y"');
    expect(queries[0].promql).toContain('source_workload="w\\\\"');
  });
});
