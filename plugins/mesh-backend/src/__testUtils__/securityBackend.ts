/**
 * The real mesh plugin in a test backend, wired for the security tests
 * (route visibility and API fuzzing): two clusters served by the real
 * simulator over HTTPS, one fake Prometheus per cluster on a real loopback
 * socket, a catalog and a permission policy that hide one entity from one
 * user, and an inspectable cache.
 *
 * The fixture holds every shape through which a hidden entity has leaked:
 * - its workload `vault-broker` shares namespace `shop` and Service
 *   `checkout` with the visible `storefront` (namespace-wide and
 *   Service-level findings list both);
 * - `vault-broker` runs in both clusters behind `shop/checkout`, whose mTLS
 *   differs per cluster (a cross-cluster finding naming both);
 * - its workload `vault-keeper` is alone in namespace `vault-secrets`;
 * - its workload `vault-rotator` (east) has no traffic: the mesh graph
 *   lists it only with `includeIdle`;
 * - `claim-all`, a visible entity with the selector `'!nonexistent'`
 *   (restricted to cluster `west`), sorts first and so claims west's
 *   `vault-broker` too;
 * - `toolbox` in `shop` is claimed by no entity (in `east`);
 * - telemetry has the hidden workloads calling the visible one in
 *   plaintext, a cross-cluster edge, and an edge from an Istio cluster id
 *   that maps to no configured cluster.
 */
import {
  coreServices,
  createServiceFactory,
  type BackstageCredentials,
  type SchedulerService,
  type ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startSimulator, type Simulator } from '@internal/k8s-sim';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  deploymentWithPods,
  istiod,
  meshConfig,
  namespace,
  peerAuthentication,
  service,
} from '../engine/__fixtures__/builders';
import { meshPlugin } from '../plugin';
import { memoryCache } from '../telemetry/__testUtils__/memoryCache';
import { buildQuerySet, type TelemetryQueryName } from '../telemetry/queries';
import {
  buildReadinessQueries,
  type ReadinessQueryName,
} from '../telemetry/readiness/queries';
import { requestSeries, tcpSeries } from '../telemetry/__testUtils__/series';

/** The user from whom one entity is hidden. */
export const CALLER = 'user:default/alice';
/** A user who may read everything: proves the hidden data exists. */
export const ADMIN = 'user:default/root';

/** The entity hidden from {@link CALLER}. */
export const HIDDEN_REF = 'component:default/vault-broker';
/** Its owner. */
export const HIDDEN_OWNER = 'group:default/team-vault';
/** A visible entity sharing namespace, Service and clusters with it. */
export const VISIBLE_REF = 'component:default/storefront';
/** A visible entity whose selector `'!nonexistent'` claims all of `west`. */
export const GREEDY_REF = 'component:default/claim-all';

/**
 * Strings that name something of the hidden entity: its workloads, the
 * namespace only it runs in, its owner, its ref, title and system. Every one
 * contains `vault`, and nothing visible does, so `vault` is also a catch-all.
 */
export const HIDDEN_TERMS = [
  'vault-broker',
  'vault-keeper',
  'vault-rotator',
  'vault-secrets',
  'team-vault',
  'vault-platform',
  'Vault broker',
  'vault',
];

const TOKENS = { east: 'east-sim-token', west: 'west-sim-token' };
const ISTIO_IDS = { east: 'east-1', west: 'west-1' };

function entity(
  name: string,
  owner: string,
  annotations: Record<string, string>,
  extra: { title?: string; system?: string; dependsOn?: string[] } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', title: extra.title, annotations },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner,
      system: extra.system,
      dependsOn: extra.dependsOn,
    },
  };
}

/** The catalog of the fixture. */
export function securityEntities(): Entity[] {
  return [
    entity('storefront', 'group:default/team-shop', {
      'backstage.io/kubernetes-id': 'storefront',
    }),
    entity(
      'vault-broker',
      HIDDEN_OWNER,
      { 'backstage.io/kubernetes-id': 'vault-broker' },
      {
        title: 'Vault broker',
        system: 'vault-platform',
        // Declared but hidden: declared-vs-observed must not name it.
        dependsOn: ['component:default/storefront'],
      },
    ),
    entity('claim-all', 'group:default/team-greedy', {
      'backstage.io/kubernetes-label-selector': '!nonexistent',
      'backstage.io/kubernetes-cluster': 'west',
    }),
  ];
}

