import { mockServices } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { GraphEdge, GraphResponse } from '@mesh-portal/plugin-mesh-common';
import { createTelemetryService } from './index';
import type { TelemetryConfig } from '../config/telemetryConfig';
import type { WorkloadDirectory } from './types';
import { FakeDirectory, deployment } from './__testUtils__/fakeDirectory';
import { fakePrometheus } from './__testUtils__/fakePrometheus';
import { memoryCache } from './__testUtils__/memoryCache';
import {
  CLUSTER_IDS,
  COMPUTE_ANSWERS,
  COMPUTE_URL,
  PLATFORM_ANSWERS,
  PLATFORM_URL,
  REFS,
  demoConfig,
  demoDirectory,
  demoEntries,
} from './__testUtils__/demoFixture';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const NOW = new Date('2026-03-01T12:00:00.000Z');
const W = (cluster: string, ns: string, name: string) =>
  `${cluster}/${ns}/Deployment/${name}`;

function setup(
  options: {
    config?: TelemetryConfig;
    computeDown?: boolean;
    directory?: WorkloadDirectory;
  } = {},
) {
  const log: string[] = [];
  server.use(
    fakePrometheus({ url: PLATFORM_URL, answers: PLATFORM_ANSWERS, log }),
  );
  if (options.computeDown) {
    server.use(
      http.post(`${COMPUTE_URL}/api/v1/query`, () => {
        log.push('down');
        return new HttpResponse('upstream connect error', { status: 503 });
      }),
    );
  } else {
    server.use(
      fakePrometheus({ url: COMPUTE_URL, answers: COMPUTE_ANSWERS, log }),
    );
  }
  const service = createTelemetryService({
    config: options.config ?? demoConfig(),
    directory: options.directory ?? demoDirectory(),
    clusterIds: () => CLUSTER_IDS,
    cache: memoryCache(),
    logger: mockServices.logger.mock(),
    now: () => NOW,
  });
  return { service, log };
}

function edge(
  graph: GraphResponse,
  source: string,
  target: string,
  protocol?: string,
): GraphEdge {
  const found = graph.edges.filter(
    e =>
      e.source === source &&
      e.target === target &&
      (!protocol || e.protocol === protocol),
  );
  expect(found).toHaveLength(1);
  return found[0];
}

