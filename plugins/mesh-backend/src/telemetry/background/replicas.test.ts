import type { SchedulerService } from '@backstage/backend-plugin-api';
import {
  mockErrorHandler,
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { GraphResponse } from '@mesh-portal/plugin-mesh-common';
import express from 'express';
import knexFactory, { type Knex } from 'knex';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  component,
  emptyCollect,
  permissionsDenying,
  testModel,
  testRootConfig,
  unusedHistory,
} from '../../__testUtils__/fixtures';
import { scheduleMeshTasks } from '../../tasks';
import { createMeshBackend } from '../../wiring';
import { fakePrometheus } from '../__testUtils__/fakePrometheus';
import { memoryCache } from '../__testUtils__/memoryCache';
import { requestSeries } from '../__testUtils__/series';

jest.setTimeout(60_000);

const PROM_URL = 'http://prom-platform.test:9090';
const WEB = ['platform-east', 'web', 'web-frontend'] as [
  string,
  string,
  string,
];
const API = ['platform-east', 'api', 'secret-api'] as [string, string, string];

/** Requests per second web-frontend sends to secret-api; changed between collections. */
let rate = 4;
const queries: string[] = [];
const prometheus = setupServer();
beforeAll(() =>
  prometheus.listen({
    onUnhandledRequest(req, print) {
      const host = new URL(req.url).hostname;
      if (host !== '127.0.0.1' && host !== 'localhost') print.error();
    },
  }),
);
beforeEach(() => {
  queries.length = 0;
  prometheus.resetHandlers(
    fakePrometheus({
      url: PROM_URL,
      log: queries,
      get answers() {
        return {
          requests_destination: [
            requestSeries({
              reporter: 'destination',
              src: WEB,
              dst: API,
              value: rate,
            }),
          ],
        };
      },
    }),
  );
});
afterAll(() => prometheus.close());

const POSTGRES_ID: TestDatabaseId = 'POSTGRES_15';
const databases = TestDatabases.create({
  ids: ['SQLITE_3', POSTGRES_ID],
  disableDocker: true,
});
if (!databases.supports(POSTGRES_ID)) {
  const message =
    'PostgreSQL is not configured (BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING unset): ' +
    'the two-replica telemetry case on POSTGRES_15 is SKIPPED. Run eval "$(scripts/postgres-test.sh start)" first.';
  if (process.env.MESH_REQUIRE_POSTGRES) throw new Error(message);
  // eslint-disable-next-line no-console
  console.warn(message);
  describe(`two replicas on ${POSTGRES_ID}`, () => {
    // A visible skip, not a silent one.
    // eslint-disable-next-line jest/no-disabled-tests, jest/expect-expect
    it.skip(`SKIPPED: ${message}`, () => {});
  });
}

/** One replica: the plugin's wiring and its scheduled tasks, on `client`. */
async function startReplica(client: Knex) {
  const scheduler = mockServices.scheduler() as SchedulerService & {
    triggerTask(id: string): Promise<void>;
  };
  const deps = {
    config: testRootConfig({
      clusters: [{ name: 'platform', prometheus: { url: PROM_URL } }],
      telemetry: { background: { interval: '15s', windows: ['5m'] } },
    }),
    logger: mockServices.logger.mock(),
    httpAuth: mockServices.httpAuth(),
    auth: mockServices.auth(),
    permissions: permissionsDenying(),
    catalog: catalogServiceMock({
      entities: [
        component('web-frontend', 'team-web'),
        component('secret-api', 'team-api'),
      ],
    }),
    cache: memoryCache(),
    // Snapshots and telemetry collections both go through this database.
    database: { getClient: async () => client },
  };
  const mesh = await createMeshBackend(deps, {
    collect: emptyCollect,
    computeModel: () => testModel,
    history: unusedHistory(),
  });
  await scheduleMeshTasks({
    scheduler,
    config: mesh.meshConfig,
    logger: deps.logger,
    snapshot: mesh.snapshot,
    entities: mesh.entities,
    telemetryBackground: mesh.telemetryBackground,
  });
  return {
    run: (...tasks: string[]) =>
      tasks.reduce(
        (previous, task) => previous.then(() => scheduler.triggerTask(task)),
        Promise.resolve(),
      ),
    app: express().use(mesh.router).use(mockErrorHandler()),
  };
}

describe.each(databases.eachSupportedId())(
  'two replicas sharing one %s database',
  databaseId => {
    let second: Knex | undefined;
    afterEach(async () => {
      await second?.destroy();
      second = undefined;
    });

    /** The same database twice: a second client where the server allows one. */
    async function clients(): Promise<[Knex, Knex]> {
      const first = await databases.init(databaseId);
      if (databaseId === 'SQLITE_3') return [first, first];
      second = knexFactory(first.client.config);
      return [first, second];
    }

    it('the replica that does not collect serves the collected telemetry, without querying Prometheus', async () => {
      const [clientA, clientB] = await clients();
      const collecting = await startReplica(clientA);
      const serving = await startReplica(clientB);
      await collecting.run('mesh-refresh', 'mesh-entities', 'mesh-telemetry');
      // Nine queries, and the drawer's 19 older rate points (first run only).
      expect(queries).toHaveLength(9 + 19);
      await serving.run('mesh-sync', 'mesh-entities', 'mesh-telemetry-sync');

      queries.length = 0;
      const graph = (
        await request(serving.app)
          .get('/graph/entity/default/component/web-frontend')
          .expect(200)
      ).body as GraphResponse;
      const mesh = (await request(serving.app).get('/graph/mesh').expect(200))
        .body as GraphResponse;
      const mtls = await request(serving.app)
        .get('/mtls/entity/default/component/secret-api')
        .expect(200);
      expect(queries).toEqual([]);

      const edge = {
        source: 'platform/web/Deployment/web-frontend',
        target: 'platform/api/Deployment/secret-api',
        requestsPerSecond: 4,
      };
      expect(graph.edges).toEqual([expect.objectContaining(edge)]);
      expect(mesh.edges).toEqual([expect.objectContaining(edge)]);
      expect(mtls.body).toMatchObject({ mtlsShare: 1 });
      for (const answer of [graph, mesh, mtls.body]) {
        expect(answer).toMatchObject({
          collection: 'background',
          ageSeconds: expect.any(Number),
        });
      }

      // A new collection on the collecting replica reaches the other one at
      // its next sync, still without a query of its own.
      rate = 9;
      await collecting.run('mesh-telemetry');
      queries.length = 0;
      await serving.run('mesh-telemetry-sync');
      const next = (
        await request(serving.app)
          .get('/graph/entity/default/component/web-frontend')
          .expect(200)
      ).body as GraphResponse;
      expect(queries).toEqual([]);
      expect(next.edges).toEqual([
        expect.objectContaining({ ...edge, requestsPerSecond: 9 }),
      ]);
      expect(Date.parse(next.dataTime)).toBeGreaterThanOrEqual(
        Date.parse(graph.dataTime),
      );
      rate = 4;
    });

    it('a replica without any collection yet answers on demand, and says so', async () => {
      const [clientA] = await clients();
      const replica = await startReplica(clientA);
      await replica.run('mesh-refresh', 'mesh-entities', 'mesh-telemetry-sync');
      const graph = (
        await request(replica.app)
          .get('/graph/entity/default/component/web-frontend')
          .expect(200)
      ).body as GraphResponse;
      expect(graph.collection).toBe('on-demand');
      expect(queries).toHaveLength(6);
    });
  },
);
