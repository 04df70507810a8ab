/**
 * Property-based fuzzing of the whole REST API, on the real plugin over a
 * real socket (the fixture of `__testUtils__/securityBackend.ts`).
 *
 * Requests are generated from `schema/openapi.yaml` with fast-check: every
 * path and query parameter of every operation, valid values mixed with
 * hostile ones (Unicode, lone surrogates, control characters,
 * 10,000-character strings, huge and negative numbers, PromQL `{}"=~!` and
 * CSV `=+-@;,` metacharacters and newlines, `%2F` and `..` in path
 * segments, repeated, unknown and `qs` bracket-syntax parameters, malformed
 * percent-encoding), and sometimes without credentials. Every answer must be
 * a status documented for its route (400 when an unknown parameter is sent),
 * never a 5xx, never a hang, with a JSON error body for a 4xx. Over the whole
 * run the plugin's cache, the distinct PromQL texts each Prometheus receives
 * and the heap (after a full GC) must stay bounded.
 *
 * Generated requests: 2,000 for the property plus 600 for the memory check
 * (2,600 in all, with 100 warm-up requests before), seed 20261206. The test
 * prints the figures (`API fuzz: ...`); the README's security section
 * records them.
 *
 * fast-check usage notes:
 * - The seed is fixed, so every run sends the same requests; on a failure
 *   fast-check prints the seed, the `path` and the shrunk request.
 *   Replay one with `fc.assert(..., { seed, path })`.
 * - `MESH_FUZZ_SEED`, `MESH_FUZZ_RUNS` and `MESH_FUZZ_MEMORY_RUNS` explore
 *   further; `MESH_FUZZ_COLLECT=1` keeps going after a violation and lists one
 *   example of every kind found (no shrinking), e.g.
 *   `MESH_FUZZ_COLLECT=1 CI=true yarn test src/apiFuzz` in
 *   `plugins/mesh-backend`.
 * - `fc.asyncProperty` sends one request at a time; the memory check sends
 *   its own sample (`fc.sample`) four at a time, from 500 different users.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { parse } from 'yaml';
import { callApi, type ApiAnswer } from './__testUtils__/callApi';
import {
  startSecurityBackend,
  type SecurityBackend,
} from './__testUtils__/securityBackend';

/** Fixed seed: the same requests on every run. */
const SEED = Number(process.env.MESH_FUZZ_SEED ?? 20261206);
/** Generated requests; keeps the run well under a minute on 2 busy cores. */
const RUNS = Number(process.env.MESH_FUZZ_RUNS ?? 2_000);
/** Requests of the memory check (4 at a time), on top of {@link RUNS}. */
const MEMORY_RUNS = Number(process.env.MESH_FUZZ_MEMORY_RUNS ?? 600);
/**
 * `MESH_FUZZ_COLLECT=1`: keep going after a violation and list every kind
 * found (no shrinking), to see all problems at once instead of the first.
 */
const COLLECT = process.env.MESH_FUZZ_COLLECT === '1';
/** A request that takes longer than this is a hang. */
const REQUEST_TIMEOUT_MS = 10_000;

/** The rate windows a client may reasonably ask for (the allow-list). */
const WINDOWS = ['1m', '5m', '15m', '1h', '6h', '24h'];
/** Telemetry sources of the fixture (one Prometheus per cluster). */
const SOURCES = 2;
/**
 * Bound on the plugin's cache entries after the run: telemetry keeps one
 * entry per source and window, so 2 sources x 6 windows = 12 once windows are
 * normalised; 50 leaves room for other keys while thousands of distinct
 * windows (`5m`, `05m`, `300s`, `7m`...) would blow past it.
 */
const MAX_CACHE_ENTRIES = 50;
/**
 * Workload ids of the fixture, visible, hidden and unowned, so `GET /edge`
 * and `GET /audit/findings` are exercised past validation too (with made-up
 * ids alone, every edge request ended in a 400 or a 404 before any query).
 */
const FIXTURE_WORKLOAD_IDS = [
  'east/shop/Deployment/storefront',
  'east/shop/Deployment/toolbox',
  'east/shop/Deployment/vault-broker',
  'east/vault-secrets/Deployment/vault-keeper',
  'west/shop/Deployment/storefront',
  'west/shop/Deployment/vault-broker',
];
/** PromQL queries of one edge detail (`telemetry/edgeDetail/edgeQueries.ts`). */
const EDGE_DETAIL_QUERIES = 4;
/**
 * Six PromQL queries per rate window and three per readiness window, per
 * source: 6 x 6 + 3 x 3 = 45 once windows are normalised; plus the edge
 * details, bounded by the fixture's workload pairs and the windows (edges
 * with an unknown end are refused before any query), never by the requests.
 */
