/*
 * The demo permission policy and the mesh plugin together, with real plugins
 * and no mocked permission decisions: the permission backend runs
 * MeshDemoPermissionPolicy, the catalog reads a fixture catalog and evaluates
 * the policy's conditional decisions, and the mesh plugin reads the demo
 * clusters from the simulated API servers.
 *
 * Why the real auth backend rather than `mockCredentials`: the policy decides
 * on `UserInfoService.getUserInfo(...).ownershipEntityRefs`. The mock
 * UserInfoService answers `[userEntityRef]` for every mock token (or one fixed
 * answer for all users), so the group rules would be decided by the test, not
 * by the catalog. Here a test-only sign-in provider (see
 * `testSignInProviderModule` below) calls the auth backend's own
 * `signInWithCatalogUser`, which derives the ownership refs from the catalog
 * User's `memberOf` relations and issues a real Backstage token; the real
 * `httpAuth` verifies it and the real `userInfo` service reads the ownership
 * refs back from the auth backend. So "alice is in team-platform" comes from
 * the fixture catalog, exactly as in the running demo.
 */
import {
  createBackendModule,
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import authPlugin from '@backstage/plugin-auth-backend';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { meshPlugin } from '@mesh-portal/plugin-mesh-backend';
import { startSimulator, type Simulator } from '@internal/k8s-sim';
import type {
  AuditResponse,
  ClustersResponse,
  EntityMeshResponse,
} from '@mesh-portal/plugin-mesh-common';
import path from 'node:path';
import { meshDemoPermissionPolicyModule } from './module';

const CATALOG_FIXTURE = path.resolve(__dirname, '__fixtures__/catalog.yaml');
const DEMO_CLUSTERS = path.resolve(__dirname, '../../../mesh-demo/clusters');
const CLUSTER_TOKENS = {
  platform: 'platform-demo-token',
  compute: 'compute-demo-token',
};
const KUBERNETES_ID = 'backstage.io/kubernetes-id';

/** The provider id, so tests sign in at `GET /api/auth/<id>/refresh`. */
const TEST_SIGN_IN_PROVIDER_ID = 'test-sign-in';

/** The request header naming the catalog User to sign in as. */
const TEST_SIGN_IN_USER_HEADER = 'x-test-sign-in-user';

const USER_NAME = /^[a-z0-9][a-z0-9-]*$/;

/**
 * A proxy sign-in provider for tests only: it trusts a request header that
 * names a User of the `default` namespace. Everything after that is the real
 * auth backend: `signInWithCatalogUser` looks the User up in the catalog,
 * derives the ownership refs from its `memberOf` relations, stores them for
 * `/v1/userinfo` and issues a real Backstage token. Never install this
 * outside a test backend.
 */
const testSignInProviderModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'test-sign-in-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: TEST_SIGN_IN_PROVIDER_ID,
          factory: createProxyAuthProviderFactory({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async () => ({ profile: {} }),
              initialize: () => undefined,
              async authenticate({ req }) {
                const name = req.header(TEST_SIGN_IN_USER_HEADER) ?? '';
                if (!USER_NAME.test(name)) {
                  throw new InputError(
                    `${TEST_SIGN_IN_USER_HEADER} must name a user`,
                  );
                }
                return { result: { name } };
              },
            }),
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({
                entityRef: stringifyEntityRef({
                  kind: 'User',
                  namespace: 'default',
                  name: result.name,
                }),
              }),
          }),
        });
      },
    });
  },
});

/** Fixture users: alice is in team-platform, bob in no group, carol in team-data. */
type User = 'alice' | 'bob' | 'carol';

