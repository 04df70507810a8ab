import type { MeshModel } from '@mesh-portal/plugin-mesh-common';
import { computeMeshModel } from './index';
import {
  DestinationRuleIndex,
  hostMatchScore,
  resolveHost,
} from './destinationRules';
import { FindingSink } from './findings/FindingSink';
import { parseDestinationRule } from './parse/istio';
import { parseList } from './parse/parseList';
import {
  clusterFrom,
  deploymentWithPods,
  destinationRule,
  meshConfig,
  namespace,
  peerAuthentication,
  service,
} from './__fixtures__/builders';

type Obj = Record<string, any>;

function run(objects: Obj[], opts: { meshed?: boolean } = {}): MeshModel {
  return computeMeshModel([
    clusterFrom('c1', [
      namespace('apps', { 'istio-injection': 'enabled' }),
      ...deploymentWithPods('web', 'apps', { app: 'web', version: 'v1' }, 1, {
        sidecar: opts.meshed === false ? undefined : 'classic',
      }),
      service('web', 'apps', { app: 'web' }, [
        { port: 80, name: 'http', targetPort: 8080 },
        { port: 81, name: 'http-alt', targetPort: 8080 },
      ]),
      ...objects,
    ]),
  ]);
}

function port(model: MeshModel, number = 80) {
  return model.services
    .find(s => s.name === 'web')!
    .ports.find(p => p.port === number)!;
}

function index(objects: Obj[], root = 'istio-system') {
  const sink = new FindingSink();
  const rules = parseList(
    { cluster: 'c1', sink },
    'DestinationRule',
    objects,
    parseDestinationRule,
  );
  return new DestinationRuleIndex(rules, root);
}

