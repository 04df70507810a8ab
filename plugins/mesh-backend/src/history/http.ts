import type { AuditRow } from '@mesh-portal/plugin-mesh-common';
import type { Response } from 'express';
import { auditRowsToCsv } from './csv';

/**
 * Sends audit rows as a CSV download (`GET /audit/export.csv`). The body
 * starts with a UTF-8 byte order mark so spreadsheets read non-ASCII names
 * correctly, and the response is never cached (it is permission-filtered).
 * @public
 */
export function sendAuditCsv(
  res: Response,
  rows: AuditRow[],
  now: Date = new Date(),
): void {
  const day = now.toISOString().slice(0, 10);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="mesh-audit-${day}.csv"`,
  );
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.status(200).send(auditRowsToCsv(rows, { byteOrderMark: true }));
}
