import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { PrometheusClient } from './PrometheusClient';
import { PrometheusQueryError } from './PrometheusQueryError';

const BASE = 'http://prometheus.test:9090';
const TOKEN = 'super-secret-token-123';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const time = new Date('2026-01-02T03:04:05.000Z');

function client(
  extra: Partial<
    ConstructorParameters<typeof PrometheusClient>[0]['endpoint']
  > = {},
) {
  return new PrometheusClient({
    name: 'platform',
    endpoint: { url: BASE, bearerToken: TOKEN, timeoutMs: 2000, ...extra },
  });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

describe('PrometheusClient', () => {
  it('posts a form-encoded instant query with time, auth and custom headers, and parses the vector', async () => {
    let seen: { body: URLSearchParams; headers: Headers } | undefined;
    server.use(
      http.post(`${BASE}/api/v1/query`, async ({ request }) => {
        seen = {
          body: new URLSearchParams(await request.text()),
          headers: request.headers,
        };
        return HttpResponse.json({
          status: 'success',
          data: {
            resultType: 'vector',
            result: [
              { metric: { source_workload: 'a' }, value: [1767323045, '1.5'] },
              { metric: { source_workload: 'b' }, value: [1767323045, 'NaN'] },
              { metric: { source_workload: 'c' }, value: [1767323045, '+Inf'] },
            ],
          },
        });
      }),
    );
    const result = await client({
      headers: { 'X-Scope-OrgID': 'tenant-1' },
    }).query('up', time);
    expect(seen!.body.get('query')).toBe('up');
    expect(seen!.body.get('time')).toBe('1767323045.000');
    expect(seen!.body.get('timeout')).toBe('2s');
    expect(seen!.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(seen!.headers.get('x-scope-orgid')).toBe('tenant-1');
    expect(seen!.headers.get('content-type')).toBe(
      'application/x-www-form-urlencoded',
    );
    expect(result.samples).toHaveLength(3);
    expect(result.samples[0]).toEqual({
      metric: { source_workload: 'a' },
      value: 1.5,
    });
    expect(result.samples[1].value).toBeNaN();
    expect(result.samples[2].value).toBe(Infinity);
    expect(result.warnings).toEqual([]);
  });

  it('sends basic auth when configured', async () => {
    let authorization: string | null = null;
    server.use(
      http.post(`${BASE}/api/v1/query`, ({ request }) => {
        authorization = request.headers.get('authorization');
        return HttpResponse.json({
          status: 'success',
          data: { resultType: 'vector', result: [] },
        });
      }),
    );
    await client({
      bearerToken: undefined,
      basicAuth: { username: 'u', password: 'p@ss' },
    }).query('up', time);
    expect(authorization).toBe(
      `Basic ${Buffer.from('u:p@ss').toString('base64')}`,
    );
  });

  it('turns status "error" into an error naming the source and the error type', async () => {
    server.use(
      http.post(`${BASE}/api/v1/query`, () =>
        HttpResponse.json(
          {
            status: 'error',
            errorType: 'bad_data',
            error: 'invalid parameter "query": parse error',
          },
          { status: 400 },
        ),
      ),
    );
    const error = await failure(client().query('up{', time));
    expect(error).toBeInstanceOf(PrometheusQueryError);
    expect(error.message).toBe(
      'Prometheus "platform" at http://prometheus.test:9090 answered HTTP 400 bad_data: invalid parameter "query": parse error',
    );
  });

  it('keeps warnings of partial responses (Thanos/Mimir) with the data', async () => {
    server.use(
      http.post(`${BASE}/api/v1/query`, () =>
        HttpResponse.json({
          status: 'success',
          warnings: ['partial response: store eu-1 unavailable'],
          data: {
            resultType: 'vector',
            result: [{ metric: {}, value: [1, '2'] }],
          },
        }),
      ),
    );
    const result = await client().query('up', time);
    expect(result.samples).toEqual([{ metric: {}, value: 2 }]);
    expect(result.warnings).toEqual([
      'partial response: store eu-1 unavailable',
    ]);
  });

  it('reports a 401 from an auth proxy without leaking the credentials', async () => {
    server.use(
      http.post(
        `${BASE}/api/v1/query`,
        ({ request }) =>
          new HttpResponse(
            `<html>401 Unauthorized for ${request.headers.get(
              'authorization',
            )}</html>`,
            {
              status: 401,
              headers: { 'Content-Type': 'text/html' },
            },
          ),
      ),
    );
    const error = await failure(client().query('up', time));
    expect(error.message).toBe(
      'Prometheus "platform" at http://prometheus.test:9090 answered HTTP 401 with a body that is not JSON (text/html); check the credentials configured for this source',
    );
    expect(error.message).not.toContain(TOKEN);
  });

  it('never puts secrets into error texts, even when the server echoes them', async () => {
    server.use(
      http.post(`${BASE}/api/v1/query`, () =>
        HttpResponse.json(
          {
            status: 'error',
            errorType: 'execution',
            error: `token ${TOKEN} and tenant-secret rejected`,
          },
          { status: 422 },
        ),
      ),
    );
    const error = await failure(
      client({ headers: { 'X-Api-Key': 'tenant-secret' } }).query('up', time),
    );
    expect(error.message).toContain('token *** and *** rejected');
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).not.toContain('tenant-secret');
  });

  it('times out a slow source with a clear error', async () => {
    server.use(
      http.post(`${BASE}/api/v1/query`, async () => {
        await delay(5_000);
        return HttpResponse.json({
          status: 'success',
          data: { resultType: 'vector', result: [] },
        });
      }),
    );
    const error = await failure(client({ timeoutMs: 100 }).query('up', time));
    expect(error.message).toBe(
      'Prometheus "platform" at http://prometheus.test:9090 timed out after 100 ms',
    );
  });

  it('refuses a non-JSON 200 body (e.g. a login page)', async () => {
    server.use(
      http.post(`${BASE}/api/v1/query`, () =>
        HttpResponse.text('<html>Sign in</html>', { status: 200 }),
      ),
    );
    const error = await failure(client().query('up', time));
    expect(error.message).toMatch(
      /answered HTTP 200 with a body that is not JSON \(text\/plain/,
    );
  });

  it('refuses JSON that is not a Prometheus answer, and non-vector results', async () => {
    server.use(
      http.post(`${BASE}/api/v1/query`, () =>
        HttpResponse.json({ hello: 'world' }),
      ),
    );
    expect((await failure(client().query('up', time))).message).toMatch(
      /unexpected body: the body is not a Prometheus API answer/,
    );
    server.use(
      http.post(`${BASE}/api/v1/query`, () =>
        HttpResponse.json({
          status: 'success',
          data: { resultType: 'matrix', result: [] },
        }),
      ),
    );
    expect((await failure(client().query('up', time))).message).toMatch(
      /expected a vector, got "matrix"/,
    );
  });

  it('refuses redirects, so secret headers never reach another origin (issue 13 item 5)', async () => {
    const elsewhere: string[] = [];
    server.use(
      http.post(`${BASE}/api/v1/query`, () =>
        HttpResponse.redirect('http://collector.test/steal', 307),
      ),
      http.post('http://collector.test/steal', ({ request }) => {
        elsewhere.push(request.headers.get('authorization') ?? '');
        return HttpResponse.json({ status: 'success' });
      }),
    );
    const error = await failure(
      client({ headers: { 'X-Scope-OrgID': 'secret-tenant' } }).query(
        'up',
        time,
      ),
    );
    expect(error).toBeInstanceOf(PrometheusQueryError);
    expect(error.message).toContain('redirect (HTTP 307)');
    expect(error.message).not.toContain(TOKEN);
    expect(elsewhere).toEqual([]);
  });

  it('reports a refused connection', async () => {
    server.use(http.post(`${BASE}/api/v1/query`, () => HttpResponse.error()));
    const error = await failure(client().query('up', time));
    expect(error.message).toMatch(
      /^Prometheus "platform" at http:\/\/prometheus.test:9090 could not connect/,
    );
  });
});