const MAX_DISTINCT_QUERIES_PER_SOURCE =
  50 + FIXTURE_WORKLOAD_IDS.length ** 2 * WINDOWS.length * EDGE_DETAIL_QUERIES;
/**
 * Heap growth allowed over the run, after a full GC. The fixture is tiny (a
 * few KiB per cached window), so this only catches something growing per
 * request; it is loose because V8 and Jest keep some garbage of their own.
 */
const MAX_HEAP_GROWTH_BYTES = 64 * 1024 * 1024;

type Schema = {
  type?: string;
  enum?: string[];
  items?: Schema;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  maxLength?: number;
};
interface Parameter {
  name: string;
  in: 'path' | 'query';
  schema: Schema;
}
interface Operation {
  route: string;
  method: string;
  parameters: Parameter[];
  statuses: number[];
  /** Content type of the 200 answer. */
  okType: string;
}

const document = parse(
  fs.readFileSync(path.join(__dirname, 'schema/openapi.yaml'), 'utf8'),
);

function resolve<T>(node: T | { $ref: string }): T {
  if (node && typeof node === 'object' && '$ref' in node) {
    return node.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<any>((at, key) => at?.[key], document);
  }
  return node as T;
}

/** Every operation of the document with its parameters and statuses. */
function operations(): Operation[] {
  return Object.entries(document.paths as Record<string, any>).flatMap(
    ([route, methods]) =>
      Object.entries(methods as Record<string, any>).map(([method, op]) => ({
        route,
        method: method.toUpperCase(),
        parameters: (op.parameters ?? []).map((p: any) => resolve(p)),
        statuses: Object.keys(op.responses).map(Number),
        okType: Object.keys(
          resolve<any>(op.responses['200'])?.content ?? {},
        )[0],
      })),
  );
}

/** Values that have broken parsers, PromQL, CSV and path handling before. */
const HOSTILE = [
  '',
  ' ',
  '..',
  '../..',
  '%2F',
  '/',
  '\\',
  '\u0000',
  '\r\n',
  'a\nb',
  '{}"=~!',
  '"}) or vector(1) #',
  'x"} or up{a="',
  '.*',
  '=~".+"',
  '=1+1',
  '+1',
  '-1',
  '@SUM(A1)',
  'x;=1+1',
  'a,b',
  '"quoted"',
  '0',
  '-0',
  '1e309',
  'NaN',
  'Infinity',
  '9007199254740993',
  '99999999999999999999',
  '1.5',
  '0x10',
  'true',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'toString',
  'unowned',
  'component:default/vault-broker',
  'group:default/team-vault',
  '💥',
  'ä̧́',
  '\u202e',
  '\ud800',
  'a'.repeat(10_000),
];

const hostile: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.bigInt().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.constantFrom(...'{}"=~!+-@;,\n\r\t%&#'), { maxLength: 12 })
      .map(chars => chars.join('')),
  },
);

/**
 * Windows the router accepted before normalisation: any number of seconds,
 * minutes or hours within 30 s to 24 h, zero-padded at will (`5m`, `05m`,
 * `300s`, `7m`...). Each used to be a cache key and a query set of its own.
 */
const windowSpelling: fc.Arbitrary<string> = fc
  .tuple(
    fc.nat({ max: 6 }),
    fc.oneof(
      fc.integer({ min: 30, max: 86_400 }).map(n => `${n}s`),
      fc.integer({ min: 1, max: 1_440 }).map(n => `${n}m`),
      fc.integer({ min: 1, max: 24 }).map(n => `${n}h`),
    ),
  )
  .map(([zeros, window]) => `${'0'.repeat(zeros)}${window}`);

/** Rate windows: the allow-list, other spellings and nonsense. */
const windowValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...WINDOWS),
  windowSpelling,
  fc
    .tuple(
      fc.nat({ max: 4 }),
      fc.nat({ max: 100_000 }),
      fc.constantFrom('s', 'm', 'h', 'd', 'w', 'ms', ''),
    )
    .map(([zeros, n, unit]) => `${'0'.repeat(zeros)}${n}${unit}`),
  fc.constantFrom('-5m', '5M', '5 m', '1.5m', '99999999999999999999h', '5m5m'),
);