describe('E7-E10: client-side TLS', () => {
  it('E7: TLS is read from trafficPolicy.tls, portLevelSettings and subsets', () => {
    const model = run([
      destinationRule('web', 'apps', 'web', {
        tls: 'ISTIO_MUTUAL',
        portLevel: { 81: 'SIMPLE' },
        subsets: [
          { name: 'v1', labels: { version: 'v1' }, tls: 'DISABLE' },
          { name: 'v2', labels: { version: 'v2' } },
        ],
      }),
    ]);
    expect(port(model, 80)).toMatchObject({
      clientMode: 'ISTIO_MUTUAL',
      destinationRule: { name: 'web' },
      subsets: { v1: 'DISABLE' },
      outcome: 'mtls',
    });
    expect(port(model, 81)).toMatchObject({
      clientMode: 'SIMPLE',
      subsets: { v1: 'DISABLE' },
    });
  });

  it('E8: without a DestinationRule, auto-mTLS sends mTLS to sidecar servers and plaintext to others', () => {
    expect(port(run([]))).toMatchObject({
      clientMode: 'AUTO_MTLS',
      outcome: 'mtls',
    });
    expect(port(run([], { meshed: false }))).toMatchObject({
      clientMode: 'AUTO_PLAINTEXT',
      outcome: 'plaintext',
    });
    const off = run([meshConfig('istio-system', 'enableAutoMtls: false\n')]);
    expect(off.clusters[0].autoMtls).toBe(false);
    expect(port(off)).toMatchObject({
      clientMode: 'AUTO_PLAINTEXT',
      outcome: 'plaintext',
    });
  });

  it('E9: a DestinationRule TLS setting wins over auto-mTLS; auto sends plaintext to DISABLE servers', () => {
    const model = run([
      peerAuthentication('wl', 'apps', {
        mode: 'DISABLE',
        selector: { app: 'web' },
      }),
      destinationRule('web', 'apps', 'web', {
        portLevel: { 81: 'ISTIO_MUTUAL' },
      }),
    ]);
    expect(port(model, 80)).toMatchObject({
      clientMode: 'AUTO_PLAINTEXT',
      outcome: 'plaintext',
    });
    expect(port(model, 80).destinationRule).toBeUndefined();
    expect(port(model, 81)).toMatchObject({
      clientMode: 'ISTIO_MUTUAL',
      outcome: 'broken',
    });
  });

  it('E10: the client namespace rule, then the service namespace export, then the root namespace export', () => {
    const rules = index([
      destinationRule('root', 'istio-system', '*.local', {
        tls: 'ISTIO_MUTUAL',
      }),
      destinationRule('svc-ns', 'apps', 'web', { tls: 'SIMPLE' }),
      destinationRule('private', 'apps', 'api', {
        tls: 'DISABLE',
        exportTo: ['.'],
      }),
      destinationRule('client-ns', 'team-a', 'web.apps.svc.cluster.local', {
        tls: 'DISABLE',
      }),
      destinationRule('scoped', 'team-b', 'web.apps.svc.cluster.local', {
        tls: 'DISABLE',
        workloadSelector: { app: 'x' },
      }),
    ]);
    const web = 'web.apps.svc.cluster.local';
    expect(rules.lookup('team-a', web, 'apps')?.name).toBe('client-ns');
    expect(rules.lookup('team-b', web, 'apps')?.name).toBe('svc-ns');
    expect(
      rules.lookup('apps', 'api.apps.svc.cluster.local', 'apps')?.name,
    ).toBe('private');
    expect(
      rules.lookup('team-b', 'api.apps.svc.cluster.local', 'apps')?.name,
    ).toBe('root');
    expect(
      rules.lookup('team-b', 'other.svc.example', 'other'),
    ).toBeUndefined();
  });

  it('E10: exportTo limits a rule to the listed namespaces', () => {
    const rules = index([
      destinationRule('web', 'apps', 'web', {
        tls: 'SIMPLE',
        exportTo: ['team-a'],
      }),
    ]);
    const web = 'web.apps.svc.cluster.local';
    expect(rules.lookup('team-a', web, 'apps')?.name).toBe('web');
    expect(rules.lookup('team-b', web, 'apps')).toBeUndefined();
  });

  it('E10: short hosts resolve in the rule namespace; exact hosts beat longer wildcards, which beat shorter ones', () => {
    expect(resolveHost('web', 'apps')).toBe('web.apps.svc.cluster.local');
    expect(resolveHost('web.other', 'apps')).toBe('web.other');
    const host = 'web.apps.svc.cluster.local';
    expect(hostMatchScore(host, host)).toBeGreaterThan(
      hostMatchScore('*.apps.svc.cluster.local', host),
    );
    expect(hostMatchScore('*.apps.svc.cluster.local', host)).toBeGreaterThan(
      hostMatchScore('*.local', host),
    );
    expect(hostMatchScore('*.local', host)).toBeGreaterThan(
      hostMatchScore('*', host),
    );
    expect(hostMatchScore('*.other.svc.cluster.local', host)).toBe(-1);
    const rules = index([
      destinationRule('all', 'apps', '*.local', { tls: 'DISABLE' }),
      destinationRule('ns', 'apps', '*.apps.svc.cluster.local', {
        tls: 'SIMPLE',
      }),
    ]);
    expect(rules.lookup('apps', host, 'apps')?.name).toBe('ns');
  });

  it('E11: client and server combine into mtls, plaintext or broken', () => {
    const strict = peerAuthentication('default', 'istio-system', {
      mode: 'STRICT',
    });
    expect(
      port(
        run([
          strict,
          destinationRule('web', 'apps', 'web', { tls: 'DISABLE' }),
        ]),
      ).outcome,
    ).toBe('broken');
    expect(
      port(
        run([
          strict,
          destinationRule('web', 'apps', 'web', { tls: 'ISTIO_MUTUAL' }),
        ]),
      ).outcome,
    ).toBe('mtls');
    expect(
      port(run([destinationRule('web', 'apps', 'web', { tls: 'DISABLE' })]))
        .outcome,
    ).toBe('plaintext');
    expect(
      port(
        run([destinationRule('web', 'apps', 'web', { tls: 'ISTIO_MUTUAL' })], {
          meshed: false,
        }),
      ).outcome,
    ).toBe('broken');
  });
});