type Obj = Record<string, unknown>;

const sidecar = { sidecar: 'classic' as const };

function clusterManifests(cluster: 'east' | 'west'): Obj[] {
  const objects: Obj[] = [
    namespace('istio-system'),
    ...istiod('istio-system', ISTIO_IDS[cluster]),
    meshConfig('istio-system', 'rootNamespace: istio-system\n'),
    namespace('shop', { 'istio-injection': 'enabled' }),
    ...deploymentWithPods(
      'storefront',
      'shop',
      {
        app: 'storefront',
        tier: 'checkout',
        'backstage.io/kubernetes-id': 'storefront',
      },
      1,
      sidecar,
    ),
    ...deploymentWithPods(
      'vault-broker',
      'shop',
      {
        app: 'vault-broker',
        tier: 'checkout',
        'backstage.io/kubernetes-id': 'vault-broker',
      },
      1,
      sidecar,
    ),
  ];
  if (cluster === 'east') {
    objects.push(
      ...deploymentWithPods('toolbox', 'shop', { app: 'toolbox' }, 1, sidecar),
      // A port without a protocol: a Service-level finding listing the
      // workloads behind it.
      service('checkout', 'shop', { tier: 'checkout' }, [
        { port: 8080, targetPort: 8080 },
      ]),
      // Two namespace-wide policies: a namespace-wide finding listing
      // every workload of `shop`.
      peerAuthentication('shop-permissive', 'shop', { mode: 'PERMISSIVE' }),
      peerAuthentication('shop-permissive-too', 'shop', {
        mode: 'PERMISSIVE',
      }),
      namespace('vault-secrets', { 'istio-injection': 'enabled' }),
      ...deploymentWithPods(
        'vault-keeper',
        'vault-secrets',
        { app: 'vault-keeper', 'backstage.io/kubernetes-id': 'vault-broker' },
        1,
        sidecar,
      ),
      service('vault-keeper', 'vault-secrets', { app: 'vault-keeper' }),
      // Idle: no series names it.
      ...deploymentWithPods(
        'vault-rotator',
        'vault-secrets',
        { app: 'vault-rotator', 'backstage.io/kubernetes-id': 'vault-broker' },
        1,
        sidecar,
      ),
    );
  } else {
    objects.push(
      service('checkout', 'shop', { tier: 'checkout' }, [
        { port: 8080, name: 'http', targetPort: 8080 },
      ]),
      // STRICT here, PERMISSIVE in east: one logical Service, two modes.
      peerAuthentication('shop-strict', 'shop', { mode: 'STRICT' }),
    );
  }
  return objects;
}

/** Writes both clusters' manifests as JSON into a fresh temporary directory. */
function writeManifests(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-security-'));
  for (const cluster of ['east', 'west'] as const) {
    fs.mkdirSync(path.join(dir, cluster));
    fs.writeFileSync(
      path.join(dir, cluster, 'objects.json'),
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: clusterManifests(cluster),
      }),
    );
  }
  return dir;
}

const E = ISTIO_IDS.east;
const W = ISTIO_IDS.west;

const PROMETHEUS_ANSWERS: Record<
  'east' | 'west',
  Partial<Record<TelemetryQueryName, unknown[]>>
> = {
  east: {
    requests_destination: [
      requestSeries({
        reporter: 'destination',
        src: [E, 'shop', 'vault-broker'],
        dst: [E, 'shop', 'storefront'],
        csp: 'none',
        value: 3,
      }),
      requestSeries({
        reporter: 'destination',
        src: [E, 'shop', 'storefront'],
        dst: [E, 'shop', 'vault-broker'],
        value: 2,
      }),
      requestSeries({
        reporter: 'destination',
        src: [E, 'vault-secrets', 'vault-keeper'],
        dst: [E, 'shop', 'storefront'],
        csp: 'none',
        value: 1,
      }),
      requestSeries({
        reporter: 'destination',
        src: [E, 'shop', 'toolbox'],
        dst: [E, 'shop', 'storefront'],
        value: 1,
      }),
      // An Istio cluster id no configured cluster has (a cluster not read
      // yet): the hidden workload must not show by name as if unowned.
      requestSeries({
        reporter: 'destination',
        src: ['ghost-9', 'vault-secrets', 'vault-keeper'],
        dst: [E, 'shop', 'storefront'],
        csp: 'none',
        value: 1,
      }),
    ],
    tcp_destination: [
      tcpSeries({
        reporter: 'destination',
        src: [E, 'vault-secrets', 'vault-keeper'],
        dst: [E, 'shop', 'storefront'],
        csp: 'none',
        value: 100,
      }),
    ],
  },
  west: {
    requests_destination: [
      // Cross-cluster: east's storefront calls west's vault-broker.
      requestSeries({
        reporter: 'destination',
        src: [E, 'shop', 'storefront'],
        dst: [W, 'shop', 'vault-broker'],
        value: 4,
      }),
      requestSeries({
        reporter: 'destination',
        src: [W, 'shop', 'vault-broker'],
        dst: [W, 'shop', 'storefront'],
        csp: 'none',
        value: 5,
      }),
    ],
  },
};

