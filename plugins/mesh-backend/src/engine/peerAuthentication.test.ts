import type { MeshModel } from '@mesh-portal/plugin-mesh-common';
import { computeMeshModel } from './index';
import {
  clusterFrom,
  deploymentWithPods,
  meshConfig,
  namespace,
  peerAuthentication,
  service,
} from './__fixtures__/builders';

type Obj = Record<string, any>;

const apps = namespace('apps', { 'istio-injection': 'enabled' });
const web = () =>
  deploymentWithPods('web', 'apps', { app: 'web', tier: 'front' }, 1, {
    sidecar: 'classic',
    ports: [
      { containerPort: 8080, name: 'http' },
      { containerPort: 9090, name: 'metrics' },
    ],
  });

function run(objects: Obj[]): MeshModel {
  return computeMeshModel([clusterFrom('c1', [apps, ...web(), ...objects])]);
}

function webOf(model: MeshModel) {
  return model.workloads.find(w => w.name === 'web')!;
}

describe('E1-E6: effective server-side mTLS', () => {
  it('E1: a selector-less policy in the root namespace is mesh-wide, in another namespace namespace-wide', () => {
    const mesh = run([
      peerAuthentication('default', 'istio-system', { mode: 'STRICT' }),
    ]);
    expect(webOf(mesh).mtls.workload).toMatchObject({
      mode: 'STRICT',
      scope: 'mesh',
      policy: {
        kind: 'PeerAuthentication',
        namespace: 'istio-system',
        name: 'default',
      },
    });
    const ns = run([
      peerAuthentication('default', 'apps', { mode: 'DISABLE', selector: {} }),
    ]);
    expect(webOf(ns).mtls.workload).toMatchObject({
      mode: 'DISABLE',
      scope: 'namespace',
    });
  });

  it('E2: the root namespace comes from the mesh config rootNamespace (default istio-system)', () => {
    const model = run([
      meshConfig('istio-system', 'rootNamespace: mesh-root\n'),
      peerAuthentication('default', 'istio-system', { mode: 'DISABLE' }),
      peerAuthentication('default', 'mesh-root', { mode: 'STRICT' }),
    ]);
    expect(model.clusters[0].rootNamespace).toBe('mesh-root');
    expect(webOf(model).mtls.workload).toMatchObject({
      mode: 'STRICT',
      scope: 'mesh',
      policy: { namespace: 'mesh-root' },
    });
    const override = computeMeshModel([
      clusterFrom(
        'c1',
        [
          apps,
          ...web(),
          peerAuthentication('default', 'other', { mode: 'DISABLE' }),
        ],
        {
          rootNamespace: 'other',
        },
      ),
    ]);
    expect(webOf(override).mtls.workload).toMatchObject({
      mode: 'DISABLE',
      scope: 'mesh',
    });
  });

  it('E3: a workload policy applies when its matchLabels are a subset of the workload labels', () => {
    const model = run([
      peerAuthentication('front', 'apps', {
        mode: 'STRICT',
        selector: { tier: 'front' },
      }),
      peerAuthentication('other', 'apps', {
        mode: 'DISABLE',
        selector: { tier: 'front', app: 'api' },
      }),
      peerAuthentication('elsewhere', 'other-ns', {
        mode: 'DISABLE',
        selector: { app: 'web' },
      }),
    ]);
    expect(webOf(model).mtls.workload).toMatchObject({
      mode: 'STRICT',
      scope: 'workload',
      policy: { name: 'front' },
    });
  });

  it('E4: the oldest namespace-wide policy wins and the newer one is ignored', () => {
    const model = run([
      peerAuthentication('newer', 'apps', {
        mode: 'DISABLE',
        at: '2026-03-01T00:00:00Z',
      }),
      peerAuthentication('older', 'apps', {
        mode: 'STRICT',
        at: '2026-02-01T00:00:00Z',
      }),
    ]);
    const decision = webOf(model).mtls.workload;
    expect(decision).toMatchObject({
      mode: 'STRICT',
      scope: 'namespace',
      policy: { name: 'older' },
    });
    expect(decision.ignored).toEqual([
      {
        cluster: 'c1',
        kind: 'PeerAuthentication',
        namespace: 'apps',
        name: 'newer',
      },
    ]);
  });

  it('E4: the oldest workload policy wins among several matching ones', () => {
    const model = run([
      peerAuthentication('b-newer', 'apps', {
        mode: 'PERMISSIVE',
        selector: { app: 'web' },
        at: '2026-03-01T00:00:00Z',
      }),
      peerAuthentication('a-older', 'apps', {
        mode: 'DISABLE',
        selector: { tier: 'front' },
        at: '2026-02-01T00:00:00Z',
      }),
    ]);
    expect(webOf(model).mtls.workload).toMatchObject({
      mode: 'DISABLE',
      policy: { name: 'a-older' },
    });
  });

  it('E4: resolution runs mesh, namespace, workload; UNSET inherits from the level above', () => {
    const model = run([
      peerAuthentication('default', 'istio-system', { mode: 'STRICT' }),
      peerAuthentication('ns', 'apps', { mode: 'UNSET' }),
      peerAuthentication('wl', 'apps', { selector: { app: 'web' } }),
    ]);
    const decision = webOf(model).mtls.workload;
    expect(decision).toMatchObject({ mode: 'STRICT', scope: 'mesh' });
    expect(decision.reason).toContain('UNSET');
    const overridden = run([
      peerAuthentication('default', 'istio-system', { mode: 'STRICT' }),
      peerAuthentication('ns', 'apps', { mode: 'PERMISSIVE' }),
    ]);
    expect(webOf(overridden).mtls.workload).toMatchObject({
      mode: 'PERMISSIVE',
      scope: 'namespace',
    });
  });

  it('E4: selector policies in the root namespace are ignored', () => {
    const model = run([
      peerAuthentication('default', 'istio-system', { mode: 'PERMISSIVE' }),
      peerAuthentication('web-strict', 'istio-system', {
        mode: 'STRICT',
        selector: { app: 'web' },
      }),
    ]);
    expect(webOf(model).mtls.workload).toMatchObject({
      mode: 'PERMISSIVE',
      scope: 'mesh',
    });
  });

  it('E4: portLevelMtls applies only on workload policies, keyed by container port; UNSET ports inherit', () => {
    const model = run([
      peerAuthentication('default', 'istio-system', { mode: 'PERMISSIVE' }),
      peerAuthentication('wl', 'apps', {
        mode: 'STRICT',
        selector: { app: 'web' },
        portLevel: { '9090': 'DISABLE', '8080': 'UNSET' },
      }),
      service('web', 'apps', { app: 'web' }, [
        { port: 80, name: 'http', targetPort: 'http' },
        { port: 9000, name: 'http-metrics', targetPort: 9090 },
      ]),
    ]);
    const w = webOf(model);
    expect(
      w.mtls.ports.map(p => [
        p.port,
        p.decision.mode,
        p.decision.scope,
        p.servicePorts,
      ]),
    ).toEqual([
      [8080, 'STRICT', 'workload', ['web:80']],
      [9090, 'DISABLE', 'port', ['web:9000']],
    ]);
    expect(w.coverage).toBe('meshed-not-strict');

    const namespaceWide = run([
      peerAuthentication('ns', 'apps', {
        mode: 'STRICT',
        portLevel: { '9090': 'DISABLE' },
      }),
    ]);
    expect(
      webOf(namespaceWide).mtls.ports.every(p => p.decision.mode === 'STRICT'),
    ).toBe(true);
  });

  it('E4: a Service named targetPort resolves to the container port the policy keys on', () => {
    const model = run([
      peerAuthentication('wl', 'apps', {
        mode: 'STRICT',
        selector: { app: 'web' },
        portLevel: { '8080': 'PERMISSIVE' },
      }),
      service('web', 'apps', { app: 'web' }, [
        { port: 443, name: 'https', targetPort: 'http' },
      ]),
    ]);
    const port = webOf(model).mtls.ports.find(p => p.port === 8080)!;
    expect(port.servicePorts).toEqual(['web:443']);
    expect(port.decision).toMatchObject({ mode: 'PERMISSIVE', scope: 'port' });
  });

  it('E5: with no policy, or only UNSET, the mode is PERMISSIVE by default', () => {
    expect(webOf(run([])).mtls.workload).toMatchObject({
      mode: 'PERMISSIVE',
      scope: 'default',
    });
    const unset = run([
      peerAuthentication('default', 'istio-system', { mode: 'UNSET' }),
    ]);
    expect(webOf(unset).mtls.workload).toMatchObject({
      mode: 'PERMISSIVE',
      scope: 'default',
    });
    expect(webOf(run([])).coverage).toBe('meshed-not-strict');
  });

  it('E5: an unknown mode is reported and treated as UNSET (inherits)', () => {
    const model = run([
      peerAuthentication('default', 'istio-system', { mode: 'STRICT' }),
      peerAuthentication('typo', 'apps', { mode: 'STRIKT' }),
    ]);
    expect(webOf(model).mtls.workload).toMatchObject({
      mode: 'STRICT',
      scope: 'mesh',
    });
    expect(model.findings.map(f => f.code)).toEqual(['MESH-UNKNOWN-MODE']);
  });

  it('E5: a STRICT workload that is not meshed is not enforced', () => {
    const model = computeMeshModel([
      clusterFrom('c1', [
        namespace('plain'),
        ...deploymentWithPods('legacy', 'plain', { app: 'legacy' }),
        peerAuthentication('default', 'istio-system', { mode: 'STRICT' }),
      ]),
    ]);
    const w = model.workloads.find(x => x.name === 'legacy')!;
    expect(w.mtls.workload.mode).toBe('STRICT');
    expect(w.mtls.enforced).toBe(false);
    expect(w.coverage).toBe('outside');
  });

  it('E6: ambient workloads always use mTLS transport; STRICT only stops plaintext', () => {
    const model = computeMeshModel([
      clusterFrom('c1', [
        namespace('amb', { 'istio.io/dataplane-mode': 'ambient' }),
        ...deploymentWithPods('svc', 'amb', { app: 'svc' }, 1, {
          annotations: { 'ambient.istio.io/redirection': 'enabled' },
        }),
        peerAuthentication('default', 'istio-system', { mode: 'STRICT' }),
      ]),
    ]);
    const w = model.workloads.find(x => x.name === 'svc')!;
    expect(w.membership.state).toBe('ambient');
    expect(w.mtls).toMatchObject({ ambientTransport: true, enforced: true });
    expect(w.coverage).toBe('strict');
  });
});
