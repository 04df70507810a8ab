import type { MeshModel } from '@mesh-portal/plugin-mesh-common';
import { computeMeshModel } from './index';
import {
  clusterFrom,
  configMap,
  deploymentWithPods,
  istiod,
  namespace,
  pod,
} from './__fixtures__/builders';

type Obj = Record<string, any>;

function run(objects: Obj[]): MeshModel {
  return computeMeshModel([clusterFrom('c1', objects)]);
}

function workload(model: MeshModel, name: string) {
  const w = model.workloads.find(x => x.name === name);
  if (!w)
    throw new Error(`no workload ${name} in ${model.workloads.map(x => x.id)}`);
  return w;
}

/** Membership of a single bare pod `p` in namespace `ns` with labels `nsLabels`. */
function single(
  nsLabels: Record<string, string>,
  p: Parameters<typeof pod>[2],
  extra: Obj[] = [],
) {
  const model = run([
    namespace('apps', nsLabels),
    pod('p', 'apps', p),
    ...extra,
  ]);
  return workload(model, 'p').membership;
}

describe('workload grouping', () => {
  it('groups pods under their top owner: Deployment through its ReplicaSet', () => {
    const model = run([
      namespace('apps'),
      ...deploymentWithPods('web', 'apps', { app: 'web' }, 3),
    ]);
    expect(model.workloads.map(w => w.id)).toEqual(['c1/apps/Deployment/web']);
    expect(workload(model, 'web').replicas).toEqual({
      desired: 3,
      ready: 3,
      current: 3,
    });
  });

  it('finds the Deployment from pod-template-hash when the ReplicaSet was not listed', () => {
    const objects = deploymentWithPods('web', 'apps', { app: 'web' }, 2).filter(
      o => o.kind !== 'ReplicaSet',
    );
    expect(run(objects).workloads.map(w => w.id)).toEqual([
      'c1/apps/Deployment/web',
    ]);
  });

  it('groups Job pods under their CronJob, and pods owned by a pod under that pod', () => {
    const model = run([
      {
        kind: 'CronJob',
        metadata: { name: 'nightly', namespace: 'apps' },
        spec: {},
      },
      {
        kind: 'Job',
        metadata: {
          name: 'nightly-1',
          namespace: 'apps',
          ownerReferences: [
            { kind: 'CronJob', name: 'nightly', controller: true },
          ],
        },
      },
      pod('nightly-1-x', 'apps', { owner: { kind: 'Job', name: 'nightly-1' } }),
      pod('driver', 'apps'),
      pod('exec-1', 'apps', { owner: { kind: 'Pod', name: 'driver' } }),
      pod('exec-2', 'apps', { owner: { kind: 'Pod', name: 'driver' } }),
      {
        kind: 'StatefulSet',
        metadata: { name: 'db', namespace: 'apps' },
        spec: { replicas: 2 },
      },
      pod('db-0', 'apps', { owner: { kind: 'StatefulSet', name: 'db' } }),
    ]);
    expect(
      model.workloads.map(w => `${w.id}:${w.replicas.current}`).sort(),
    ).toEqual([
      'c1/apps/CronJob/nightly:1',
      'c1/apps/Pod/driver:3',
      'c1/apps/StatefulSet/db:1',
    ]);
  });
});