describe('TelemetryService', () => {
  it('merges two Prometheus servers into one graph; the cross-cluster edge counts once (G8)', async () => {
    const { service } = setup();
    const graph = await service.getMeshGraph({});
    const e = edge(
      graph,
      W('platform', 'pipelines', 'scheduler'),
      W('compute', 'spark', 'job-runner'),
    );
    expect(e).toEqual({
      source: W('platform', 'pipelines', 'scheduler'),
      target: W('compute', 'spark', 'job-runner'),
      protocol: 'grpc',
      requestsPerSecond: 7,
      // No failed request: the split by kind is not sent.
      errorRatio: 0,
      mtlsShare: 1,
      crossCluster: true,
    });
    const runner = graph.nodes.find(
      n => n.id === W('compute', 'spark', 'job-runner'),
    );
    expect(runner).toMatchObject({
      cluster: 'compute',
      namespace: 'spark',
      entityRef: REFS.runner,
    });
    expect(graph.window).toBe('5m');
    expect(graph.dataTime).toBe(NOW.toISOString());
    expect(graph.sources).toEqual([
      expect.objectContaining({ name: 'platform', ok: true, queries: 6 }),
      expect.objectContaining({ name: 'compute', ok: true, queries: 6 }),
    ]);
  });

  it('G8/G6: a source report with a missing destination cluster is dropped where the destination reported', async () => {
    const { service } = setup();
    const graph = await service.getMeshGraph({});
    const e = edge(
      graph,
      W('platform', 'api', 'public-api'),
      W('platform', 'metrics', 'metrics'),
    );
    expect(e.requestsPerSecond).toBe(3);
    expect(e.mtlsShare).toBe(1);
  });

  it('computes error ratios: HTTP 5xx and gRPC non-OK', async () => {
    const { service } = setup();
    const graph = await service.getMeshGraph({});
    expect(
      edge(
        graph,
        W('platform', 'web', 'frontend'),
        W('platform', 'api', 'public-api'),
      ).errorRatio,
    ).toBeCloseTo(1 / 11, 6);
    const grpc = edge(
      graph,
      W('platform', 'api', 'public-api'),
      W('platform', 'pipelines', 'scheduler'),
    );
    expect(grpc.protocol).toBe('grpc');
    expect(grpc.requestsPerSecond).toBe(5);
    expect(grpc.errorRatio).toBeCloseTo(0.2, 6);
  });

  it('O1: mTLS share comes from the destination; plaintext shows as 0', async () => {
    const { service } = setup();
    const graph = await service.getMeshGraph({});
    expect(
      edge(
        graph,
        W('platform', 'web', 'frontend'),
        W('platform', 'api', 'public-api-canary'),
      ).mtlsShare,
    ).toBe(0);
    expect(
      edge(
        graph,
        W('platform', 'web', 'frontend'),
        W('platform', 'api', 'public-api'),
      ).latencyMs,
    ).toEqual({ p50: 10, p95: 50, p99: 90 });
  });

  it('G4: unknown sources become the unknown node of their cluster, unserviced destinations external nodes', async () => {
    const { service } = setup();
    const graph = await service.getMeshGraph({});
    expect(
      edge(graph, 'unknown:platform', W('platform', 'web', 'frontend'))
        .requestsPerSecond,
    ).toBe(6);
    const external = edge(
      graph,
      W('platform', 'api', 'public-api'),
      'external:httpbin.org',
    );
    expect(external.requestsPerSecond).toBe(0.5);
    expect(external.mtlsShare).toBeUndefined();
    expect(graph.nodes.find(n => n.id === 'external:httpbin.org')).toEqual({
      id: 'external:httpbin.org',
      type: 'external',
      name: 'httpbin.org',
    });
  });

  it('O1: source-only traffic into a workload outside the mesh counts as plaintext', async () => {
    const { service } = setup();
    const graph = await service.getMeshGraph({});
    const e = edge(
      graph,
      W('compute', 'spark', 'job-runner'),
      W('compute', 'legacy', 'legacy'),
    );
    expect(e.requestsPerSecond).toBe(2);
    expect(e.mtlsShare).toBe(0);
  });

  it('G12/O2: TCP edges carry client-sent bytes/s; ztunnel reports count once and as mTLS', async () => {
    const { service } = setup();
    const graph = await service.getMeshGraph({});
    expect(
      edge(
        graph,
        W('compute', 'spark', 'driver'),
        W('compute', 'spark', 'shuffle'),
      ),
    ).toEqual({
      source: W('compute', 'spark', 'driver'),
      target: W('compute', 'spark', 'shuffle'),
      protocol: 'tcp',
      bytesPerSecond: 1000,
      mtlsShare: 1,
      crossCluster: false,
    });
    const ambient = edge(
      graph,
      W('compute', 'spark', 'job-runner'),
      W('compute', 'spark', 'shuffle'),
    );
    expect(ambient.bytesPerSecond).toBe(500);
    expect(ambient.mtlsShare).toBe(1);
  });

  it('service view: workloads of one entity in one cluster collapse; rates sum and ratios re-weight', async () => {
    const { service } = setup();
    const graph = await service.getMeshGraph({ view: 'service' });
    // The mesh graph keeps each cluster's part of an entity apart.
    const e = edge(
      graph,
      `entity:${REFS.web}@platform`,
      `entity:${REFS.api}@platform`,
    );
    expect(e.requestsPerSecond).toBe(13);
    expect(e.errorRatio).toBeCloseTo(1 / 13, 6);
    expect(e.mtlsShare).toBeCloseTo(11 / 13, 6);
    expect(e.latencyMs!.p50).toBeCloseTo((10 * 11 + 20 * 2) / 13, 4);
    const api = graph.nodes.find(n => n.id === `entity:${REFS.api}@platform`);
    expect(api).toMatchObject({
      type: 'entity',
      name: 'Public API',
      cluster: 'platform',
      clusters: ['platform'],
      owner: 'group:default/platform',
    });
    // Unowned workloads stay workload nodes.
    expect(
      graph.nodes.some(n => n.id === W('compute', 'legacy', 'legacy')),
    ).toBe(true);
  });

  it.each([
    [
      1,
      [
        'unknown:platform',
        W('platform', 'api', 'public-api'),
        W('platform', 'api', 'public-api-canary'),
        W('platform', 'web', 'frontend'),
      ],
    ],
    [
      2,
      [
        'external:httpbin.org',
        'unknown:platform',
        W('platform', 'api', 'public-api'),
        W('platform', 'api', 'public-api-canary'),
        W('platform', 'auth', 'auth'),
        W('platform', 'metrics', 'metrics'),
        W('platform', 'pipelines', 'scheduler'),
        W('platform', 'web', 'frontend'),
      ],
    ],
    [
      3,
      [
        'external:httpbin.org',
        'unknown:platform',
        W('compute', 'spark', 'job-runner'),
        W('platform', 'api', 'public-api'),
        W('platform', 'api', 'public-api-canary'),
        W('platform', 'auth', 'auth'),
        W('platform', 'metrics', 'metrics'),
        W('platform', 'pipelines', 'scheduler'),
        W('platform', 'web', 'frontend'),
      ],
    ],
  ])('entity neighbourhood at depth %i', async (depth, expected) => {
    const { service } = setup();
    const graph = await service.getEntityGraph(REFS.web, { depth });
    expect(graph.nodes.map(n => n.id)).toEqual([...expected].sort());
    for (const e of graph.edges) {
      expect(expected).toContain(e.source);
      expect(expected).toContain(e.target);
    }
  });

  it('neighbourhood walks inbound too, in the service view', async () => {
    const { service } = setup();
    const graph = await service.getEntityGraph(REFS.scheduler, {
      view: 'service',
    });
    expect(graph.nodes.map(n => n.id)).toEqual(
      [
        `entity:${REFS.api}`,
        `entity:${REFS.runner}`,
        `entity:${REFS.scheduler}`,
      ].sort(),
    );
  });

  it('rejects a depth outside 1-3 and a bad window', async () => {
    const { service } = setup();
    await expect(
      service.getEntityGraph(REFS.web, { depth: 4 }),
    ).rejects.toThrow('depth must be an integer from 1 to 3');
    await expect(service.getMeshGraph({ window: '10s' })).rejects.toThrow(
      /shorter than two scrape intervals/,
    );
    await expect(service.getMeshGraph({ window: '5m"}' })).rejects.toThrow(
      /window must be/,
    );
  });

  it('declared vs observed: dependsOn and consumed APIs count as declared', async () => {
    const { service } = setup();
    const graph = await service.getEntityGraph(REFS.api, {});
    expect(graph.dependencies).toEqual({
      confirmed: [
        { source: REFS.api, target: REFS.auth },
        { source: REFS.api, target: REFS.metrics },
        { source: REFS.web, target: REFS.api },
      ],
      undeclared: [{ source: REFS.api, target: REFS.scheduler }],
      unobserved: [
        {
          source: REFS.api,
          target: 'resource:default/api-db',
          relation: 'dependsOn',
        },
      ],
    });
  });

  it('mesh view: filters keep matching nodes and their direct peers', async () => {
    const { service } = setup();
    const graph = await service.getMeshGraph({
      owner: ['group:default/data'],
      cluster: ['compute'],
    });
    expect(graph.nodes.map(n => n.id)).toEqual([
      W('compute', 'legacy', 'legacy'),
      W('compute', 'spark', 'driver'),
      W('compute', 'spark', 'job-runner'),
      W('compute', 'spark', 'shuffle'),
      W('platform', 'pipelines', 'scheduler'),
    ]);
  });

  it('mesh view: visibleEntities hides other entities and unowned workloads', async () => {
    const { service } = setup();
    const graph = await service.getMeshGraph({
      visibleEntities: new Set([REFS.web, REFS.api]),
    });
    expect(graph.nodes.map(n => n.id)).toEqual(
      [
        'external:httpbin.org',
        'unknown:platform',
        W('platform', 'api', 'public-api'),
        W('platform', 'api', 'public-api-canary'),
        W('platform', 'web', 'frontend'),
      ].sort(),
    );
  });

  it('mesh view: the node limit truncates and says so', async () => {
    const { service } = setup();
    const all = await service.getMeshGraph({});
    expect(all.truncated).toBe(false);
    expect(all.totalNodes).toBe(all.nodes.length);
    const cut = await service.getMeshGraph({ limit: 3 });
    expect(cut.truncated).toBe(true);
    expect(cut.totalNodes).toBe(all.nodes.length);
    expect(cut.nodes).toHaveLength(3);
    const kept = new Set(cut.nodes.map(n => n.id));
    for (const e of cut.edges) {
      expect(kept.has(e.source) && kept.has(e.target)).toBe(true);
    }
    await expect(service.getMeshGraph({ limit: 0 })).rejects.toThrow(
      /limit must be/,
    );
  });

  it('one source down: the other source still answers, with the error stated', async () => {
    const { service } = setup({ computeDown: true });
    const graph = await service.getMeshGraph({});
    const compute = graph.sources.find(s => s.name === 'compute')!;
    expect(compute.ok).toBe(false);
    expect(compute.error).toMatch(
      /^Prometheus "compute" at http:\/\/prom-compute.test:9090 answered HTTP 503 with a body that is not JSON/,
    );
    // The cross-cluster edge is still known from its source report, without mTLS facts.
    const e = edge(
      graph,
      W('platform', 'pipelines', 'scheduler'),
      W('compute', 'spark', 'job-runner'),
    );
    expect(e.requestsPerSecond).toBe(7);
    expect(e.mtlsShare).toBeUndefined();
    expect(graph.edges.some(x => x.protocol === 'tcp')).toBe(false);
  });

  it('passes partial-response warnings on with the data', async () => {
    server.use(
      fakePrometheus({ url: PLATFORM_URL, answers: PLATFORM_ANSWERS }),
    );
    server.use(
      fakePrometheus({
        url: COMPUTE_URL,
        answers: COMPUTE_ANSWERS,
        warnings: ['partial response: store compute-b unavailable'],
      }),
    );
    const service = createTelemetryService({
      config: demoConfig(),
      directory: demoDirectory(),
      clusterIds: () => CLUSTER_IDS,
      cache: memoryCache(),
      logger: mockServices.logger.mock(),
      now: () => NOW,
    });
    const graph = await service.getMeshGraph({});
    expect(graph.sources[1]).toEqual({
      name: 'compute',
      ok: true,
      queries: 6,
      durationMs: expect.any(Number),
      warnings: ['partial response: store compute-b unavailable'],
    });
    expect(graph.edges.some(e => e.protocol === 'tcp')).toBe(true);
  });

  it('caches raw results: many requests cause one query set per source', async () => {
    const { service, log } = setup();
    await Promise.all([
      service.getMeshGraph({}),
      service.getMeshGraph({ view: 'service' }),
      service.getEntityGraph(REFS.web, {}),
    ]);
    await service.getInboundMtls(REFS.api, {});
    expect(log).toHaveLength(12);
    await service.getMeshGraph({ window: '10m' });
    expect(log).toHaveLength(24);
  });

  it('inbound mTLS of an entity lists its plaintext sources', async () => {
    const { service } = setup();
    const mtls = await service.getInboundMtls(REFS.api, {});
    expect(mtls.mtlsShare).toBeCloseTo(11 / 13, 6);
    expect(mtls.plaintextSources).toEqual([
      {
        source: expect.objectContaining({
          id: W('platform', 'web', 'frontend'),
          entityRef: REFS.web,
        }),
        requestsPerSecond: 2,
      },
    ]);
    expect(mtls.sources.map(s => s.ok)).toEqual([true, true]);
  });

  it('observed mTLS per workload for the audit: rates by unit, with the source statuses', async () => {
    const { service } = setup();
    const { byWorkload, sources } = await service.getObservedMtlsByWorkload();
    expect(byWorkload.get(W('platform', 'api', 'public-api'))).toEqual({
      requests: { known: 11, mtls: 11 },
    });
    expect(byWorkload.get(W('platform', 'api', 'public-api-canary'))).toEqual({
      requests: { known: 2, mtls: 0 },
    });
    expect(byWorkload.get(W('platform', 'web', 'frontend'))).toEqual({
      requests: { known: 6, mtls: 0 },
    });
    expect(
      byWorkload.get(W('compute', 'spark', 'shuffle'))?.bytes?.mtls,
    ).toBeGreaterThan(0);
    expect(byWorkload.get(W('compute', 'spark', 'shuffle'))?.requests).toBe(
      undefined,
    );
    expect(byWorkload.get(W('compute', 'legacy', 'legacy'))).toEqual({
      requests: { known: 2, mtls: 0 },
    });
    expect(sources.map(s => [s.name, s.ok])).toEqual([
      ['platform', true],
      ['compute', true],
    ]);
  });

  it('entity graph: does not name unreadable entities in declared-vs-observed', async () => {
    const { service } = setup();
    const graph = await service.getEntityGraph(REFS.api, {
      visibleEntities: new Set([REFS.api]),
    });
    const text = JSON.stringify(graph);
    // Observed neighbours the caller may not read: web (a client),
    // scheduler (undeclared target), auth (provider of a consumed API).
    for (const hidden of [REFS.web, REFS.scheduler, REFS.auth]) {
      expect(text).not.toContain(hidden);
    }
    expect(graph.dependencies).toEqual({
      confirmed: [],
      undeclared: [],
      // The caller reads api's own declarations, so those stay, unresolved.
      unobserved: [
        {
          source: REFS.api,
          target: 'api:default/auth-api',
          relation: 'consumesApi',
        },
        { source: REFS.api, target: REFS.metrics, relation: 'dependsOn' },
        {
          source: REFS.api,
          target: 'resource:default/api-db',
          relation: 'dependsOn',
        },
      ],
    });
  });

  it('entity graph (issue 14): one frozen view per entity and visibility, never shared across visibilities', async () => {
    // A directory that says its version, so the graph is kept between
    // requests (as the real one does).
    class VersionedDirectory extends FakeDirectory {
      version() {
        return 'v1';
      }
    }
    const { service } = setup({
      directory: new VersionedDirectory(demoEntries()),
    });
    const narrow = new Set([REFS.api]);
    const wide = new Set([REFS.api, REFS.web, REFS.scheduler, REFS.auth]);
    const first = await service.getEntityGraph(REFS.api, {
      visibleEntities: narrow,
    });
    const again = await service.getEntityGraph(REFS.api, {
      visibleEntities: narrow,
    });
    // The same caller's next request reuses the view and its JSON text.
    expect(again.nodes).toBe(first.nodes);
    expect(again.edges).toBe(first.edges);
    expect(again.dependencies).toBe(first.dependencies);
    expect(Object.isFrozen(again.nodes)).toBe(true);
    expect(Object.isFrozen(again.dependencies)).toBe(true);
    // A caller who may see more gets their own view, and the narrow caller
    // still does not see it afterwards.
    const wider = await service.getEntityGraph(REFS.api, {
      visibleEntities: wide,
    });
    expect(wider.nodes).not.toBe(first.nodes);
    expect(JSON.stringify(wider)).toContain(REFS.web);
    const narrowAfter = await service.getEntityGraph(REFS.api, {
      visibleEntities: new Set([REFS.api]),
    });
    expect(narrowAfter.nodes).toBe(first.nodes);
    expect(JSON.stringify(narrowAfter)).not.toContain(REFS.web);
    // Depth and view shape their own views.
    const deeper = await service.getEntityGraph(REFS.api, {
      visibleEntities: wide,
      depth: 2,
    });
    expect(deeper.nodes).not.toBe(wider.nodes);
  });

  it('mesh graph: does not name unreadable entities in declared-vs-observed', async () => {
    const { service } = setup();
    const graph = await service.getMeshGraph({
      visibleEntities: new Set([REFS.api]),
      includeUnowned: true,
    });
    const text = JSON.stringify(graph);
    for (const hidden of [
      REFS.web,
      REFS.scheduler,
      REFS.runner,
      REFS.auth,
      REFS.driver,
      REFS.shuffle,
    ]) {
      expect(text).not.toContain(hidden);
    }
    expect(graph.dependencies?.unobserved.map(d => d.source)).toEqual([
      REFS.api,
      REFS.api,
      REFS.api,
    ]);
  });

  it('inbound mTLS: unreadable plaintext sources count in the share but only as one anonymous entry', async () => {
    const { service } = setup();
    const mtls = await service.getInboundMtls(REFS.api, {
      visibleEntities: new Set([REFS.api]),
    });
    expect(mtls.mtlsShare).toBeCloseTo(11 / 13, 6);
    expect(mtls.plaintextSources).toEqual([
      {
        source: { id: 'hidden', type: 'unknown', name: 'hidden workload' },
        hidden: true,
        requestsPerSecond: 2,
      },
    ]);
    expect(JSON.stringify(mtls)).not.toContain('frontend');
    const named = await service.getInboundMtls(REFS.api, {
      visibleEntities: new Set([REFS.api, REFS.web]),
    });
    expect(named.plaintextSources[0].source.entityRef).toBe(REFS.web);
  });

  it('builds the workload graph once per collection and directory version', async () => {
    class CountingDirectory extends FakeDirectory {
      lookups = 0;
      current = 'v1';
      findWorkload(cluster: string, namespace: string, workload: string) {
        this.lookups++;
        return super.findWorkload(cluster, namespace, workload);
      }
      version() {
        return this.current;
      }
    }
    const directory = new CountingDirectory(demoEntries());
    const { service } = setup({ directory });
    await service.getObservedMtlsByWorkload();
    const afterFirst = directory.lookups;
    expect(afterFirst).toBeGreaterThan(0);
    await service.getObservedMtlsByWorkload();
    await service.getMeshGraph({});
    expect(directory.lookups).toBe(afterFirst);
    directory.current = 'v2';
    await service.getMeshGraph({});
    expect(directory.lookups).toBe(2 * afterFirst);
  });

  it('renders configured link-outs on workload nodes, URL-encoded', async () => {
    const { service } = setup({
      config: demoConfig({
        links: [
          {
            title: 'Grafana',
            kind: 'grafana',
            url: 'https://grafana.test/d/istio?var-ns={{namespace}}&var-wl={{workload}}&c={{istioClusterId}}',
          },
        ],
      }),
    });
    const graph = await service.getEntityGraph(REFS.web, {});
    const node = graph.nodes.find(
      n => n.id === W('platform', 'web', 'frontend'),
    )!;
    expect(node.links).toEqual([
      {
        title: 'Grafana',
        kind: 'grafana',
        url: 'https://grafana.test/d/istio?var-ns=web&var-wl=frontend&c=platform-east',
      },
    ]);
    expect(
      graph.nodes.find(n => n.id === 'unknown:platform')!.links,
    ).toBeUndefined();
  });

  it('a shared store serves the clusters without their own Prometheus, excluding the others', async () => {
    const SHARED = 'http://thanos.test:10902';
    const log: string[] = [];
    server.use(
      fakePrometheus({ url: PLATFORM_URL, answers: PLATFORM_ANSWERS }),
    );
    server.use(
      fakePrometheus({
        url: SHARED,
        scope: {
          clusterLabel: 'cluster',
          exclude: ['platform', 'platform-east'],
          groupByClusterLabel: true,
        },
        answers: {
          // The compute cluster's series, labelled by the store with the reporting cluster.
          requests_destination: COMPUTE_ANSWERS.requests_destination!.map(
            s => ({
              ...(s as any),
              metric: { ...(s as any).metric, cluster: 'compute-west' },
            }),
          ),
        },
        log,
      }),
    );
    const service = createTelemetryService({
      config: demoConfig({
        sources: {
          clusters: [{ name: 'platform', url: PLATFORM_URL }],
          shared: { name: 'thanos', url: SHARED, clusterLabel: 'cluster' },
        },
      }),
      directory: demoDirectory(),
      clusterIds: () => CLUSTER_IDS,
      cache: memoryCache(),
      logger: mockServices.logger.mock(),
      now: () => NOW,
    });
    const graph = await service.getMeshGraph({});
    expect(log).toHaveLength(6);
    expect(log[0]).toContain('cluster!~"platform|platform-east"');
    expect(graph.sources.map(s => [s.name, s.ok])).toEqual([
      ['platform', true],
      ['thanos', true],
    ]);
    const e = edge(
      graph,
      W('platform', 'pipelines', 'scheduler'),
      W('compute', 'spark', 'job-runner'),
    );
    expect(e).toMatchObject({
      requestsPerSecond: 7,
      mtlsShare: 1,
      crossCluster: true,
    });
  });
});