describe('E10 + E11: DestinationRules in client namespaces', () => {
  const strictWeb = [
    peerAuthentication('default', 'istio-system', { mode: 'STRICT' }),
  ];

  it('E10: a rule in a client namespace that disables TLS toward a STRICT server is reported for those clients', () => {
    const model = run([
      ...strictWeb,
      namespace('frontend', { 'istio-injection': 'enabled' }),
      destinationRule('web-no-tls', 'frontend', 'web.apps.svc.cluster.local', {
        tls: 'DISABLE',
      }),
    ]);
    // The Service's own namespace still uses auto-mTLS.
    expect(port(model).clientMode).toBe('AUTO_MTLS');
    const finding = model.findings.find(
      f => f.code === 'MESH-DR-DISABLES-STRICT',
    );
    expect(finding).toBeDefined();
    expect(finding!.message).toContain('clients in namespace frontend');
    expect(finding!.objects).toContainEqual({
      cluster: 'c1',
      kind: 'DestinationRule',
      namespace: 'frontend',
      name: 'web-no-tls',
    });
    expect(finding!.workloads).toEqual(['c1/apps/Deployment/web']);
  });

  it('E10: the finding also names the client workloads the rule breaks, so it shows on their pages', () => {
    const model = run([
      ...strictWeb,
      namespace('frontend', { 'istio-injection': 'enabled' }),
      ...deploymentWithPods('site', 'frontend', { app: 'site' }, 1, {
        sidecar: 'classic',
      }),
      destinationRule('web-no-tls', 'frontend', 'web.apps.svc.cluster.local', {
        tls: 'DISABLE',
      }),
    ]);
    const finding = model.findings.find(
      f => f.code === 'MESH-DR-DISABLES-STRICT',
    );
    expect(finding!.workloads?.sort()).toEqual([
      'c1/apps/Deployment/web',
      'c1/frontend/Deployment/site',
    ]);
  });

  it('E10: the Service records what clients of another namespace send (read by telemetry where proxies cannot tell)', () => {
    const model = run([
      ...strictWeb,
      namespace('frontend', { 'istio-injection': 'enabled' }),
      destinationRule('web-no-tls', 'frontend', 'web.apps.svc.cluster.local', {
        tls: 'DISABLE',
      }),
    ]);
    const web = model.services.find(s => s.name === 'web')!;
    const rule = {
      cluster: 'c1',
      kind: 'DestinationRule',
      namespace: 'frontend',
      name: 'web-no-tls',
    };
    expect(web.clientNamespaces).toEqual([
      {
        namespace: 'frontend',
        ports: [
          { port: 80, clientMode: 'DISABLE', destinationRule: rule },
          { port: 81, clientMode: 'DISABLE', destinationRule: rule },
        ],
      },
    ]);
    // The Service's own view is unchanged.
    expect(web.ports.map(p => p.clientMode)).toEqual([
      'AUTO_MTLS',
      'AUTO_MTLS',
    ]);
  });

  it('E10: a client-namespace rule that keeps Istio mTLS raises nothing', () => {
    const model = run([
      ...strictWeb,
      destinationRule('web-mtls', 'frontend', 'web.apps.svc.cluster.local', {
        tls: 'ISTIO_MUTUAL',
      }),
    ]);
    expect(model.findings.map(f => f.code)).not.toContain(
      'MESH-DR-DISABLES-STRICT',
    );
  });

  it('E11: disabling TLS toward a PERMISSIVE server is plaintext, not broken', () => {
    const model = run([
      peerAuthentication('default', 'istio-system', { mode: 'PERMISSIVE' }),
      destinationRule('web-no-tls', 'frontend', 'web.apps.svc.cluster.local', {
        tls: 'DISABLE',
      }),
    ]);
    expect(model.findings.map(f => f.code)).not.toContain(
      'MESH-DR-DISABLES-STRICT',
    );
  });
});
