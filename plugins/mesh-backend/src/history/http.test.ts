import {
  TestDatabases,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import type { AuditRow } from '@mesh-portal/plugin-mesh-common';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import { DatabaseHistoryStore } from './HistoryStore';
import { readCoverageHistory, sendAuditCsv } from './http';
import { applyMigrations } from '../database';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const ROW: AuditRow = {
  workloadId: 'compute/spark/Deployment/=cmd',
  cluster: 'compute',
  namespace: 'spark',
  kind: 'Deployment',
  workload: '=cmd|calc',
  owner: 'group:default/données',
  membership: 'none',
  coverage: 'outside',
  mode: 'DISABLE',
  decidedBy: 'default',
  decidedScope: 'default',
  findings: 1,
};

async function app() {
  const knex = await databases.init('SQLITE_3');
  await applyMigrations(knex);
  const store = new DatabaseHistoryStore({
    client: knex,
    logger: mockServices.logger.mock(),
  });
  const router = Router();
  router.get('/audit/history', async (req, res) => {
    res.json(await readCoverageHistory(store, req.query));
  });
  router.get('/audit/export.csv', async (_req, res) => {
    sendAuditCsv(res, [ROW], new Date('2026-11-26T08:00:00Z'));
  });
  const server = express().use(router).use(mockErrorHandler());
  return { server, store };
}

describe('history HTTP helpers', () => {
  it('serves the history series and rejects a bad query with 400', async () => {
    const { server, store } = await app();
    await store.record(new Date(), [
      {
        groupBy: 'owner',
        key: 'group:default/web',
        counts: {
          strict: 1,
          meshedNotStrict: 0,
          outside: 0,
          infrastructure: 0,
          total: 1,
        },
      },
    ]);
    const ok = await request(server)
      .get('/audit/history')
      .query({ groupBy: 'owner', key: 'group:default/web', days: 7 });
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.body.series)).toEqual(['owner:group:default/web']);
    expect(ok.body.series['owner:group:default/web']).toHaveLength(1);

    const bad = await request(server).get('/audit/history').query({ days: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.name).toBe('InputError');
  });

  it('sends the CSV as a UTF-8 download with formula injection neutralised', async () => {
    const { server } = await app();
    const res = await request(server).get('/audit/export.csv').buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="mesh-audit-2026-11-26.csv"',
    );
    expect(res.headers['cache-control']).toBe('no-store');
    const body: string = res.text;
    expect(body.charCodeAt(0)).toBe(0xfeff);
    expect(body).toContain(",'=cmd|calc,,group:default/données,");
  });
});