describe('TelemetryService: unresolved workloads (issue 13 item 5)', () => {
  // The directory does not know compute/legacy/legacy (its cluster was not
  // read yet, its Istio cluster id is unmapped, or its namespace excluded):
  // no one can say whether a restricted entity claims it.
  const withoutLegacy = () =>
    new FakeDirectory(demoEntries().filter(e => e.name !== 'legacy'));

  it('are anonymised for callers with visibility limits, even when unowned workloads are shown', async () => {
    const { service } = setup({ directory: withoutLegacy() });
    const graph = await service.getMeshGraph({
      visibleEntities: new Set([REFS.runner, REFS.scheduler]),
      includeUnowned: true,
    });
    expect(JSON.stringify(graph)).not.toContain('legacy');
    expect(graph.nodes.find(n => n.id === 'unresolved')).toEqual({
      id: 'unresolved',
      type: 'unknown',
      name: 'unresolved workload',
    });
    expect(
      edge(graph, W('compute', 'spark', 'job-runner'), 'unresolved')
        .requestsPerSecond,
    ).toBe(2);
  });

  it('are left out entirely when unowned workloads are not shown', async () => {
    const { service } = setup({ directory: withoutLegacy() });
    const graph = await service.getMeshGraph({
      visibleEntities: new Set([REFS.runner]),
    });
    expect(JSON.stringify(graph)).not.toContain('legacy');
    expect(graph.nodes.some(n => n.id === 'unresolved')).toBe(false);
  });

  it("are not named in an entity's neighbourhood either", async () => {
    const { service } = setup({ directory: withoutLegacy() });
    const graph = await service.getEntityGraph(REFS.runner, {
      visibleEntities: new Set([REFS.runner]),
    });
    expect(JSON.stringify(graph)).not.toContain('legacy');
  });

  it('a workload the directory knows to be unowned keeps its name', async () => {
    const { service } = setup();
    const graph = await service.getMeshGraph({
      visibleEntities: new Set([REFS.runner]),
      includeUnowned: true,
    });
    expect(
      graph.nodes.some(n => n.id === W('compute', 'legacy', 'legacy')),
    ).toBe(true);
    expect(graph.nodes.some(n => n.id === 'unresolved')).toBe(false);
  });
});

