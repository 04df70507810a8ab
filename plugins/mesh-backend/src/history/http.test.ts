import { mockErrorHandler } from '@backstage/backend-test-utils';
import type { AuditRow } from '@mesh-portal/plugin-mesh-common';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import { sendAuditCsv } from './http';

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

function app() {
  const router = Router();
  router.get('/audit/export.csv', async (_req, res) => {
    sendAuditCsv(res, [ROW], new Date('2026-11-26T08:00:00Z'));
  });
  return express().use(router).use(mockErrorHandler());
}

describe('sendAuditCsv', () => {
  it('sends the CSV as a UTF-8 download with formula injection neutralised', async () => {
    const server = app();
    const res = await request(server).get('/audit/export.csv').buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="mesh-audit-2026-11-26.csv"',
    );
    expect(res.headers['cache-control']).toBe('no-store');
    const body: string = res.text;
    expect(body.charCodeAt(0)).toBe(0xfeff);
    expect(body).toContain('"\'=cmd|calc","","group:default/données"');
  });
});
