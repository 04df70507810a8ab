import { mockErrorHandler, mockServices } from '@backstage/backend-test-utils';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  CoverageHistoryResponse,
  EntityMeshResponse,
  Finding,
  MeshModel,
  ServiceSummary,
} from '@mesh-portal/plugin-mesh-common';
import express from 'express';
import request from 'supertest';
import {
  emptyCollect,
  MemorySnapshotStore,
  permissionsDenying,
  testModel,
  testRootConfig,
  unusedHistory,
  workload,
} from './__testUtils__/fixtures';
import type { HistoryStore } from './history';
import { memoryCache } from './telemetry/__testUtils__/memoryCache';
import type { TelemetryService } from './telemetry/types';
import { createMeshBackend } from './wiring';

/*
 * Issue 13: visibility leaks through overlapping selectors, findings and
 * history keys. The mesh: namespace `shop` holds `cart` (entity `cart`,
 * readable) and `vault` (entity `vault`, which the caller cannot read),
 * both behind Service `shop-gateway`; namespace `secret-ns` holds only
 * `hsm`, also the vault entity's. `grabber` (readable) claims both secret
 * workloads with an overlapping selector; `everything` tries `!nonexistent`.
 */

const CART = 'platform/shop/Deployment/cart';
const VAULT = 'platform/shop/Deployment/vault';
const HSM = 'platform/secret-ns/Deployment/hsm';

function entity(
  name: string,
  owner: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner, lifecycle: 'production' },
  };
}

const cart = entity('cart', 'team-shop', {
  'backstage.io/kubernetes-id': 'cart',
});
const vault = entity('vault', 'team-vault', {
  'backstage.io/kubernetes-label-selector': 'tier in (secret)',
});
const grabber = entity('grabber', 'team-shop', {
  'backstage.io/kubernetes-label-selector': 'tier=secret',
});
const everything = entity('everything', 'team-shop', {
  'backstage.io/kubernetes-label-selector': '!nonexistent',
});

const gateway: ServiceSummary = {
  id: 'platform/shop/shop-gateway',
  cluster: 'platform',
  namespace: 'shop',
  name: 'shop-gateway',
  host: 'shop-gateway.shop.svc.cluster.local',
  workloads: [CART, VAULT],
  ports: [
    {
      port: 80,
      clientMode: 'AUTO_MTLS',
      outcome: 'mtls',
      reason: 'auto mTLS to a sidecar',
    },
  ],
};

const namespaceWide: Finding = {
  code: 'MESH-PA-NAMESPACE-CONFLICT',
  severity: 'warning',
  cluster: 'platform',
  message: 'Namespace shop has 2 namespace-wide PeerAuthentications',
  fix: 'Keep one.',
  objects: [
    {
      cluster: 'platform',
      kind: 'PeerAuthentication',
      namespace: 'shop',
      name: 'default',
    },
  ],
  workloads: [CART, VAULT],
};
const serviceLevel: Finding = {
  code: 'MESH-DR-DISABLES-STRICT',
  severity: 'error',
  cluster: 'platform',
  message: 'Clients of shop-gateway send plaintext',
  fix: 'Remove the DISABLE.',
  objects: [
    {
      cluster: 'platform',
      kind: 'Service',
      namespace: 'shop',
      name: 'shop-gateway',
    },
  ],
};
const vaultOnly: Finding = {
  code: 'MESH-WORKLOAD-TEST',
  severity: 'warning',
  cluster: 'platform',
  message: 'Workload shop/vault is odd',
  fix: 'Fix vault.',
  objects: [
    {
      cluster: 'platform',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'vault',
    },
  ],
  workloads: [VAULT],
};
const crossClusterAboutVault: Finding = {
  code: 'MESH-MC-MODE-MISMATCH',
  severity: 'warning',
  message: 'Service hsm.secret-ns differs between clusters',
  fix: 'Align them.',
  objects: [
    {
      cluster: 'platform',
      kind: 'Deployment',
      namespace: 'secret-ns',
      name: 'hsm',
    },
  ],
  workloads: [HSM],
};

