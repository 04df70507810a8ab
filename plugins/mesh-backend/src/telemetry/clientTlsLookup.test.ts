import { computeMeshModel } from '../engine';
import {
  clusterFrom,
  deploymentWithPods,
  destinationRule,
  namespace,
  peerAuthentication,
  service,
} from '../engine/__fixtures__/builders';
import { clientTlsLookupFrom, clientTlsTowardLatest } from './clientTlsLookup';

describe('clientTlsLookupFrom', () => {
  const model = computeMeshModel([
    clusterFrom('c1', [
      namespace('apps', { 'istio-injection': 'enabled' }),
      namespace('frontend', { 'istio-injection': 'enabled' }),
      namespace('legacy', {}),
      ...deploymentWithPods('web', 'apps', { app: 'web' }, 1, {
        sidecar: 'classic',
      }),
      ...deploymentWithPods('old', 'legacy', { app: 'old' }, 1, {}),
      service('web', 'apps', { app: 'web' }, [{ port: 80, name: 'http' }]),
      service('old', 'legacy', { app: 'old' }, [{ port: 80, name: 'http' }]),
      peerAuthentication('default', 'istio-system', { mode: 'STRICT' }),
      destinationRule('web-no-tls', 'frontend', 'web.apps.svc.cluster.local', {
        tls: 'DISABLE',
      }),
    ]),
  ]);
  const lookup = clientTlsLookupFrom(model);

  it('E10: clients whose own namespace disables TLS toward the Service send plaintext', () => {
    expect(
      lookup(
        { cluster: 'c1', namespace: 'frontend' },
        'web.apps.svc.cluster.local',
      ),
    ).toBe('plaintext');
  });

  it('E8: other clients follow the Service view (auto-mTLS toward a proxy)', () => {
    expect(
      lookup(
        { cluster: 'c1', namespace: 'apps' },
        'web.apps.svc.cluster.local',
      ),
    ).toBe('mtls');
  });

  it('E9: auto-mTLS toward endpoints without proxy is plaintext', () => {
    expect(
      lookup(
        { cluster: 'c1', namespace: 'apps' },
        'old.legacy.svc.cluster.local',
      ),
    ).toBe('plaintext');
  });

  it('G19: configuration is per cluster; unknown hosts and clusters are unknown', () => {
    expect(
      lookup(
        { cluster: 'c2', namespace: 'frontend' },
        'web.apps.svc.cluster.local',
      ),
    ).toBeUndefined();
    expect(
      lookup({ cluster: 'c1', namespace: 'apps' }, 'httpbin.org'),
    ).toBeUndefined();
  });

  it('follows the latest model, rebuilding the lookup only when it changes', () => {
    let current: Pick<typeof model, 'services'> = model;
    const toward = clientTlsTowardLatest(() => current);
    const host = 'web.apps.svc.cluster.local';
    expect(toward({ cluster: 'c1', namespace: 'frontend' }, host)).toBe(
      'plaintext',
    );
    current = { services: [] };
    expect(
      toward({ cluster: 'c1', namespace: 'frontend' }, host),
    ).toBeUndefined();
  });
});
