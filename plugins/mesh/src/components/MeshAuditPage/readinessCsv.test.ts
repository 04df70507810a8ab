import { csvRecords } from '@mesh-portal/plugin-mesh-common';
import { readinessAudit } from '../../__fixtures__';
import { readinessToCsv } from './readinessCsv';

describe('readinessToCsv', () => {
  it('writes one row per workload with its verdict, blockers and proposal file', () => {
    const { header, records } = csvRecords(
      readinessToCsv(readinessAudit.workloads),
    );
    expect(header).toContain('readiness');
    expect(records.map(r => [r.workload, r.cluster, r.readiness])).toEqual([
      ['web-frontend', 'platform', 'blocked'],
      ['web-frontend', 'compute', 'ready'],
      ['nightly-export', 'platform', 'unknown'],
    ]);
    expect(records[0].blockers).toBe(
      'platform/legacy/report-generator (out-of-mesh); hidden callers (hidden)',
    );
    expect(records[1].proposal).toBe('strict-web-web-frontend.yaml');
    expect(records[1].portExceptions).toBe('9090');
  });

  it('neutralises spreadsheet formulas in names', () => {
    const csv = readinessToCsv([
      { ...readinessAudit.workloads[2], name: '=HYPERLINK("x")' },
    ]);
    expect(csvRecords(csv).records[0].workload).toBe(`'=HYPERLINK("x")`);
  });
});