/** A value that satisfies the schema (most of the time). */
function validValue(schema: Schema, name: string): fc.Arbitrary<string> {
  // Before the enum: other spellings of a window must be normalised too.
  if (name === 'window') return windowValue;
  if (schema.enum) return fc.constantFrom(...schema.enum.map(String));
  if (schema.type === 'integer') {
    return fc
      .integer({
        min: schema.minimum ?? 0,
        max: Math.min(schema.maximum ?? 1_000_000, 1_000_000),
      })
      .map(String);
  }
  if (name === 'owner') {
    return fc.constantFrom(
      'group:default/team-shop',
      'group:default/team-greedy',
      'unowned',
    );
  }
  if (name === 'source' || name === 'destination' || name === 'workload') {
    const part = fc.stringMatching(/^[a-z0-9]([a-z0-9._-]{0,12}[a-z0-9])?$/);
    return fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...FIXTURE_WORKLOAD_IDS) },
      // Well-formed ids of workloads that do not exist.
      {
        weight: 1,
        arbitrary: fc.tuple(part, part, part, part).map(p => p.join('/')),
      },
    );
  }
  if (name === 'cluster') return fc.constantFrom('east', 'west');
  if (name === 'namespace') {
    return fc.constantFrom('shop', 'vault-secrets', 'istio-system', 'default');
  }
  if (name === 'kind') return fc.constantFrom('component', 'Component');
  if (name === 'name') {
    return fc.constantFrom('storefront', 'vault-broker', 'claim-all', 'nope');
  }
  return fc.string({ minLength: 1, maxLength: schema.maxLength ?? 30 });
}

function valueOf(schema: Schema, name: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: validValue(schema, name) },
    { weight: 2, arbitrary: hostile },
  );
}

/** Percent-encodes a path segment; lone surrogates become U+FFFD, as in a URL. */
function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '\ufffd'));
  }
}

/** A path segment: encoded values, plus raw encodings a browser would not send. */
function segment(parameter: Parameter): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: valueOf(parameter.schema, parameter.name)
        // An empty segment is another route (or none), and every HTTP
        // client resolves the dot segments `.` and `..` before sending: both
        // would exercise another operation than this one.
        .filter(value => value.length > 0 && value !== '.' && value !== '..')
        .map(encodeSegment),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '%2F',
        'a%2Fb',
        '..%2F..',
        '%2E%2E%2Fetc',
        'a..b',
        '..a',
        '%00',
        '%25',
        '%',
        '%ZZ',
        '%E0%A4%A',
        '%C0%AF',
        'x;y=1',
      ),
    },
  );
}

/** One query parameter's occurrences (repeated when an array, or to be nasty). */
function queryPairs(parameter: Parameter): fc.Arbitrary<[string, string][]> {
  const isArray = parameter.schema.type === 'array';
  const item = valueOf(
    isArray ? parameter.schema.items ?? {} : parameter.schema,
    parameter.name,
  );
  const name = fc.oneof(
    { weight: 9, arbitrary: fc.constant(parameter.name) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        `${parameter.name}[]`,
        `${parameter.name}[x]`,
        `${parameter.name}[0][a]`,
        `${parameter.name}.x`,
      ),
    },
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant<[string, string][]>([]) },
    {
      weight: 5,
      arbitrary: fc.tuple(name, item).map(pair => [pair]),
    },
    {
      weight: isArray ? 3 : 1,
      arbitrary: fc.array(fc.tuple(name, item), { minLength: 2, maxLength: 4 }),
    },
  );
}

const unknownParameters = fc.array(
  fc.tuple(
    fc.oneof(
      fc.constantFrom(
        '__proto__',
        'constructor',
        'hasOwnProperty',
        '__proto__[polluted]',
        'x',
        'limit2',
        'Limit',
        '',
      ),
      fc.string({ minLength: 1, maxLength: 10 }),
    ),
    hostile,
  ),
  { maxLength: 2 },
);

/** Raw text appended to the query string, past URLSearchParams' encoding. */
const rawTail = fc.constantFrom(
  '',
  '',
  '',
  '',
  '&',
  '&&=',
  '&%',
  '&a=%ZZ',
  '&=x',
);