/** A fake Prometheus on a real loopback socket. */
export interface FakePrometheusServer {
  url: string;
  /** Distinct PromQL texts received. */
  queries: Set<string>;
  /** Queries received in all. */
  count(): number;
  close(): Promise<void>;
}

/**
 * Serves `POST /api/v1/query` like Prometheus: our six queries (whatever
 * their rate window) get the fixture's vectors, anything else an empty one.
 */
async function startFakePrometheus(
  answers: Partial<Record<TelemetryQueryName, unknown[]>>,
): Promise<FakePrometheusServer> {
  const byText = new Map(
    buildQuerySet({ window: '5m' }).map(q => [q.promql, q.name]),
  );
  // The readiness queries get the destination-reported series: they carry
  // every label the readiness join reads.
  const anyRange = (promql: string) => promql.replace(/\[[^\]]*\]/g, '[5m]');
  const readiness = new Map(
    buildReadinessQueries({ window: '7d' }).map(q => [
      anyRange(q.promql),
      q.name,
    ]),
  );
  const readinessAnswers: Partial<Record<ReadinessQueryName, unknown[]>> = {
    readiness_requests: answers.requests_destination,
    readiness_connections: answers.tcp_destination,
  };
  const queries = new Set<string>();
  let count = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', chunk => {
      body += chunk;
    });
    req.on('end', () => {
      const params = new URLSearchParams(
        req.method === 'POST' ? body : (req.url ?? '').split('?')[1] ?? '',
      );
      const query = params.get('query') ?? '';
      count++;
      queries.add(query);
      const name = byText.get(anyRange(query));
      const readinessName = readiness.get(anyRange(query));
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({
          status: 'success',
          data: {
            resultType: 'vector',
            result:
              (name && answers[name]) ??
              (readinessName && readinessAnswers[readinessName]) ??
              [],
          },
        }),
      );
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    queries,
    count: () => count,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** How the hidden entity is hidden from {@link CALLER}. */
export type HideBy =
  /** The catalog does not return it to the caller: entity routes answer 404. */
  | 'catalog'
  /** The caller may read it in the catalog but lacks `mesh.entity.read`: 403. */
  | 'permission';

function userOf(credentials?: BackstageCredentials): string | undefined {
  const principal = credentials?.principal as
    | { type?: string; userEntityRef?: string }
    | undefined;
  return principal?.type === 'user' ? principal.userEntityRef : undefined;
}

/**
 * A catalog that returns everything to services and to {@link ADMIN}, and
 * hides {@link HIDDEN_REF} from {@link CALLER} when `hide` is set.
 */
function hidingCatalog(entities: Entity[], hide: boolean) {
  const store = catalogServiceMock({ entities });
  const hiddenFrom = (options?: { credentials?: BackstageCredentials }) =>
    hide && userOf(options?.credentials) === CALLER;
  const isHidden = (e: Entity | undefined) =>
    !!e?.metadata?.name && stringifyEntityRef(e) === HIDDEN_REF;
  return catalogServiceMock.mock({
    async getEntities(request, options) {
      const result = await store.getEntities(request, options);
      return hiddenFrom(options as any)
        ? { ...result, items: result.items.filter(e => !isHidden(e)) }
        : result;
    },
    async getEntityByRef(ref, options) {
      const found = await store.getEntityByRef(ref, options);
      return hiddenFrom(options as any) && isHidden(found) ? undefined : found;
    },
    async getEntitiesByRefs(request, options) {
      const result = await store.getEntitiesByRefs(request, options);
      if (!hiddenFrom(options as any)) return result;
      return {
        items: result.items.map((e, i) =>
          request.entityRefs[i] === HIDDEN_REF || isHidden(e) ? undefined : e,
        ),
      };
    },
    async queryEntities(request, options) {
      const result = await store.queryEntities(request, options);
      return hiddenFrom(options as any)
        ? { ...result, items: result.items.filter(e => !isHidden(e)) }
        : result;
    },
  });
}

/** Allows everything, except `mesh.entity.read` on the hidden entity to the caller. */
function hidingPermissions(hide: boolean) {
  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockImplementation(async (requests, options) =>
    requests.map(request => ({
      result:
        hide &&
        userOf(options?.credentials) === CALLER &&
        request.permission.name === 'mesh.entity.read' &&
        'resourceRef' in request &&
        request.resourceRef === HIDDEN_REF
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    })),
  );
  return permissions;
}

/** The running fixture. */
export interface SecurityBackend {
  /** `http://127.0.0.1:<port>/api/mesh`. */
  baseUrl: string;
  /** `Authorization` header values. */
  headers: { caller: string; admin: string; none: string };
  /** The plugin's cache service (telemetry results live here). */
  cache: ReturnType<typeof memoryCache>;
  prometheus: FakePrometheusServer[];
  stop(): Promise<void>;
}

/** Starts the simulator, the fake Prometheus servers and the backend. */
export async function startSecurityBackend(options: {
  hideBy: HideBy;
}): Promise<SecurityBackend> {
  const manifestsDir = writeManifests();
  let simulator: Simulator | undefined;
  let prometheus: FakePrometheusServer[] = [];
  try {
    simulator = await startSimulator({
      manifestsDir,
      clusters: (['east', 'west'] as const).map(name => ({
        name,
        token: TOKENS[name],
        port: 0,
        tlsPort: 0,
      })),
    });
    prometheus = await Promise.all([
      startFakePrometheus(PROMETHEUS_ANSWERS.east),
      startFakePrometheus(PROMETHEUS_ANSWERS.west),
    ]);
    const caData = Buffer.from(simulator.certificateAuthority!).toString(
      'base64',
    );
    const sim = simulator;
    const url = (name: string) =>
      sim.clusters.find(c => c.name === name)!.tlsUrl!;
    const scheduler = mockServices.scheduler() as SchedulerService & {
      factory(): ServiceFactory;
      triggerTask(id: string): Promise<void>;
    };
    const cache = memoryCache();
    const entities = securityEntities();
    const { server } = await startTestBackend({
      features: [
        meshPlugin,
        scheduler.factory(),
        hidingCatalog(entities, options.hideBy === 'catalog').factory,
        hidingPermissions(options.hideBy === 'permission').factory,
        createServiceFactory({
          service: coreServices.cache,
          deps: {},
          factory: () => cache,
        }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: (['east', 'west'] as const).map(name => ({
                    name,
                    url: url(name),
                    authProvider: 'serviceAccount',
                    serviceAccountToken: TOKENS[name],
                    caData,
                  })),
                },
              ],
            },
            mesh: {
              // The scheduled full re-list (mesh-refresh) this test drives.
              collection: { mode: 'poll' },
              // Refreshed by hand below; never by a timer during a test.
              refresh: { frequency: { hours: 1 }, timeout: { seconds: 60 } },
              requestTimeout: { seconds: 10 },
              clusters: (['east', 'west'] as const).map((name, i) => ({
                name,
                istioClusterId: ISTIO_IDS[name],
                prometheus: { url: prometheus[i].url },
              })),
            },
          },
        }),
      ],
    });
    for (const task of ['mesh-refresh', 'mesh-entities', 'mesh-history']) {
      await scheduler.triggerTask(task);
    }
    const { port } = server.address() as AddressInfo;
    return {
      baseUrl: `http://127.0.0.1:${port}/api/mesh`,
      headers: {
        caller: mockCredentials.user.header(CALLER),
        admin: mockCredentials.user.header(ADMIN),
        none: mockCredentials.none.header(),
      },
      cache,
      prometheus,
      async stop() {
        await Promise.all(prometheus.map(p => p.close()));
        await sim.stop();
        fs.rmSync(manifestsDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.all(prometheus.map(p => p.close()));
    await simulator?.stop();
    fs.rmSync(manifestsDir, { recursive: true, force: true });
    throw error;
  }
}
