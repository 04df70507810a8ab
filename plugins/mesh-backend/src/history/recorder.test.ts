import type { AuditRow, CoverageClass } from '@mesh-portal/plugin-mesh-common';
import { UNOWNED_KEY } from '../engine/coverage';
import { recordCoverage, summarizeAuditRows } from './recorder';
import type { CoverageSummaryEntry, HistoryStore } from './types';

function row(
  cluster: string,
  namespace: string,
  coverage: CoverageClass,
  owner?: string,
): AuditRow {
  return {
    workloadId: `${cluster}/${namespace}/Deployment/${coverage}-${owner}`,
    cluster,
    namespace,
    kind: 'Deployment',
    workload: `${coverage}-${owner}`,
    owner,
    membership: coverage === 'outside' ? 'none' : 'sidecar',
    coverage,
    mode: coverage === 'strict' ? 'STRICT' : 'PERMISSIVE',
    decidedBy: 'default',
    decidedScope: 'default',
    findings: 0,
  };
}

const ROWS: AuditRow[] = [
  row('platform', 'web', 'strict', 'group:default/web'),
  row('platform', 'web', 'meshed-not-strict', 'group:default/web'),
  row('platform', 'istio-system', 'infrastructure'),
  row('compute', 'spark', 'outside', 'group:default/data'),
  row('compute', 'spark', 'strict', 'group:default/data'),
  row('compute', 'web', 'outside'),
];

function find(summary: CoverageSummaryEntry[], groupBy: string, key: string) {
  return summary.find(e => e.groupBy === groupBy && e.key === key)?.counts;
}

describe('summarizeAuditRows', () => {
  it('counts each row by its coverage class, mesh-wide and per group', () => {
    const summary = summarizeAuditRows(ROWS);
    expect(find(summary, 'all', 'all')).toEqual({
      strict: 2,
      meshedNotStrict: 1,
      outside: 2,
      infrastructure: 1,
      total: 6,
    });
    expect(find(summary, 'owner', 'group:default/web')).toEqual({
      strict: 1,
      meshedNotStrict: 1,
      outside: 0,
      infrastructure: 0,
      total: 2,
    });
    expect(find(summary, 'owner', UNOWNED_KEY)).toEqual({
      strict: 0,
      meshedNotStrict: 0,
      outside: 1,
      infrastructure: 1,
      total: 2,
    });
    expect(find(summary, 'cluster', 'compute')?.total).toBe(3);
    // A namespace name shared by two clusters is one group.
    expect(find(summary, 'namespace', 'web')).toEqual({
      strict: 1,
      meshedNotStrict: 1,
      outside: 1,
      infrastructure: 0,
      total: 3,
    });
    // One entry per group: all + 3 owners + 2 clusters + 3 namespaces.
    expect(summary).toHaveLength(9);
    for (const dimension of ['owner', 'cluster', 'namespace']) {
      const total = summary
        .filter(e => e.groupBy === dimension)
        .reduce((sum, e) => sum + e.counts.total, 0);
      expect(total).toBe(ROWS.length);
    }
  });

  it('gives only the mesh-wide zero entry for no rows', () => {
    expect(summarizeAuditRows([])).toEqual([
      {
        groupBy: 'all',
        key: 'all',
        counts: {
          strict: 0,
          meshedNotStrict: 0,
          outside: 0,
          infrastructure: 0,
          total: 0,
        },
      },
    ]);
  });
});

describe('recordCoverage', () => {
  it('records the summary for the given moment', async () => {
    const record = jest.fn<Promise<void>, [Date, CoverageSummaryEntry[]]>(
      async () => {},
    );
    const store = { record } as unknown as HistoryStore;
    const at = new Date('2026-11-26T08:00:00Z');
    const summary = await recordCoverage(store, ROWS, at);
    expect(record).toHaveBeenCalledTimes(1);
    expect(record).toHaveBeenCalledWith(at, summary);
    expect(summary).toEqual(summarizeAuditRows(ROWS));
  });
});
