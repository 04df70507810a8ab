/**
 * Every proposal is judged by its effect: its YAML is applied to the objects
 * it was made from (an update replaces the object and keeps its creation
 * time, as `kubectl apply` does; a new object is the newest), and the engine
 * resolves the mode again.
 */
import type { MeshModel, Workload } from '@mesh-portal/plugin-mesh-common';
import { computeMeshModel } from '../../engine';
import { peerAuthenticationsOf } from '../../engine/peerAuthenticationsOf';
import {
  clusterFrom,
  deploymentWithPods,
  namespace,
  peerAuthentication,
} from '../../engine/__fixtures__/builders';
import { applied } from '../__testUtils__/applyProposal';
import type { PolicyContext } from './proposal';
import {
  proposeNamespaceStrict,
  proposeWorkloadStrict,
  selectorFor,
} from './proposal';

type Obj = Record<string, any>;

const apps = namespace('apps', { 'istio-injection': 'enabled' });
const withPorts = {
  sidecar: 'classic' as const,
  ports: [
    { containerPort: 8080, name: 'http' },
    { containerPort: 9090, name: 'http-metrics' },
  ],
};
const web = () =>
  deploymentWithPods(
    'web',
    'apps',
    { app: 'web', version: 'v1' },
    1,
    withPorts,
  );
const api = () =>
  deploymentWithPods('api', 'apps', { app: 'api' }, 1, { sidecar: 'classic' });

function model(objects: Obj[]): MeshModel {
  return computeMeshModel([clusterFrom('c1', objects)]);
}

function contextOf(objects: Obj[]): PolicyContext {
  return {
    cluster: 'c1',
    rootNamespace: 'istio-system',
    policies: peerAuthenticationsOf(
      'c1',
      objects.filter(o => o.kind === 'PeerAuthentication'),
    ),
  };
}

const byName = (m: MeshModel, name: string): Workload =>
  m.workloads.find(w => w.name === name)!;

const portMode = (w: Workload, port: number) =>
  w.mtls.ports.find(p => p.port === port)?.decision.mode;

