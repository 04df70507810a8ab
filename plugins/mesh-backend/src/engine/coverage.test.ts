import type { CoverageClass } from '@mesh-portal/plugin-mesh-common';
import { countAuditRows } from '../history/counts';
import {
  addToCoverageCounts,
  computeMeshModel,
  countCoverage,
  coverageOf,
  emptyCoverageCounts,
  summarizeCoverage,
} from './index';
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
      // Two meshed pods and one that missed injection: partial, never STRICT.
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

  it('countCoverage: STRICT on every port, meshed not STRICT, outside, infrastructure', () => {
    expect(countCoverage(model.workloads)).toEqual({
      strict: 1,
      meshedNotStrict: 1,
      outside: 3,
      infrastructure: 1,
      total: 6,
    });
  });

  it('countCoverage: a partial workload is never STRICT, whatever its coverage field says', () => {
    const half = model.workloads.find(w => w.name === 'half')!;
    expect(half.membership.state).toBe('partial');
    expect(half.mtls.workload.mode).toBe('STRICT');
    expect(countCoverage([{ ...half, coverage: 'strict' }])).toMatchObject({
      strict: 0,
      outside: 1,
    });
  });

  it('summarizeCoverage groups by any key and leaves out workloads without one', () => {
    const byNamespace = summarizeCoverage(model.workloads, w =>
      w.namespace === 'istio-system' ? undefined : w.namespace,
    );
    expect(byNamespace).toEqual({
      'team-a': {
        strict: 1,
        meshedNotStrict: 1,
        outside: 2,
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
    });
    const odd = summarizeCoverage(
      model.workloads.slice(0, 1),
      () => '__proto__',
    );
    expect(Object.keys(odd)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(odd, '__proto__')?.value.total).toBe(
      1,
    );
  });
});

describe('one coverage counter', () => {
  it('addToCoverageCounts files each class once and an unknown class in the total only', () => {
    const counts = emptyCoverageCounts();
    for (const c of [
      'strict',
      'meshed-not-strict',
      'outside',
      'infrastructure',
      'someday-new',
      '__proto__',
    ]) {
      addToCoverageCounts(counts, c as CoverageClass);
    }
    expect(counts).toEqual({
      strict: 1,
      meshedNotStrict: 1,
      outside: 1,
      infrastructure: 1,
      total: 6,
    });
  });

  it('the history counts audit rows with the same counter as the engine', () => {
    const model = computeMeshModel([
      clusterFrom('c1', [
        namespace('apps', { 'istio-injection': 'enabled' }),
        ...deploymentWithPods('a', 'apps', { app: 'a' }, 1, {
          sidecar: 'classic',
        }),
        ...deploymentWithPods('b', 'apps', { app: 'b' }, 1),
      ]),
    ]);
    const rows = model.workloads.map(w => ({ coverage: coverageOf(w) }));
    expect(countAuditRows(rows)).toEqual(countCoverage(model.workloads));
  });
});
