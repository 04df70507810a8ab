import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  AuditFindingsResponse,
  AuditResponse,
  Finding,
  MeshModel,
} from '@mesh-portal/plugin-mesh-common';
import express from 'express';
import request from 'supertest';
import {
  component,
  emptyCollect,
  MemorySnapshotStore,
  permissionsDenying,
  testModel,
  testRootConfig,
  unusedHistory,
} from './__testUtils__/fixtures';
import type { TelemetryService } from './telemetry/types';
import { memoryCache } from './telemetry/__testUtils__/memoryCache';
import { createMeshBackend } from './wiring';

const WEB = 'platform/web/Deployment/web-frontend';
const DEBUG = 'platform/api/Deployment/debug-toolbox';
const SECRET = 'platform/api/Deployment/secret-api';

function finding(overrides: Partial<Finding>): Finding {
  return {
    code: 'MESH-TEST',
    severity: 'warning',
    cluster: 'platform',
    message: 'something',
    fix: 'fix it',
    objects: [],
    ...overrides,
  };
}

/**
 * One finding over three workloads (one hidden from the caller), one about
 * the hidden workload only, and one error on the unowned workload.
 */
const model: MeshModel = {
  ...testModel,
  findings: [
    finding({
      code: 'MESH-SHARED',
      message: 'namespace-wide PERMISSIVE',
      workloads: [WEB, DEBUG, SECRET],
    }),
    finding({
      code: 'MESH-SECRET',
      message: 'secret only',
      workloads: [SECRET],
    }),
    finding({
      code: 'MESH-OUTSIDE',
      severity: 'error',
      message: 'debug-toolbox is outside the mesh',
      workloads: [DEBUG],
    }),
  ],
};

