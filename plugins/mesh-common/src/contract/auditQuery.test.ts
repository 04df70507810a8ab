import type { AuditRow } from '../types/api';
import { matchesAuditQuery, sortAuditRows } from './auditQuery';
import { countCoverage } from './coverageCounts';
import { UNOWNED_KEY } from './vocabulary';

function row(overrides: Partial<AuditRow>): AuditRow {
  const cluster = overrides.cluster ?? 'platform';
  const namespace = overrides.namespace ?? 'web';
  const workload = overrides.workload ?? 'frontend';
  return {
    workloadId: `${cluster}/${namespace}/Deployment/${workload}`,
    cluster,
    namespace,
    kind: 'Deployment',
    workload,
    membership: 'sidecar',
    coverage: 'strict',
    mode: 'STRICT',
    decidedBy: 'default',
    decidedScope: 'mesh',
    findings: 0,
    ...overrides,
  };
}

const rows: AuditRow[] = [
  row({
    workload: 'frontend',
    owner: 'group:default/web',
    entityTitle: 'Web frontend',
  }),
  row({
    cluster: 'compute',
    namespace: 'spark',
    workload: 'driver',
    coverage: 'meshed-not-strict',
    mode: 'PERMISSIVE',
    findings: 2,
  }),
  row({
    cluster: 'compute',
    namespace: 'spark',
    workload: 'executor',
    coverage: 'outside',
    membership: 'none',
    mode: 'PERMISSIVE',
  }),
  row({
    namespace: 'istio-system',
    workload: 'istiod',
    coverage: 'infrastructure',
    membership: 'infrastructure',
  }),
];

describe('matchesAuditQuery', () => {
  it('treats a row without owner or system as the unowned key', () => {
    const unowned = rows.filter(r =>
      matchesAuditQuery(r, { owner: [UNOWNED_KEY] }),
    );
    expect(unowned.map(r => r.workload)).toEqual([
      'driver',
      'executor',
      'istiod',
    ]);
    expect(
      rows.filter(r => matchesAuditQuery(r, { system: [UNOWNED_KEY] })),
    ).toHaveLength(4);
  });

  it('leaves out STRICT and infrastructure rows with notStrict', () => {
    expect(
      rows
        .filter(r => matchesAuditQuery(r, { notStrict: true }))
        .map(r => r.workload),
    ).toEqual(['driver', 'executor']);
  });

  it('searches workload, entity title, namespace, owner and cluster, ignoring case', () => {
    const found = (q: string) =>
      rows.filter(r => matchesAuditQuery(r, { q })).map(r => r.workload);
    expect(found('WEB FRONT')).toEqual(['frontend']);
    expect(found('compute')).toEqual(['driver', 'executor']);
    expect(found('group:default/web')).toEqual(['frontend']);
    expect(found('nothing-like-this')).toEqual([]);
  });

  it('combines filters: every list must match', () => {
    expect(
      rows.filter(r =>
        matchesAuditQuery(r, { cluster: ['compute'], state: ['outside'] }),
      ),
    ).toEqual([rows[2]]);
  });
});

describe('sortAuditRows', () => {
  it('sorts by cluster, then namespace and workload, by default', () => {
    expect(sortAuditRows([...rows], {}).map(r => r.workload)).toEqual([
      'driver',
      'executor',
      'istiod',
      'frontend',
    ]);
  });

  it('sorts coverage from outside to infrastructure, and descending on request', () => {
    const ascending = sortAuditRows([...rows], { sort: 'coverage' });
    expect(ascending.map(r => r.coverage)).toEqual([
      'outside',
      'meshed-not-strict',
      'strict',
      'infrastructure',
    ]);
    const descending = sortAuditRows([...rows], {
      sort: 'findings',
      order: 'desc',
    });
    expect(descending[0].workload).toBe('driver');
  });
});

describe('countCoverage', () => {
  it('counts every row in the total and under its class and group keys', () => {
    const { totals, by } = countCoverage(rows, {
      cluster: r => r.cluster,
    });
    expect(totals).toEqual({
      strict: 1,
      meshedNotStrict: 1,
      outside: 1,
      infrastructure: 1,
      total: 4,
    });
    expect(by.cluster.get('compute')).toEqual({
      strict: 0,
      meshedNotStrict: 1,
      outside: 1,
      infrastructure: 0,
      total: 2,
    });
  });
});