describe('M1: webhook namespace and object selectors', () => {
  it('M1: istio-injection=enabled selects the namespace, so an uninjected pod needs a restart', () => {
    expect(single({ 'istio-injection': 'enabled' }, {})).toMatchObject({
      state: 'none',
      notMeshedReasons: { 'needs-restart': 1 },
    });
  });

  it('M1: istio.io/rev on the namespace selects it', () => {
    expect(single({ 'istio.io/rev': 'canary' }, {}).notMeshedReasons).toEqual({
      'needs-restart': 1,
    });
  });

  it('M1: the legacy label wins: istio-injection=disabled beats istio.io/rev', () => {
    expect(
      single({ 'istio-injection': 'disabled', 'istio.io/rev': 'canary' }, {})
        .notMeshedReasons,
    ).toEqual({ 'namespace-not-enabled': 1 });
  });

  it('M1: pod labels istio.io/rev or sidecar.istio.io/inject=true select a pod in an unlabelled namespace', () => {
    expect(
      single({}, { labels: { 'istio.io/rev': 'canary' } }).notMeshedReasons,
    ).toEqual({
      'needs-restart': 1,
    });
    expect(
      single({}, { labels: { 'sidecar.istio.io/inject': 'true' } })
        .notMeshedReasons,
    ).toEqual({
      'needs-restart': 1,
    });
  });

  it('M1: the deprecated annotation alone does not pass the object selector', () => {
    expect(
      single({}, { annotations: { 'sidecar.istio.io/inject': 'true' } })
        .notMeshedReasons,
    ).toEqual({ 'namespace-not-enabled': 1 });
  });

  it('M1: enableNamespacesByDefault selects unlabelled namespaces, but never kube-system', () => {
    const injector = configMap('istio-sidecar-injector', 'istio-system', {
      values: JSON.stringify({
        sidecarInjectorWebhook: { enableNamespacesByDefault: true },
      }),
    });
    expect(single({}, {}, [injector]).notMeshedReasons).toEqual({
      'needs-restart': 1,
    });
    const model = run([
      namespace('kube-system'),
      pod('dns', 'kube-system'),
      injector,
    ]);
    expect(workload(model, 'dns').membership.notMeshedReasons).toEqual({
      'namespace-not-enabled': 1,
    });
  });
});

describe('M2: the injector decision', () => {
  const enabled = { 'istio-injection': 'enabled' };

  it('M2: hostNetwork pods are never injected', () => {
    expect(single(enabled, { hostNetwork: true }).notMeshedReasons).toEqual({
      'host-network': 1,
    });
  });

  it('M2: the pod label wins over the deprecated annotation', () => {
    expect(
      single(enabled, {
        labels: { 'sidecar.istio.io/inject': 'true' },
        annotations: { 'sidecar.istio.io/inject': 'false' },
      }).notMeshedReasons,
    ).toEqual({ 'needs-restart': 1 });
    expect(
      single(enabled, { annotations: { 'sidecar.istio.io/inject': 'false' } })
        .notMeshedReasons,
    ).toEqual({ 'opted-out': 1 });
  });

  it('M2: only "true" and "false" count; other values fall back to the policy', () => {
    const disabledPolicy = configMap('istio-sidecar-injector', 'istio-system', {
      config: 'policy: disabled\n',
    });
    expect(
      single(enabled, { labels: { 'sidecar.istio.io/inject': 'yes' } })
        .notMeshedReasons,
    ).toEqual({
      'needs-restart': 1,
    });
    expect(
      single(enabled, { labels: { 'sidecar.istio.io/inject': 'yes' } }, [
        disabledPolicy,
      ]).notMeshedReasons,
    ).toEqual({ 'namespace-not-enabled': 1 });
    expect(
      single(enabled, { labels: { 'sidecar.istio.io/inject': 'true' } }, [
        disabledPolicy,
      ]).notMeshedReasons,
    ).toEqual({ 'needs-restart': 1 });
  });

  it('M2: neverInjectSelector is checked before alwaysInjectSelector, both before the policy', () => {
    const injector = configMap('istio-sidecar-injector', 'istio-system', {
      config: [
        'policy: disabled',
        'neverInjectSelector:',
        '  - matchExpressions:',
        '    - {key: batch, operator: Exists}',
        'alwaysInjectSelector:',
        '  - matchLabels: {tier: web}',
      ].join('\n'),
    });
    expect(
      single(enabled, { labels: { tier: 'web' } }, [injector]).notMeshedReasons,
    ).toEqual({
      'needs-restart': 1,
    });
    expect(
      single(enabled, { labels: { tier: 'web', batch: 'yes' } }, [injector])
        .notMeshedReasons,
    ).toEqual({ 'opted-out': 1 });
    expect(
      single(enabled, { labels: { tier: 'db' } }, [injector]).notMeshedReasons,
    ).toEqual({
      'namespace-not-enabled': 1,
    });
  });
});

