/**
 * The request mix of the load benchmark: what the portal's pages ask the
 * backend for, weighted by how often people open them. Service pages (card,
 * Mesh tab with its graph and inbound mTLS, cluster status) dominate; team
 * leads open the audit, its history and now and then the CSV export. The
 * catalog's own lookup of the same entities and the Backstage Kubernetes
 * backend's workloads query ride in the same mix, so they are measured under
 * the same load: they are the floor and the comparison.
 */

/** One kind of request of the mix. */
export interface MixRoute {
  /** Name in the report. */
  name: string;
  /** Relative frequency. */
  weight: number;
  /** Whether it is a mesh route (the others are comparisons). */
  mesh: boolean;
  /** Method, path and body for the `n`-th request of this kind. */
  request(n: number): { method: 'GET' | 'POST'; path: string; body?: string };
}

/** The demo's services, visited in turn. */
export const DEMO_COMPONENTS = [
  'web-frontend',
  'public-api',
  'auth-service',
  'metrics-service',
  'pipeline-scheduler',
  'spark-job-runner',
  'spark-driver',
  'shuffle-service',
];

const component = (n: number) => DEMO_COMPONENTS[n % DEMO_COMPONENTS.length];
const get = (path: string) => ({ method: 'GET' as const, path });

/** Every route of the mix with its weight. */
export const PAGE_MIX: MixRoute[] = [
  {
    name: 'mesh entity',
    weight: 20,
    mesh: true,
    request: n => get(`/api/mesh/entity/default/component/${component(n)}`),
  },
  {
    name: 'mesh graph',
    weight: 15,
    mesh: true,
    request: n =>
      get(`/api/mesh/graph/entity/default/component/${component(n)}`),
  },
  {
    name: 'mesh inbound mTLS',
    weight: 10,
    mesh: true,
    request: n =>
      get(`/api/mesh/mtls/entity/default/component/${component(n)}`),
  },
  {
    name: 'mesh clusters',
    weight: 10,
    mesh: true,
    request: () => get('/api/mesh/clusters'),
  },
  {
    name: 'mesh audit',
    weight: 8,
    mesh: true,
    request: () => get('/api/mesh/audit?limit=50'),
  },
  {
    name: 'mesh audit history',
    weight: 4,
    mesh: true,
    request: () => get('/api/mesh/audit/history'),
  },
  {
    name: 'mesh audit CSV',
    weight: 3,
    mesh: true,
    request: () => get('/api/mesh/audit/export.csv'),
  },
  {
    name: 'catalog by-name (floor)',
    weight: 15,
    mesh: false,
    request: n =>
      get(`/api/catalog/entities/by-name/component/default/${component(n)}`),
  },
  {
    name: 'kubernetes workloads query',
    weight: 5,
    mesh: false,
    request: n => ({
      method: 'POST',
      path: '/api/kubernetes/resources/workloads/query',
      body: JSON.stringify({
        entityRef: `component:default/${component(n)}`,
        auth: {},
      }),
    }),
  },
];

/**
 * Not part of the mix: a trivial request (the mesh plugin's unauthenticated
 * health check, no work behind it) sent a few times a second per replica
 * beside the mix. Its latency is what any request waits for on a replica
 * busy with the mix (event loop queueing), whatever the route does.
 */
export const QUEUEING_PROBE: MixRoute = {
  name: 'probe: trivial request',
  weight: 0,
  mesh: false,
  request: () => get('/api/mesh/health'),
};

/**
 * A deterministic weighted picker (a fixed sequence per seed), so two runs
 * send the same mix in the same order.
 */
export function routePicker(routes: MixRoute[], seed: number): () => MixRoute {
  const total = routes.reduce((sum, route) => sum + route.weight, 0);
  let state = seed >>> 0 || 1;
  return () => {
    // xorshift32
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    let ticket = (state >>> 0) % total;
    for (const route of routes) {
      if (ticket < route.weight) return route;
      ticket -= route.weight;
    }
    return routes[routes.length - 1];
  };
}