describe('STRICT proposals, proved by resolving the applied objects again', () => {
  it('E4: with no policy deciding, a new workload policy makes only that workload STRICT', () => {
    const objects = [apps, ...web(), ...api()];
    const before = model(objects);
    const proposal = proposeWorkloadStrict(
      { workload: byName(before, 'web'), portExceptions: [] },
      contextOf(objects),
      before.workloads,
    )!;
    expect(proposal.changes.map(c => c.action)).toEqual(['create']);
    expect(proposal.changes[0].manifest.spec.selector).toEqual({
      matchLabels: { app: 'web' },
    });
    expect(proposal.command).toBe(
      'kubectl --context c1 apply -f strict-apps-web.yaml',
    );
    const after = model(applied(objects, proposal));
    expect(byName(after, 'web').mtls.workload).toMatchObject({
      mode: 'STRICT',
      scope: 'workload',
    });
    expect(portMode(byName(after, 'web'), 9090)).toBe('STRICT');
    expect(byName(after, 'api').mtls.workload.mode).toBe('PERMISSIVE');
    expect(proposal.alsoAffects).toEqual([]);
  });

  it('E4: when an older workload policy selects the workload, the proposal changes it, since a new one would be ignored', () => {
    const objects = [
      apps,
      ...web(),
      peerAuthentication('web-permissive', 'apps', {
        mode: 'PERMISSIVE',
        selector: { app: 'web' },
      }),
    ];
    const before = model(objects);
    const target = {
      workload: byName(before, 'web'),
      portExceptions: [] as number[],
    };
    // What adding a policy would do: nothing, the older one still decides.
    const added = model([
      ...objects,
      peerAuthentication('web-strict', 'apps', {
        mode: 'STRICT',
        selector: { app: 'web' },
      }),
    ]);
    expect(byName(added, 'web').mtls.workload.mode).toBe('PERMISSIVE');

    const proposal = proposeWorkloadStrict(
      target,
      contextOf(objects),
      before.workloads,
    )!;
    expect(proposal.changes).toEqual([
      expect.objectContaining({
        action: 'update',
        manifest: expect.objectContaining({
          metadata: { name: 'web-permissive', namespace: 'apps' },
        }),
      }),
    ]);
    const after = model(applied(objects, proposal));
    expect(byName(after, 'web').mtls.workload).toMatchObject({
      mode: 'STRICT',
      policy: { name: 'web-permissive' },
    });
  });

  it('E4: a scrape port keeps a PERMISSIVE portLevelMtls exception on the workload policy', () => {
    const objects = [apps, ...web(), ...api()];
    const before = model(objects);
    const proposal = proposeWorkloadStrict(
      { workload: byName(before, 'web'), portExceptions: [9090] },
      contextOf(objects),
      before.workloads,
    )!;
    expect(proposal.yaml).toContain('portLevelMtls');
    const w = byName(model(applied(objects, proposal)), 'web');
    expect(w.mtls.workload.mode).toBe('STRICT');
    expect(portMode(w, 8080)).toBe('STRICT');
    expect(portMode(w, 9090)).toBe('PERMISSIVE');
  });

  it('E3: the selector grows until it names only the workload; a shared existing policy is reported', () => {
    const v1 = web();
    const v2 = deploymentWithPods(
      'web-v2',
      'apps',
      { app: 'web', version: 'v2' },
      1,
      { sidecar: 'classic' },
    );
    const objects = [apps, ...v1, ...v2];
    const before = model(objects);
    expect(selectorFor(byName(before, 'web'), before.workloads)).toEqual({
      app: 'web',
      version: 'v1',
    });
    const fresh = proposeWorkloadStrict(
      { workload: byName(before, 'web'), portExceptions: [] },
      contextOf(objects),
      before.workloads,
    )!;
    const afterFresh = model(applied(objects, fresh));
    expect(byName(afterFresh, 'web').mtls.workload.mode).toBe('STRICT');
    expect(byName(afterFresh, 'web-v2').mtls.workload.mode).toBe('PERMISSIVE');

    const shared = [
      ...objects,
      peerAuthentication('web', 'apps', {
        mode: 'PERMISSIVE',
        selector: { app: 'web' },
      }),
    ];
    const proposal = proposeWorkloadStrict(
      { workload: byName(model(shared), 'web'), portExceptions: [] },
      contextOf(shared),
      model(shared).workloads,
    )!;
    expect(proposal.alsoAffects).toEqual(['c1/apps/Deployment/web-v2']);
    const after = model(applied(shared, proposal));
    expect(byName(after, 'web-v2').mtls.workload.mode).toBe('STRICT');
  });

  it('E4: namespace-wide, the oldest namespace policy is changed; port exceptions and overriding workload policies get workload policies beside it', () => {
    const objects = [
      apps,
      ...web(),
      ...api(),
      peerAuthentication('old', 'apps', {
        mode: 'PERMISSIVE',
        at: '2025-01-01T00:00:00Z',
      }),
      peerAuthentication('newer', 'apps', {
        mode: 'STRICT',
        at: '2025-06-01T00:00:00Z',
      }),
      peerAuthentication('api-open', 'apps', {
        mode: 'PERMISSIVE',
        selector: { app: 'api' },
      }),
    ];
    const before = model(objects);
    expect(byName(before, 'web').mtls.workload.mode).toBe('PERMISSIVE');
    const proposal = proposeNamespaceStrict(
      'apps',
      [
        { workload: byName(before, 'web'), portExceptions: [9090] },
        { workload: byName(before, 'api'), portExceptions: [] },
      ],
      contextOf(objects),
    )!;
    expect(
      proposal.changes.map(c => [c.action, c.manifest.metadata.name]),
    ).toEqual([
      ['update', 'old'],
      ['create', 'web-strict'],
      ['update', 'api-open'],
    ]);
    expect(proposal.changes[0].manifest.spec.selector).toBeUndefined();
    const after = model(applied(objects, proposal));
    const w = byName(after, 'web');
    expect(w.mtls.workload.mode).toBe('STRICT');
    expect(portMode(w, 9090)).toBe('PERMISSIVE');
    expect(portMode(w, 8080)).toBe('STRICT');
    expect(byName(after, 'api').mtls.workload.mode).toBe('STRICT');
  });

  it('E1: with no namespace-wide policy, a new selector-less one is created; none is proposed for the root namespace', () => {
    const objects = [apps, ...api()];
    const before = model(objects);
    const targets = [{ workload: byName(before, 'api'), portExceptions: [] }];
    const proposal = proposeNamespaceStrict(
      'apps',
      targets,
      contextOf(objects),
    )!;
    expect(proposal.changes).toHaveLength(1);
    expect(proposal.changes[0].manifest.metadata.name).toBe('default');
    expect(
      byName(model(applied(objects, proposal)), 'api').mtls.workload,
    ).toMatchObject({ mode: 'STRICT', scope: 'namespace' });
    expect(
      proposeNamespaceStrict('istio-system', targets, contextOf(objects)),
    ).toBeUndefined();
  });
});
