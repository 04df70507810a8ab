import { emptyClusterObjects } from '../engine/emptyClusterObjects';
import { injectorRevisionsOf, type RawClusterLists } from './readClusterLists';
import { toClusterObjects } from './toClusterObjects';

/** Raw lists with every list empty: the engine's empty input, ConfigMaps by source. */
function rawLists(lists: Partial<RawClusterLists>): RawClusterLists {
  const { cluster, configMaps, ...workloadLists } = emptyClusterObjects('');
  return {
    ...(workloadLists as Omit<
      RawClusterLists,
      'rootConfigMaps' | 'istiodConfigMaps' | 'caRootCerts'
    >),
    rootConfigMaps: [],
    istiodConfigMaps: [],
    caRootCerts: [],
    ...lists,
  };
}

const object = (
  kind: string,
  namespace: string | undefined,
  name: string,
  labels: Record<string, string> = {},
) => ({ kind, metadata: { namespace, name, labels } });

describe('toClusterObjects', () => {
  it('drops excluded namespaces but keeps istiod and Istio configuration there', () => {
    const objects = toClusterObjects(
      { name: 'platform' },
      rawLists({
        namespaces: [
          object('Namespace', undefined, 'istio-system'),
          object('Namespace', undefined, 'apps'),
        ],
        pods: [
          object('Pod', 'istio-system', 'istiod-1', { app: 'istiod' }),
          object('Pod', 'istio-system', 'other'),
          object('Pod', 'apps', 'web'),
        ],
        peerAuthentications: [
          object('PeerAuthentication', 'istio-system', 'default'),
        ],
      }),
      ['istio-system'],
    );
    expect(objects.cluster).toBe('platform');
    expect(objects.namespaces.map(n => (n as any).metadata.name)).toEqual([
      'apps',
    ]);
    expect(objects.pods.map(p => (p as any).metadata.name)).toEqual([
      'istiod-1',
      'web',
    ]);
    expect(objects.peerAuthentications).toHaveLength(1);
  });

  it("keeps only Istio's ConfigMaps and the root certificates outside the root namespace", () => {
    const objects = toClusterObjects(
      { name: 'platform' },
      rawLists({
        rootConfigMaps: [
          object('ConfigMap', 'istio-system', 'istio'),
          object('ConfigMap', 'istio-system', 'kube-root-ca.crt'),
        ],
        istiodConfigMaps: [
          object('ConfigMap', 'istio-control', 'istio-sidecar-injector'),
        ],
        caRootCerts: [
          object('ConfigMap', 'istio-system', 'istio-ca-root-cert'),
          object('ConfigMap', 'apps', 'istio-ca-root-cert'),
        ],
      }),
    );
    expect(
      objects.configMaps.map(c => {
        const { namespace, name } = (c as any).metadata;
        return `${namespace}/${name}`;
      }),
    ).toEqual([
      'istio-system/istio',
      'istio-control/istio-sidecar-injector',
      'apps/istio-ca-root-cert',
    ]);
  });

  it('M1: passes the injector revisions on only when they could be read', () => {
    expect(
      toClusterObjects({ name: 'c' }, rawLists({})).injectorRevisions,
    ).toBeUndefined();
    expect(
      toClusterObjects({ name: 'c' }, rawLists({ injectorRevisions: [] }))
        .injectorRevisions,
    ).toEqual([]);
  });
});

describe('injectorRevisionsOf', () => {
  it('M1: collects revision and tag labels of the webhooks, sorted and once', () => {
    expect(
      injectorRevisionsOf([
        object('MutatingWebhookConfiguration', undefined, 'a', {
          'istio.io/rev': 'canary',
        }),
        object('MutatingWebhookConfiguration', undefined, 'b', {
          'istio.io/rev': '1-22',
          'istio.io/tag': 'stable',
        }),
        object('MutatingWebhookConfiguration', undefined, 'c', {
          'istio.io/rev': 'canary',
        }),
        { metadata: null },
        'garbage',
      ]),
    ).toEqual(['1-22', 'canary', 'stable']);
  });
});