interface FuzzRequest {
  operation: Operation;
  url: string;
  as: 'caller' | 'admin' | 'none';
  /**
   * Whether the query holds a plainly unknown parameter (an ordinary name
   * no operation parameter has), which openapi.yaml says is refused with 400.
   * Names the query parser drops or reshapes (`__proto__`, `a[b]`, empty)
   * do not count.
   */
  unknownParameter: boolean;
}

function isPlainUnknown(operation: Operation, name: string): boolean {
  return (
    /^[A-Za-z][A-Za-z0-9_-]*$/.test(name) &&
    !(name in Object.prototype) &&
    !operation.parameters.some(p => p.name === name)
  );
}

function requestOf(operation: Operation): fc.Arbitrary<FuzzRequest> {
  const pathParameters = operation.parameters.filter(p => p.in === 'path');
  const queryParameters = operation.parameters.filter(p => p.in === 'query');
  return fc
    .record({
      segments: fc.tuple(...pathParameters.map(segment)),
      pairs: fc.tuple(...queryParameters.map(queryPairs)),
      unknown: fc.oneof(
        { weight: 4, arbitrary: fc.constant([] as [string, string][]) },
        { weight: 1, arbitrary: unknownParameters },
      ),
      tail: rawTail,
      as: fc.constantFrom<FuzzRequest['as']>(
        ...Array(18).fill('caller'),
        'admin',
        'none',
      ),
    })
    .map(({ segments, pairs, unknown, tail, as }) => {
      let route = operation.route;
      pathParameters.forEach((p, i) => {
        route = route.replace(`{${p.name}}`, segments[i] as string);
      });
      const query = new URLSearchParams([
        ...(pairs as [string, string][][]).flat(),
        ...unknown,
      ]).toString();
      const search = `${query}${tail}`.replace(/^&/, '');
      return {
        operation,
        url: search ? `${route}?${search}` : route,
        as,
        unknownParameter: unknown.some(([name]) =>
          isPlainUnknown(operation, name),
        ),
      };
    });
}

const ALL = operations();
const anyRequest = fc.oneof(...ALL.map(requestOf));

/**
 * Valid telemetry requests (readable entity or the mesh graph) that differ
 * only in the spelling of `window`: what filled the cache in issue 13.
 */
const windowRequest: fc.Arbitrary<FuzzRequest> = fc
  .tuple(
    fc.constantFrom(
      ...ALL.filter(op => op.parameters.some(p => p.name === 'window')),
    ),
    fc.oneof(windowSpelling, fc.constantFrom(...WINDOWS)),
  )
  .map(([operation, window]) => ({
    operation,
    url: `${operation.route
      .replace('{namespace}', 'default')
      .replace('{kind}', 'component')
      .replace('{name}', 'storefront')}?window=${window}`,
    as: 'caller' as const,
    unknownParameter: false,
  }));

/**
 * Node's HTTP server refuses a request line and headers over 16 KiB with 431
 * before the plugin sees it (see openapi.yaml); only URLs well past that
 * limit may get it.
 */
const TOO_LONG_URL = 12 * 1024;

/** Why an answer breaks the contract, if it does. */
function violation(
  request: FuzzRequest,
  answer: ApiAnswer,
): string | undefined {
  const { operation } = request;
  let expected = operation.statuses;
  if (operation.route !== '/health') {
    if (request.as === 'none') expected = [401];
    else if (request.unknownParameter) expected = [400];
  }
  if (answer.status >= 500) return `server error ${answer.status}`;
  if (answer.status === 431 && request.url.length > TOO_LONG_URL) {
    return undefined;
  }
  if (!expected.includes(answer.status)) {
    return `status ${answer.status} ${
      expected.length === 1 ? 'instead of' : 'not documented'
    } (${expected.join(', ')})${
      request.unknownParameter ? ' with an unknown parameter' : ''
    }`;
  }
  if (answer.status >= 400) {
    const body = answer.json as
      | { error?: { name?: unknown; message?: unknown } }
      | undefined;
    if (
      typeof body?.error?.name !== 'string' ||
      typeof body?.error?.message !== 'string'
    ) {
      return `${answer.status} without a JSON error body (${answer.contentType})`;
    }
  }
  if (answer.status === 200 && !answer.contentType.includes(operation.okType)) {
    return `200 as ${answer.contentType}, documented ${operation.okType}`;
  }
  return undefined;
}