async function makeApp(
  options: { denied?: string[]; telemetry?: TelemetryService } = {},
) {
  const entities: Entity[] = [
    component('web-frontend', 'team-web'),
    component('secret-api', 'team-secret'),
  ];
  const byRef = new Map(entities.map(e => [stringifyEntityRef(e), e]));
  const hiddenRef = 'component:default/secret-api';
  const catalog = catalogServiceMock.mock({
    getEntities: async () => ({ items: entities }),
    getEntityByRef: async ref =>
      typeof ref === 'string' && ref !== hiddenRef ? byRef.get(ref) : undefined,
    getEntitiesByRefs: async ({ entityRefs }) => ({
      items: entityRefs.map(ref =>
        ref === hiddenRef ? undefined : byRef.get(ref),
      ),
    }),
  });
  const mesh = await createMeshBackend(
    {
      config: testRootConfig(),
      logger: mockServices.logger.mock(),
      httpAuth: mockServices.httpAuth(),
      auth: mockServices.auth(),
      permissions: permissionsDenying(...(options.denied ?? [])),
      catalog,
      cache: memoryCache(),
      database: mockServices.database.mock(),
    },
    {
      snapshotStore: new MemorySnapshotStore(),
      collect: emptyCollect,
      computeModel: () => model,
      history: unusedHistory(),
      telemetry: options.telemetry,
    },
  );
  await mesh.snapshot.refresh();
  return express().use(mesh.router).use(mockErrorHandler());
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('GET /audit/findings', () => {
  it('lists each distinct finding once with the matching workloads it touches, and the counts add up with /audit', async () => {
    const app = await makeApp();
    const findings = (await request(app).get('/audit/findings').expect(200))
      .body as AuditFindingsResponse;
    expect(
      findings.items.map(f => [
        f.code,
        f.affected.map(a => [a.workload, a.entityRef]),
      ]),
    ).toEqual([
      // Most severe first.
      ['MESH-OUTSIDE', [['debug-toolbox', undefined]]],
      [
        'MESH-SHARED',
        [
          ['web-frontend', 'component:default/web-frontend'],
          ['debug-toolbox', undefined],
        ],
      ],
    ]);
    expect(findings.items[0]).toMatchObject({
      message: 'debug-toolbox is outside the mesh',
      fix: 'fix it',
    });
    expect(findings.totalItems).toBe(2);
    expect(findings.workloads).toBe(2);
    expect(JSON.stringify(findings)).not.toContain('secret');

    // The audit's headline and rows count the same findings.
    const audit = (await request(app).get('/audit').expect(200))
      .body as AuditResponse;
    expect(sum(Object.values(audit.findingsBySeverity))).toBe(
      findings.totalItems,
    );
    expect(audit.workloadsWithFindings).toBe(findings.workloads);
    expect(sum(audit.items.map(row => row.findings))).toBe(
      sum(findings.items.map(f => f.affected.length)),
    );
  });

  it('follows the audit filters, one workload and one severity, and pages', async () => {
    const app = await makeApp();
    const get = async (query: string) =>
      (await request(app).get(`/audit/findings?${query}`).expect(200))
        .body as AuditFindingsResponse;

    const notStrict = await get('notStrict=true');
    // The shared finding stays, naming only the matching row.
    expect(
      notStrict.items.map(f => [f.code, f.affected.map(a => a.workload)]),
    ).toEqual([
      ['MESH-OUTSIDE', ['debug-toolbox']],
      ['MESH-SHARED', ['debug-toolbox']],
    ]);
    expect(notStrict.items[1].workloads).toEqual([DEBUG]);

    const web = await get(`workload=${encodeURIComponent(WEB)}`);
    expect(web.items.map(f => f.code)).toEqual(['MESH-SHARED']);
    // Still every matching workload of the finding, not only the one asked for.
    expect(web.items[0].affected.map(a => a.workload)).toEqual([
      'web-frontend',
      'debug-toolbox',
    ]);

    expect((await get('severity=error')).items.map(f => f.code)).toEqual([
      'MESH-OUTSIDE',
    ]);
    // A hidden workload's id answers like an unknown one.
    expect(
      (await get(`workload=${encodeURIComponent(SECRET)}`)).totalItems,
    ).toBe(0);

    const page = await get('limit=1&offset=1');
    expect(page.items.map(f => f.code)).toEqual(['MESH-SHARED']);
    expect(page.totalItems).toBe(2);
  });

  it('refuses bad input with 400, no credentials with 401 and no audit permission with 403', async () => {
    const app = await makeApp();
    for (const query of [
      'severity=fatal',
      `workload=${'a'.repeat(2000)}`,
      'colour=red',
      'limit=0',
    ]) {
      expect((await request(app).get(`/audit/findings?${query}`)).status).toBe(
        400,
      );
    }
    expect(
      (
        await request(app)
          .get('/audit/findings')
          .set('Authorization', mockCredentials.none.header())
      ).status,
    ).toBe(401);
    const denied = await makeApp({ denied: ['mesh.audit.read'] });
    expect((await request(denied).get('/audit/findings')).status).toBe(403);
  });
});

describe('GET /audit observed mTLS, inbound and outbound', () => {
  it('puts the outbound share on the sender, so a plaintext client outside the mesh shows (O1, O2)', async () => {
    const app = await makeApp({
      telemetry: {
        getObservedMtlsByWorkload: async () => ({
          // debug-toolbox (no proxy) sends plaintext to web-frontend.
          byWorkload: new Map([[WEB, { requests: { known: 4, mtls: 1 } }]]),
          outboundByWorkload: new Map([
            [DEBUG, { requests: { known: 3, mtls: 0 } }],
            [WEB, { bytes: { known: 100, mtls: 100 } }],
          ]),
          sources: [{ name: 'platform', ok: true }],
        }),
      } as unknown as TelemetryService,
    });
    const body = (await request(app).get('/audit').expect(200))
      .body as AuditResponse;
    expect(
      body.items.map(row => [
        row.workload,
        row.observedMtlsShare,
        row.observedOutboundMtlsShare,
      ]),
    ).toEqual([
      ['debug-toolbox', undefined, 0],
      ['web-frontend', 0.25, 1],
    ]);
    const sorted = (
      await request(app)
        .get('/audit?sort=observedOutboundMtlsShare&order=asc')
        .expect(200)
    ).body as AuditResponse;
    expect(sorted.items.map(row => row.workload)).toEqual([
      'debug-toolbox',
      'web-frontend',
    ]);
  });
});