describe('TelemetryService: idle workloads on request (issue 18)', () => {
  const PARTNERS = 'component:default/partner-webhooks';
  // Known to the mesh, no traffic in the window: partner-webhooks (owned,
  // with a second idle workload), an unowned batch job, istiod, and a second
  // workload of public-api that sends nothing either.
  const withIdle = () =>
    new FakeDirectory([
      ...demoEntries(),
      deployment(
        'platform',
        'partners',
        'partner-webhooks',
        { ref: PARTNERS, owner: 'group:default/partners' },
        { membership: 'sidecar', nativeSidecar: true },
      ),
      deployment(
        'compute',
        'partners',
        'partner-webhooks',
        { ref: PARTNERS, owner: 'group:default/partners' },
        { membership: 'sidecar', nativeSidecar: true },
      ),
      deployment('platform', 'batch', 'nightly-report', undefined, {
        membership: 'none',
      }),
      deployment('platform', 'istio-system', 'istiod', undefined, {
        membership: 'none',
        infrastructure: true,
      }),
      deployment('platform', 'api', 'public-api-shadow', {
        ref: REFS.api,
        owner: 'group:default/platform',
      }),
    ]);
  const PW = W('platform', 'partners', 'partner-webhooks');
  const NIGHTLY = W('platform', 'batch', 'nightly-report');

  it('are left out unless asked for', async () => {
    const { service } = setup({ directory: withIdle() });
    const graph = await service.getMeshGraph({});
    expect(graph.nodes.some(n => n.id === PW)).toBe(false);
    expect(graph.nodes.some(n => n.idle)).toBe(false);
  });

  it('are added as nodes without edges, marked idle; Istio itself is not', async () => {
    const { service } = setup({ directory: withIdle() });
    const plain = await service.getMeshGraph({});
    const graph = await service.getMeshGraph({ includeIdle: true });
    expect(graph.nodes.find(n => n.id === PW)).toEqual({
      id: PW,
      type: 'workload',
      cluster: 'platform',
      namespace: 'partners',
      name: 'partner-webhooks',
      membership: 'sidecar',
      nativeSidecar: true,
      entityRef: PARTNERS,
      owner: 'group:default/partners',
      idle: true,
    });
    expect(graph.nodes.filter(n => n.idle).map(n => n.id)).toEqual(
      [
        PW,
        W('compute', 'partners', 'partner-webhooks'),
        NIGHTLY,
        W('platform', 'api', 'public-api-shadow'),
      ].sort(),
    );
    expect(graph.nodes.some(n => n.name === 'istiod')).toBe(false);
    // Nodes with traffic are untouched and no edge is added.
    expect(graph.edges).toEqual(plain.edges);
    expect(graph.nodes.filter(n => !n.idle)).toEqual(plain.nodes);
  });

  it('respect visibility: entities the caller may not read and unowned workloads stay hidden', async () => {
    const { service } = setup({ directory: withIdle() });
    const graph = await service.getMeshGraph({
      includeIdle: true,
      visibleEntities: new Set([REFS.web, REFS.api]),
    });
    const ids = graph.nodes.map(n => n.id);
    expect(ids).not.toContain(PW);
    expect(ids).not.toContain(NIGHTLY);
    expect(ids).toContain(W('platform', 'api', 'public-api-shadow'));
    expect(JSON.stringify(graph)).not.toContain('partner');

    const withUnowned = await service.getMeshGraph({
      includeIdle: true,
      visibleEntities: new Set([PARTNERS]),
      includeUnowned: true,
    });
    expect(withUnowned.nodes.map(n => n.id)).toEqual(
      expect.arrayContaining([PW, NIGHTLY]),
    );
  });

  it('follow the cluster and owner filters', async () => {
    const { service } = setup({ directory: withIdle() });
    const graph = await service.getMeshGraph({
      includeIdle: true,
      cluster: ['compute'],
    });
    const idle = graph.nodes.filter(n => n.idle).map(n => n.id);
    expect(idle).toEqual([W('compute', 'partners', 'partner-webhooks')]);
    const owned = await service.getMeshGraph({
      includeIdle: true,
      owner: ['group:default/partners'],
    });
    expect(owned.nodes.map(n => n.id).sort()).toEqual(
      [PW, W('compute', 'partners', 'partner-webhooks')].sort(),
    );
  });

  it('service view: an entity is idle only when none of its workloads had traffic', async () => {
    const { service } = setup({ directory: withIdle() });
    const graph = await service.getMeshGraph({
      includeIdle: true,
      view: 'service',
    });
    const partners = graph.nodes.filter(n => n.entityRef === PARTNERS);
    expect(partners).toHaveLength(2); // one per cluster
    expect(partners.every(n => n.idle && n.nativeSidecar === true)).toBe(true);
    const api = graph.nodes.find(
      n => n.entityRef === REFS.api && n.cluster === 'platform',
    );
    expect(api?.idle).toBeUndefined();
  });
});