/** A full, synchronous GC (`--expose-gc` switched on at run time). */
function collectGarbage(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

describe('API fuzz (fast-check, generated from openapi.yaml)', () => {
  let backend: SecurityBackend;
  let sent = 0;
  let heapBefore = 0;
  const gc = collectGarbage();
  const statuses = new Map<number, number>();
  /** 200 answers per route of the property's requests. */
  const answeredByRoute = new Map<string, number>();
  const violations = new Map<string, string>();

  const send = async (request: FuzzRequest, authorization?: string) => {
    sent++;
    const answer = await callApi(
      backend.baseUrl,
      request.url,
      request.as === 'caller' && authorization
        ? authorization
        : backend.headers[request.as],
      REQUEST_TIMEOUT_MS,
    );
    statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    return answer;
  };

  beforeAll(async () => {
    backend = await startSecurityBackend({ hideBy: 'catalog' });
    // Warm every route once so first-use allocations do not count as growth.
    for (const request of fc.sample(anyRequest, {
      seed: SEED + 1,
      numRuns: 100,
    })) {
      await send(request);
    }
    sent = 0;
    statuses.clear();
    gc();
    heapBefore = process.memoryUsage().heapUsed;
  }, 120_000);

  afterAll(async () => {
    await backend?.stop();
  });

  it('answers every generated request with a documented status, a JSON error for 4xx, never 5xx or a hang', async () => {
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(anyRequest, async request => {
        const answer = await send(request);
        if (answer.status === 200) {
          const route = request.operation.route;
          answeredByRoute.set(route, (answeredByRoute.get(route) ?? 0) + 1);
        }
        const problem = violation(request, answer);
        if (!problem) return;
        const report = `${problem}: ${request.as} GET ${request.url.slice(
          0,
          300,
        )} -> ${answer.text.slice(0, 300)}`;
        if (!COLLECT) throw new Error(report);
        const kind = `${problem.slice(0, 60)} on ${request.operation.route}`;
        if (!violations.has(kind)) violations.set(kind, report);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The README's security section records this line's figures.
    // eslint-disable-next-line no-console
    console.log(
      `API fuzz: ${sent} generated requests (seed ${SEED}) in ${
        Date.now() - started
      } ms; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(sent).toBeGreaterThanOrEqual(RUNS);
    expect([...violations.values()]).toEqual([]);
    // Valid workload ids reach past validation: some edge details and
    // single-workload finding lists were really read.
    expect(answeredByRoute.get('/edge') ?? 0).toBeGreaterThan(0);
    expect(answeredByRoute.get('/audit/findings') ?? 0).toBeGreaterThan(0);
  }, 300_000);

  it('keeps caches and the heap bounded over thousands of requests', async () => {
    // Its own requests, four at a time (concurrent callers share caches),
    // so the bound is checked even when the property stopped early.
    // Half of them vary only the window's spelling; each comes from one of
    // 500 users (every user has a visibility entry of their own).
    const requests = fc.sample(
      fc.tuple(
        fc.oneof(anyRequest, windowRequest),
        fc.integer({ min: 1, max: 500 }),
      ),
      { seed: SEED + 2, numRuns: MEMORY_RUNS },
    );
    const workers = Array.from({ length: 4 }, async (_, worker) => {
      for (let i = worker; i < requests.length; i += 4) {
        const [request, user] = requests[i];
        await send(
          request,
          mockCredentials.user.header(`user:default/u${user}`),
        );
      }
    });
    await Promise.all(workers);
    gc();
    const growth = process.memoryUsage().heapUsed - heapBefore;
    const distinctQueries = backend.prometheus.map(p => p.queries.size);
    // eslint-disable-next-line no-console
    console.log(
      `API fuzz memory: after ${sent} requests in all, ` +
        `${backend.cache.entries.size} cache entries, ` +
        `distinct PromQL per source ${distinctQueries.join('/')}, ` +
        `heap growth ${(growth / 1024 / 1024).toFixed(1)} MiB after GC`,
    );
    // Each figure is 'ok' when within its bound, else the figure itself.
    const within = (value: number, bound: number) =>
      value <= bound ? 'ok' : value;
    expect({
      cacheEntries: within(backend.cache.entries.size, MAX_CACHE_ENTRIES),
      distinctQueries: distinctQueries.map(n =>
        within(n, MAX_DISTINCT_QUERIES_PER_SOURCE),
      ),
      heapGrowthBytes: within(growth, MAX_HEAP_GROWTH_BYTES),
    }).toEqual({
      cacheEntries: 'ok',
      distinctQueries: Array(SOURCES).fill('ok'),
      heapGrowthBytes: 'ok',
    });
  }, 300_000);
});
