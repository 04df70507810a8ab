import type { CoverageClass } from '@mesh-portal/plugin-mesh-common';
import { summarizeAuditRows } from '../history/recorder';
import { summarizeRows } from '../service/auditRows';
import { computeMeshModel, countCoverage, coverageOf } from './index';
import {
  clusterFrom,
  deploymentWithPods,
  namespace,
  peerAuthentication,
  pod,
} from './__fixtures__/builders';

describe('audit figures', () => {
  const model = computeMeshModel([
    clusterFrom('c1', [
      namespace('istio-system'),
      namespace('team-a', { 'istio-injection': 'enabled' }),
      namespace('team-b'),
      peerAuthentication('default', 'istio-system', { mode: 'STRICT' }),
      peerAuthentication('relaxed', 'team-a', {
        mode: 'PERMISSIVE',
        selector: { app: 'relaxed' },
      }),
      ...deploymentWithPods('strict', 'team-a', { app: 'strict' }, 2, {
        sidecar: 'native',
      }),
      ...deploymentWithPods('relaxed', 'team-a', { app: 'relaxed' }, 1, {
        sidecar: 'classic',
      }),
      // Two meshed pods and one that missed injection: partial, meshed, never STRICT.
      ...deploymentWithPods('half', 'team-a', { app: 'half' }, 2, {
        sidecar: 'classic',
      }),
      pod('half-abc12-late', 'team-a', {
        labels: { app: 'half', 'pod-template-hash': 'abc12' },
        owner: { kind: 'ReplicaSet', name: 'half-abc12' },
      }),
      ...deploymentWithPods('legacy', 'team-b', { app: 'legacy' }),
      ...deploymentWithPods('idle', 'team-a', { app: 'idle' }, 0),
      pod('ingress', 'istio-system', {
        labels: { istio: 'ingressgateway' },
        sidecar: 'classic',
      }),
    ]),
  ]);

  const rows = model.workloads.map(w => ({
    namespace: w.namespace,
    coverage: coverageOf(w),
  }));

  it('countCoverage: STRICT on every port, meshed not STRICT, outside, infrastructure', () => {
    expect(countCoverage(rows).totals).toEqual({
      strict: 1,
      meshedNotStrict: 2,
      outside: 2,
      infrastructure: 1,
      total: 6,
    });
  });

  it('§1.4: a partial workload with a proxy counts as meshed-not-STRICT, never STRICT', () => {
    const half = model.workloads.find(w => w.name === 'half')!;
    expect(half.membership).toMatchObject({
      state: 'partial',
      pods: { sidecar: 2, none: 1 },
    });
    expect(half.mtls.workload.mode).toBe('STRICT');
    expect(half.coverage).toBe('meshed-not-strict');
    expect(coverageOf(half)).toBe('meshed-not-strict');
  });

  it('§1.4: a partial workload without any proxy counts as outside', () => {
    const half = model.workloads.find(w => w.name === 'half')!;
    const unmeshed = {
      ...half,
      membership: {
        state: 'partial' as const,
        pods: { 'ambient-pending': 1, none: 1 },
        reason: 'Its pods differ (1 ambient-pending, 1 none).',
      },
    };
    expect(coverageOf(unmeshed)).toBe('outside');
  });

  it('countCoverage groups by any key, in first-seen order, and keeps odd keys plain', () => {
    const { by } = countCoverage(rows, { namespace: row => row.namespace });
    expect(Object.fromEntries(by.namespace)).toEqual({
      'team-a': {
        strict: 1,
        meshedNotStrict: 2,
        outside: 1,
        infrastructure: 0,
        total: 4,
      },
      'team-b': {
        strict: 0,
        meshedNotStrict: 0,
        outside: 1,
        infrastructure: 0,
        total: 1,
      },
      'istio-system': {
        strict: 0,
        meshedNotStrict: 0,
        outside: 0,
        infrastructure: 1,
        total: 1,
      },
    });
    const odd = countCoverage(rows.slice(0, 1), { key: () => '__proto__' });
    expect([...odd.by.key.keys()]).toEqual(['__proto__']);
  });
});

describe('one coverage counter', () => {
  it('files each class once and an unknown class in the total only', () => {
    const classes = [
      'strict',
      'meshed-not-strict',
      'outside',
      'infrastructure',
      'someday-new',
      '__proto__',
    ] as CoverageClass[];
    expect(
      countCoverage(classes.map(coverage => ({ coverage }))).totals,
    ).toEqual({
      strict: 1,
      meshedNotStrict: 1,
      outside: 1,
      infrastructure: 1,
      total: 6,
    });
  });

  it('the audit and the history count the same rows alike', () => {
    const model = computeMeshModel([
      clusterFrom('c1', [
        namespace('apps', { 'istio-injection': 'enabled' }),
        ...deploymentWithPods('a', 'apps', { app: 'a' }, 1, {
          sidecar: 'classic',
        }),
        ...deploymentWithPods('b', 'apps', { app: 'b' }, 1),
      ]),
    ]);
    const rows = model.workloads.map(w => ({
      workloadId: w.id,
      cluster: w.cluster,
      namespace: w.namespace,
      kind: w.kind,
      workload: w.name,
      coverage: coverageOf(w),
    })) as Parameters<typeof summarizeRows>[0];
    const audit = summarizeRows(rows);
    const history = summarizeAuditRows(rows);
    expect(history.find(e => e.groupBy === 'all')?.counts).toEqual(
      audit.totals,
    );
    expect(
      history.find(e => e.groupBy === 'namespace' && e.key === 'apps')?.counts,
    ).toEqual(audit.byNamespace.apps);
    expect(audit.totals).toMatchObject({ meshedNotStrict: 1, outside: 1 });
  });
});