const model: MeshModel = {
  ...testModel,
  workloads: [
    workload('shop', 'cart', { 'backstage.io/kubernetes-id': 'cart' }),
    workload('shop', 'vault', { tier: 'secret' }),
    workload('secret-ns', 'hsm', { tier: 'secret' }),
  ],
  services: [gateway],
  findings: [namespaceWide, serviceLevel, vaultOnly, crossClusterAboutVault],
};

/** A catalog where the caller can read every entity but `hidden`. */
function catalogHiding(hidden: string[]) {
  const entities = [cart, vault, grabber, everything];
  const byRef = new Map(entities.map(e => [stringifyEntityRef(e), e]));
  const readable = (ref: string) => !hidden.includes(ref);
  return catalogServiceMock.mock({
    getEntities: async () => ({ items: entities }),
    getEntityByRef: async ref =>
      typeof ref === 'string' && readable(ref) ? byRef.get(ref) : undefined,
    getEntitiesByRefs: async ({ entityRefs }) => ({
      items: entityRefs.map(ref =>
        readable(ref) ? byRef.get(ref) : undefined,
      ),
    }),
  });
}

async function makeApp(
  options: {
    hidden?: string[];
    history?: HistoryStore;
    telemetry?: TelemetryService;
    model?: MeshModel;
  } = {},
) {
  const mesh = await createMeshBackend(
    {
      config: testRootConfig(),
      logger: mockServices.logger.mock(),
      httpAuth: mockServices.httpAuth(),
      auth: mockServices.auth(),
      permissions: permissionsDenying(),
      catalog: catalogHiding(options.hidden ?? ['component:default/vault']),
      cache: memoryCache(),
      database: mockServices.database.mock(),
    },
    {
      snapshotStore: new MemorySnapshotStore(),
      collect: emptyCollect,
      computeModel: () => options.model ?? model,
      history: options.history ?? unusedHistory(),
      telemetry: options.telemetry,
    },
  );
  await mesh.snapshot.refresh();
  return express().use(mesh.router).use(mockErrorHandler());
}

/** Every string naming the vault entity or its workloads and namespace. */
const SECRETS = ['vault', 'hsm', 'secret-ns', 'team-vault'];

