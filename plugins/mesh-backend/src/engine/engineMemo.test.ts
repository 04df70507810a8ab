import { computeMeshModel, EngineMemo } from './index';
import {
  clusterFrom,
  deploymentWithPods,
  istiod,
  namespace,
  peerAuthentication,
  service,
} from './__fixtures__/builders';
import type { ClusterObjects } from './types';

const app = (meshed = true) => [
  namespace('apps', { 'istio-injection': 'enabled' }),
  ...deploymentWithPods('web', 'apps', { app: 'web' }, 2, {
    sidecar: meshed ? 'classic' : undefined,
  }),
  service('web', 'apps', { app: 'web' }),
];

const primary = (mode: string) =>
  clusterFrom('primary', [
    ...app(),
    ...istiod('istio-system', 'primary-id'),
    peerAuthentication('default', 'istio-system', { mode }),
    // Malformed on purpose: its finding must be replayed when reused.
    { apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'apps' } },
  ]);

const remote = (meshed = true) =>
  clusterFrom('remote', [...app(meshed)], {
    configCluster: 'primary',
    istioClusterId: 'remote-id',
  });

/** Runs the memoised engine and checks it against a run without memo. */
function expectSameAsFresh(memo: EngineMemo, clusters: ClusterObjects[]) {
  const now = new Date('2026-06-01T00:00:00Z');
  const model = computeMeshModel(clusters, { memo, now });
  expect(model).toEqual(computeMeshModel(clusters, { now }));
  return model;
}

describe('EngineMemo: a run reusing the steps of unchanged clusters', () => {
  it('gives the model of a fresh run, findings included, after a change in one cluster', () => {
    const memo = new EngineMemo();
    const stable = primary('STRICT');
    const first = expectSameAsFresh(memo, [stable, remote()]);
    expect(first.findings.length).toBeGreaterThan(0);

    // The remote cluster's pods lose their sidecars: only its steps run again.
    const changed = expectSameAsFresh(memo, [stable, remote(false)]);
    const web = changed.workloads.find(
      w => w.id === 'remote/apps/Deployment/web',
    )!;
    expect(web.membership.state).toBe('none');
    // The unchanged cluster's workloads are the very objects of the first run.
    expect(
      changed.workloads.find(w => w.id === 'primary/apps/Deployment/web'),
    ).toBe(first.workloads.find(w => w.id === 'primary/apps/Deployment/web'));
  });

  it('C4: recomputes a remote cluster whose config cluster changed, though its own input did not', () => {
    const memo = new EngineMemo();
    const sameRemote = remote();
    expectSameAsFresh(memo, [primary('STRICT'), sameRemote]);
    const model = expectSameAsFresh(memo, [primary('DISABLE'), sameRemote]);
    expect(
      model.workloads.find(w => w.id === 'remote/apps/Deployment/web')!.mtls
        .workload.mode,
    ).toBe('DISABLE');
  });

  it('keeps the order of clusters and their findings when clusters swap places or go', () => {
    const memo = new EngineMemo();
    const a = primary('STRICT');
    const b = remote();
    expectSameAsFresh(memo, [a, b]);
    const swapped = expectSameAsFresh(memo, [b, a]);
    expect(swapped.clusters.map(c => c.cluster)).toEqual(['remote', 'primary']);
    expectSameAsFresh(memo, [b]);
    const back = expectSameAsFresh(memo, [a, b]);
    expect(back.clusters.map(c => c.cluster)).toEqual(['primary', 'remote']);
  });

  it('reads malformed input the same with and without a memo', () => {
    const memo = new EngineMemo();
    const inputs = [null, 'not a cluster', { cluster: 42 }] as unknown[];
    expectSameAsFresh(memo, inputs as ClusterObjects[]);
    const again = expectSameAsFresh(memo, inputs as ClusterObjects[]);
    expect(again.findings.map(f => f.code)).toContain('MESH-MALFORMED-OBJECT');
  });
});