describe('M3-M6: observed sidecars', () => {
  it('M3: the sidecar.istio.io/status annotation marks a sidecar pod and names its revision', () => {
    const m = single(
      {},
      {
        annotations: {
          'sidecar.istio.io/status': JSON.stringify({
            containers: ['istio-proxy'],
            revision: 'canary',
          }),
        },
      },
    );
    expect(m).toMatchObject({ state: 'sidecar', revision: 'canary' });
  });

  it('M4: a native sidecar is an istio-proxy init container with restartPolicy Always', () => {
    expect(single({}, { sidecar: 'native' })).toMatchObject({
      state: 'sidecar',
      nativeSidecar: true,
    });
    expect(single({}, { sidecar: 'classic' }).nativeSidecar).toBeUndefined();
    expect(single({}, { sidecar: 'init-only' }).state).toBe('none');
  });

  it('M5: canonical revisions come from the canonical-revision, version labels, else "latest"', () => {
    const model = run([
      namespace('apps'),
      ...deploymentWithPods('a', 'apps', {
        app: 'a',
        'service.istio.io/canonical-revision': 'r7',
        version: 'v1',
      }),
      ...deploymentWithPods('b', 'apps', {
        app: 'b',
        'app.kubernetes.io/version': '2.0',
        version: 'v1',
      }),
      ...deploymentWithPods('c', 'apps', { app: 'c' }),
    ]);
    expect(['a', 'b', 'c'].map(n => workload(model, n).versions)).toEqual([
      ['r7'],
      ['2.0'],
      ['latest'],
    ]);
  });

  it('M6: istio-proxy in containers or in initContainers means the pod is meshed', () => {
    expect(single({}, { sidecar: 'classic' }).state).toBe('sidecar');
    expect(single({}, { sidecar: 'native' }).state).toBe('sidecar');
  });
});

describe('M7: ambient enrollment', () => {
  it('M7: ambient.istio.io/redirection=enabled is ambient; pending is ambient-pending', () => {
    const ns = { 'istio.io/dataplane-mode': 'ambient' };
    expect(
      single(ns, { annotations: { 'ambient.istio.io/redirection': 'enabled' } })
        .state,
    ).toBe('ambient');
    expect(
      single(ns, { annotations: { 'ambient.istio.io/redirection': 'pending' } })
        .state,
    ).toBe('ambient-pending');
  });

  it('M7: a pod selected for ambient but not enrolled is flagged; dataplane-mode=none opts out', () => {
    const ns = { 'istio.io/dataplane-mode': 'ambient' };
    expect(single(ns, {}).notMeshedReasons).toEqual({ 'needs-restart': 1 });
    expect(
      single({}, { labels: { 'istio.io/dataplane-mode': 'ambient' } })
        .notMeshedReasons,
    ).toEqual({
      'needs-restart': 1,
    });
    expect(
      single(ns, { labels: { 'istio.io/dataplane-mode': 'none' } })
        .notMeshedReasons,
    ).toEqual({
      'opted-out': 1,
    });
    expect(single(ns, { hostNetwork: true }).notMeshedReasons).toEqual({
      'host-network': 1,
    });
  });
});

describe('M8: ztunnel, waypoints and gateways', () => {
  it('M8: app=ztunnel in the system namespace is ztunnel; elsewhere it is not', () => {
    const model = run([
      namespace('istio-system'),
      namespace('apps'),
      pod('ztunnel-1', 'istio-system', { labels: { app: 'ztunnel' } }),
      pod('fake', 'apps', { labels: { app: 'ztunnel' } }),
    ]);
    expect(workload(model, 'ztunnel-1').membership).toMatchObject({
      state: 'infrastructure',
      infrastructure: 'ztunnel',
    });
    expect(workload(model, 'ztunnel-1').coverage).toBe('infrastructure');
    expect(workload(model, 'fake').membership.state).toBe('none');
  });

  it('M8: gateway.istio.io/managed tells waypoints from gateways', () => {
    expect(
      single(
        {},
        {
          labels: { 'gateway.istio.io/managed': 'istio.io-mesh-controller' },
          sidecar: 'classic',
        },
      ),
    ).toMatchObject({ state: 'infrastructure', infrastructure: 'waypoint' });
    expect(
      single(
        {},
        {
          labels: { 'gateway.istio.io/managed': 'istio.io-gateway-controller' },
          sidecar: 'classic',
        },
      ),
    ).toMatchObject({ state: 'infrastructure', infrastructure: 'gateway' });
    expect(
      single({}, { labels: { istio: 'ingressgateway' } }).infrastructure,
    ).toBe('gateway');
  });
});