/** Polls `check` until it returns a value (not undefined); throws on timeout. */
async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}: ${lastError ?? ''}`);
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

describe('MeshDemoPermissionPolicy with the mesh plugin, catalog and permission backend', () => {
  let simulator: Simulator;
  let baseUrl: string;
  const tokens = {} as Record<User, string>;
  // The mock scheduler runs each task once at startup, then when triggered,
  // so the test decides when the mesh plugin re-reads the catalog.
  const scheduler = mockServices.scheduler() as SchedulerService & {
    factory(): ServiceFactory;
    triggerTask(id: string): Promise<void>;
  };

  async function signIn(user: User): Promise<string> {
    const response = await fetch(
      `${baseUrl}/api/auth/${TEST_SIGN_IN_PROVIDER_ID}/refresh`,
      { headers: { [TEST_SIGN_IN_USER_HEADER]: user } },
    );
    if (!response.ok) {
      throw new Error(`sign-in as ${user}: ${response.status}`);
    }
    const body = await response.json();
    return body.backstageIdentity.token;
  }

  /** GET a backend path as a signed-in user, or with no credentials at all. */
  async function get<T = unknown>(
    urlPath: string,
    as?: User,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${baseUrl}${urlPath}`, {
      headers: as ? { authorization: `Bearer ${tokens[as]}` } : {},
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // CSV and empty bodies stay text.
    }
    return { status: response.status, body: body as T };
  }

  beforeAll(async () => {
    simulator = await startSimulator({
      manifestsDir: DEMO_CLUSTERS,
      clusters: [
        { name: 'platform', token: CLUSTER_TOKENS.platform, port: 0 },
        { name: 'compute', token: CLUSTER_TOKENS.compute, port: 0 },
      ],
    });

    const backend = await startTestBackend({
      features: [
        permissionPlugin,
        meshDemoPermissionPolicyModule,
        catalogPlugin,
        authPlugin,
        testSignInProviderModule,
        meshPlugin,
        // Real token issuing and checking instead of the mock services.
        authServiceFactory,
        httpAuthServiceFactory,
        userInfoServiceFactory,
        scheduler.factory(),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            permission: { enabled: true },
            auth: { providers: { [TEST_SIGN_IN_PROVIDER_ID]: {} } },
            catalog: {
              rules: [{ allow: ['Component', 'Group', 'User', 'Location'] }],
              locations: [{ type: 'file', target: CATALOG_FIXTURE }],
            },
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: simulator.clusters.map(cluster => ({
                    name: cluster.name,
                    url: cluster.url,
                    authProvider: 'serviceAccount',
                    serviceAccountToken: cluster.token,
                    skipTLSVerify: true,
                    skipMetricsLookup: true,
                  })),
                },
              ],
            },
            mesh: {
              refresh: { frequency: { seconds: 30 }, timeout: { seconds: 20 } },
              requestTimeout: { seconds: 5 },
              clusters: [
                { name: 'platform', istioClusterId: 'platform-east' },
                { name: 'compute', istioClusterId: 'compute-west' },
              ],
            },
          },
        }),
      ],
    });
    baseUrl = `http://localhost:${backend.server.port()}`;

    // Ownership refs are fixed at sign-in, so wait until the catalog has
    // ingested the fixture and stitched every User's memberOf relation.
    await waitFor('the fixture catalog', async () => {
      tokens.bob = await signIn('bob');
      const { body } = await get<Entity[]>('/api/catalog/entities', 'bob');
      const byRef = new Map(
        body.map(e => [`${e.kind}:${e.metadata.name}`.toLowerCase(), e]),
      );
      const memberOf = (user: string, group: string) =>
        byRef
          .get(`user:${user}`)
          ?.relations?.some(
            r =>
              r.type === 'memberOf' && r.targetRef === `group:default/${group}`,
          );
      const ready =
        memberOf('alice', 'team-platform') &&
        memberOf('carol', 'team-data') &&
        byRef.get('component:spark-driver')?.relations?.length &&
        byRef.has('component:public-api') &&
        byRef.has('component:web-frontend');
      return ready ? true : undefined;
    });
    tokens.alice = await signIn('alice');
    tokens.carol = await signIn('carol');

    // The mesh plugin's startup tasks ran before the catalog was filled:
    // have it re-read the annotated entities (for the audit's owners), and
    // make sure the snapshot of both clusters is loaded.
    await scheduler.triggerTask('mesh-entities');
    await waitFor('the mesh snapshot of both clusters', async () => {
      await scheduler.triggerTask('mesh-sync');
      const { body } = await get<ClustersResponse>('/api/mesh/clusters', 'bob');
      return body.clusters?.length === 2 && body.clusters.every(c => c.ok)
        ? true
        : undefined;
    });
  }, 60_000);

  afterAll(async () => {
    // startTestBackend stops the backend itself; the simulator is ours.
    await simulator?.stop();
  });

  describe('mesh.audit.read: only members of a group', () => {
    it('200 for alice, a member of team-platform', async () => {
      const { status, body } = await get<AuditResponse>(
        '/api/mesh/audit',
        'alice',
      );
      expect(status).toBe(200);
      expect(body.totalItems).toBeGreaterThan(0);
      expect(
        body.items.some(
          row => row.entityRef === 'component:default/public-api',
        ),
      ).toBe(true);
    });

    it('403 for bob, a member of no group, on every audit route', async () => {
      for (const route of [
        '/api/mesh/audit',
        '/api/mesh/audit/export.csv',
        '/api/mesh/audit/history',
        '/api/mesh/graph/mesh',
      ]) {
        expect([route, (await get(route, 'bob')).status]).toEqual([route, 403]);
      }
    });
  });

  describe('mesh.audit.read with mesh.entity.read: restricted rows', () => {
    it('200 for carol, a member of team-data, with the rows of her restricted entity', async () => {
      const { status, body } = await get<AuditResponse>(
        '/api/mesh/audit?limit=1000',
        'carol',
      );
      expect(status).toBe(200);
      expect(body.items.map(row => row.entityRef)).toContain(
        'component:default/spark-driver',
      );
    });

    // The audit applies the same two checks as /entity/... (catalog
    // visibility and mesh.entity.read), so a restricted entity's rows stay
    // with its owners, in the table and in the CSV export.
    it('hides the restricted entity from alice in the audit and its CSV, as /entity does', async () => {
      const { status, body } = await get<AuditResponse>(
        '/api/mesh/audit?limit=1000',
        'alice',
      );
      expect(status).toBe(200);
      expect(body.items.length).toBeGreaterThan(0);
      expect(body.items.map(row => row.entityRef)).not.toContain(
        'component:default/spark-driver',
      );
      const csv = await get<string>('/api/mesh/audit/export.csv', 'alice');
      expect(csv.status).toBe(200);
      expect(csv.body).toContain('public-api');
      expect(csv.body).not.toContain('spark-driver');
    });
  });

  describe('mesh.entity.read: owners always, everyone else unless restricted', () => {
    it('200 with its workloads for alice on an unrestricted entity she does not own', async () => {
      const { status, body } = await get<EntityMeshResponse>(
        '/api/mesh/entity/default/component/public-api',
        'alice',
      );
      expect(status).toBe(200);
      expect(body.entityRef).toBe('component:default/public-api');
      expect(body.workloads.length).toBeGreaterThan(0);
      for (const workload of body.workloads) {
        expect(workload.cluster).toBe('platform');
        expect(workload.labels[KUBERNETES_ID]).toBe('public-api');
      }
    });

    it('200 for bob, in no group, on an unrestricted entity', async () => {
      const { status, body } = await get<EntityMeshResponse>(
        '/api/mesh/entity/default/component/web-frontend',
        'bob',
      );
      expect(status).toBe(200);
      expect(body.workloads.length).toBeGreaterThan(0);
    });

    it('403, not 404, for alice on the restricted entity owned by team-data', async () => {
      // The policy allows catalog.entity.read to everyone, so the catalog
      // shows alice the entity and the mesh plugin reaches its own check:
      // mesh.entity.read, which the catalog's conditions deny (not an owner,
      // annotated restricted). A 404 here would mean the catalog hid it.
      const catalog = await get(
        '/api/catalog/entities/by-name/component/default/spark-driver',
        'alice',
      );
      expect(catalog.status).toBe(200);

      const { status, body } = await get<EntityMeshResponse>(
        '/api/mesh/entity/default/component/spark-driver',
        'alice',
      );
      expect(status).toBe(403);
      expect(JSON.stringify(body)).not.toContain('"workloads"');
    });

    it('404 for alice on an entity that does not exist (so 403 above is the policy, not a miss)', async () => {
      const { status } = await get(
        '/api/mesh/entity/default/component/no-such-service',
        'alice',
      );
      expect(status).toBe(404);
    });

    it('403 on the restricted entity on the other per-entity routes too', async () => {
      for (const route of [
        '/api/mesh/graph/entity/default/component/spark-driver',
        '/api/mesh/mtls/entity/default/component/spark-driver',
      ]) {
        expect([route, (await get(route, 'alice')).status]).toEqual([
          route,
          403,
        ]);
      }
    });

    it('200 with its workloads for carol, a member of the owning team-data', async () => {
      const { status, body } = await get<EntityMeshResponse>(
        '/api/mesh/entity/default/component/spark-driver',
        'carol',
      );
      expect(status).toBe(200);
      expect(body.workloads.length).toBeGreaterThan(0);
      for (const workload of body.workloads) {
        expect(workload.cluster).toBe('compute');
        expect(workload.labels[KUBERNETES_ID]).toBe('spark-driver');
      }
    });
  });

  describe('authentication', () => {
    it('401 without credentials on every route but /health', async () => {
      const routes = [
        '/api/mesh/entity/default/component/public-api',
        '/api/mesh/entity/default/component/spark-driver',
        '/api/mesh/audit',
        '/api/mesh/audit/export.csv',
        '/api/mesh/audit/history',
        '/api/mesh/clusters',
        '/api/mesh/graph/mesh',
        '/api/mesh/graph/entity/default/component/public-api',
        '/api/mesh/mtls/entity/default/component/public-api',
      ];
      for (const route of routes) {
        expect([route, (await get(route)).status]).toEqual([route, 401]);
      }
    });

    it('200 without credentials on /health', async () => {
      const { status, body } = await get('/api/mesh/health');
      expect(status).toBe(200);
      expect(body).toEqual({ status: 'ok' });
    });
  });
});