function expectNoSecrets(body: unknown) {
  const text = JSON.stringify(body);
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe('visibility (issue 13)', () => {
  it('refuses a selector with no positive term as a finding, claiming nothing', async () => {
    const app = await makeApp();
    const { body } = await request(app)
      .get('/entity/default/component/everything')
      .expect(200);
    expect(body.workloads).toEqual([]);
    expect(body.findings).toEqual([
      expect.objectContaining({
        code: 'MESH-ENTITY-BAD-SELECTOR',
        message: expect.stringContaining('positive term'),
      }),
    ]);
  });

  it('hides workloads an overlapping selector claims when the caller cannot read every claimant', async () => {
    const app = await makeApp();
    const { body } = await request(app)
      .get('/entity/default/component/grabber')
      .expect(200);
    expect(body.workloads).toEqual([]);
    expectNoSecrets(body);
  });

  it('shows contested workloads with a finding to a caller who may read every claimant', async () => {
    const app = await makeApp({ hidden: [] });
    const { body } = await request(app)
      .get('/entity/default/component/grabber')
      .expect(200);
    const response = body as EntityMeshResponse;
    expect(response.workloads.map(w => w.id)).toEqual([HSM, VAULT]);
    const contested = response.findings.filter(
      f => f.code === 'MESH-ENTITY-CONTESTED-WORKLOAD',
    );
    expect(contested.map(f => f.workloads)).toEqual([[HSM], [VAULT]]);
    expect(contested[0].message).toContain('component:default/vault');
  });

  it('lists only visible workloads in namespace-wide and Service findings and in services', async () => {
    const app = await makeApp();
    const { body } = await request(app)
      .get('/entity/default/component/cart')
      .expect(200);
    const response = body as EntityMeshResponse;
    expect(response.workloads.map(w => w.id)).toEqual([CART]);
    expect(response.services).toEqual([{ ...gateway, workloads: [CART] }]);
    expect(response.findings.map(f => f.code).sort()).toEqual([
      'MESH-DR-DISABLES-STRICT',
      'MESH-PA-NAMESPACE-CONFLICT',
    ]);
    expect(
      response.findings.find(f => f.code === 'MESH-PA-NAMESPACE-CONFLICT')
        ?.workloads,
    ).toEqual([CART]);
    expectNoSecrets(body);
  });

  it('keeps hidden workloads and their claims out of the audit, its CSV and /clusters', async () => {
    const app = await makeApp();
    const audit = await request(app).get('/audit').expect(200);
    expect(
      audit.body.items.map((row: { workloadId: string }) => row.workloadId),
    ).toEqual([CART]);
    expectNoSecrets(audit.body);
    const csv = await request(app).get('/audit/export.csv').expect(200);
    expectNoSecrets(csv.text);
    const clusters = await request(app).get('/clusters').expect(200);
    expect(clusters.body.findings).toEqual([]);
    expectNoSecrets(clusters.body);
  });

  it('drops history series of namespaces that hold only hidden workloads and of owners of no visible entity', async () => {
    const history: HistoryStore = {
      ...unusedHistory(),
      query: async ({ groupBy }): Promise<CoverageHistoryResponse> => {
        const point = [
          {
            time: '2026-12-01T00:00:00.000Z',
            counts: {
              strict: 1,
              meshedNotStrict: 0,
              outside: 0,
              infrastructure: 0,
              total: 1,
            },
          },
        ];
        return groupBy === 'namespace'
          ? {
              series: { 'namespace:shop': point, 'namespace:secret-ns': point },
            }
          : {
              series: {
                'owner:group:default/team-shop': point,
                'owner:group:default/team-vault': point,
                'owner:unowned': point,
              },
            };
      },
    };
    const app = await makeApp({ history });
    const byNamespace = await request(app)
      .get('/audit/history?groupBy=namespace')
      .expect(200);
    expect(Object.keys(byNamespace.body.series)).toEqual(['namespace:shop']);
    const byOwner = await request(app)
      .get('/audit/history?groupBy=owner')
      .expect(200);
    expect(Object.keys(byOwner.body.series).sort()).toEqual([
      'owner:group:default/team-shop',
      'owner:unowned',
    ]);
    await request(app)
      .get('/audit/history?groupBy=namespace&color=red')
      .expect(400);
    await request(app).get('/audit/history?days=401').expect(400);
  });

  it('/clusters reads the Services once per call, not once per cross-cluster finding (issue 13 item 5)', async () => {
    const findings: Finding[] = Array.from({ length: 200 }, (_, i) => ({
      code: 'MESH-MC-MODE-MISMATCH',
      severity: 'warning',
      message: `Service s${i}.shop differs between clusters`,
      fix: 'Align them.',
      objects: [
        {
          cluster: 'platform',
          kind: 'Service',
          namespace: 'shop',
          name: `s${i}`,
        },
      ],
    }));
    let servicePasses = 0;
    const services = new Proxy([gateway], {
      get(target, key, receiver) {
        if (key === 'map' || key === 'forEach' || key === Symbol.iterator) {
          servicePasses++;
        }
        return Reflect.get(target, key, receiver);
      },
    });
    const app = await makeApp({
      model: { ...model, services, findings: [...model.findings, ...findings] },
    });
    await request(app).get('/clusters').expect(200); // warm: entity index, visibility
    servicePasses = 0;
    const { body } = await request(app).get('/clusters').expect(200);
    expect(body.findings).toHaveLength(200);
    expect(servicePasses).toBe(1);
  });
});