describe('§1.4: per-pod classification order and workload aggregation', () => {
  it('§1.4: hostNetwork, then infrastructure, then sidecar, then ambient, then none', () => {
    const redirected = { 'ambient.istio.io/redirection': 'enabled' };
    expect(
      single({}, { hostNetwork: true, sidecar: 'classic' }).notMeshedReasons,
    ).toEqual({
      'host-network': 1,
    });
    expect(
      single({}, { labels: { istio: 'egressgateway' }, sidecar: 'classic' })
        .state,
    ).toBe('infrastructure');
    expect(
      single({}, { sidecar: 'classic', annotations: redirected }).state,
    ).toBe('sidecar');
    expect(single({}, { annotations: redirected }).state).toBe('ambient');
    expect(single({}, {}).state).toBe('none');
  });

  it('§1.4: a workload whose pods differ is partial: meshed-not-STRICT, never STRICT', () => {
    const objects = deploymentWithPods('web', 'apps', { app: 'web' }, 2, {
      sidecar: 'classic',
    });
    const plain = deploymentWithPods('web', 'apps', { app: 'web' }, 1)[2];
    plain.metadata.name = 'web-abc12-plain';
    const model = run([
      namespace('apps', { 'istio-injection': 'enabled' }),
      {
        kind: 'PeerAuthentication',
        metadata: { name: 'default', namespace: 'istio-system' },
        spec: { mtls: { mode: 'STRICT' } },
      },
      ...objects,
      plain,
    ]);
    const w = workload(model, 'web');
    expect(w.membership).toMatchObject({
      state: 'partial',
      pods: { sidecar: 2, none: 1 },
      notMeshedReasons: { 'needs-restart': 1 },
    });
    expect(w.mtls.workload.mode).toBe('STRICT');
    expect(w.coverage).toBe('meshed-not-strict');
  });

  it('§1.4: a workload with no pods is unknown, not meshed', () => {
    const model = run([
      namespace('apps', { 'istio-injection': 'enabled' }),
      ...deploymentWithPods('idle', 'apps', { app: 'idle' }, 0),
    ]);
    const w = workload(model, 'idle');
    expect(w.membership.state).toBe('unknown');
    expect(w.mtls.enforced).toBe(false);
    expect(w.coverage).toBe('outside');
    expect(w.replicas).toEqual({ desired: 0, ready: 0, current: 0 });
  });
});

describe('M1: revisions must be installed', () => {
  const canaryPlane = () => istiod('istio-system', undefined, 'canary');

  it('M1: a namespace labelled with a revision that is not installed is not selected by any injector', () => {
    const m = single({ 'istio.io/rev': '1-20' }, {}, canaryPlane());
    expect(m.notMeshedReasons).toEqual({ 'revision-not-installed': 1 });
    expect(m.reason).toContain('not installed');
  });

  it('M1: a pod labelled with a revision that is not installed is not selected either', () => {
    expect(
      single({}, { labels: { 'istio.io/rev': '1-20' } }, canaryPlane())
        .notMeshedReasons,
    ).toEqual({ 'revision-not-installed': 1 });
  });

  it('M1: an installed revision, an installed tag and "default" do select', () => {
    expect(
      single({ 'istio.io/rev': 'canary' }, {}, canaryPlane()).notMeshedReasons,
    ).toEqual({ 'needs-restart': 1 });
    expect(
      single({ 'istio.io/rev': 'default' }, {}, canaryPlane()).notMeshedReasons,
    ).toEqual({ 'needs-restart': 1 });
    const model = computeMeshModel([
      clusterFrom(
        'c1',
        [
          namespace('apps', { 'istio.io/rev': 'prod' }),
          pod('p', 'apps'),
          ...canaryPlane(),
        ],
        { injectorRevisions: ['prod'] },
      ),
    ]);
    expect(workload(model, 'p').membership.notMeshedReasons).toEqual({
      'needs-restart': 1,
    });
  });

  it('M1: the legacy label still wins over a missing revision', () => {
    expect(
      single(
        { 'istio-injection': 'enabled', 'istio.io/rev': '1-20' },
        {},
        canaryPlane(),
      ).notMeshedReasons,
    ).toEqual({ 'needs-restart': 1 });
  });
});