describe('TelemetryService: native and classic sidecars on nodes (M4)', () => {
  it('M4: a workload node says whether its sidecar is native or classic; entities only when their workloads agree', async () => {
    const entries = demoEntries().map(e => {
      if (e.name === 'public-api') return { ...e, nativeSidecar: true };
      if (e.name === 'public-api-canary') return { ...e, nativeSidecar: false };
      if (e.name === 'frontend') return { ...e, nativeSidecar: false };
      return e;
    });
    const { service } = setup({ directory: new FakeDirectory(entries) });
    const graph = await service.getMeshGraph({});
    const node = (id: string) => graph.nodes.find(n => n.id === id);
    expect(node(W('platform', 'api', 'public-api'))?.nativeSidecar).toBe(true);
    expect(node(W('platform', 'web', 'frontend'))?.nativeSidecar).toBe(false);
    expect(node(W('platform', 'auth', 'auth'))).not.toHaveProperty(
      'nativeSidecar',
    );
    const services = await service.getMeshGraph({ view: 'service' });
    const entity = (ref: string) =>
      services.nodes.find(n => n.entityRef === ref);
    // public-api's two workloads disagree: no single answer.
    expect(entity(REFS.api)).not.toHaveProperty('nativeSidecar');
    expect(entity(REFS.web)?.nativeSidecar).toBe(false);
  });
});
