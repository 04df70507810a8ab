import { computeMeshModel } from './index';
import {
  clusterFrom,
  deploymentWithPods,
  istiod,
  namespace,
  peerAuthentication,
  service,
} from './__fixtures__/builders';

const app = () => [
  namespace('apps', { 'istio-injection': 'enabled' }),
  ...deploymentWithPods('web', 'apps', { app: 'web' }, 1, {
    sidecar: 'classic',
  }),
  service('web', 'apps', { app: 'web' }),
];

describe('C1-C5: several clusters', () => {
  it('C4: a remote cluster takes its policies and mesh config from its config cluster', () => {
    const model = computeMeshModel([
      clusterFrom('primary', [
        ...app(),
        ...istiod('istio-system', 'primary-id'),
        peerAuthentication('default', 'istio-system', { mode: 'STRICT' }),
      ]),
      clusterFrom(
        'remote',
        [
          ...app(),
          peerAuthentication('default', 'istio-system', { mode: 'DISABLE' }),
        ],
        {
          configCluster: 'primary',
          istioClusterId: 'remote-id',
        },
      ),
    ]);
    const remote = model.workloads.find(
      w => w.id === 'remote/apps/Deployment/web',
    )!;
    expect(remote.mtls.workload).toMatchObject({
      mode: 'STRICT',
      scope: 'mesh',
      policy: {
        cluster: 'primary',
        namespace: 'istio-system',
        name: 'default',
      },
    });
    expect(
      model.findings.filter(f => f.code === 'MESH-MULTICLUSTER-MODE-MISMATCH'),
    ).toEqual([]);
  });

  it('C4: without a config cluster each cluster is governed by its own policies', () => {
    const model = computeMeshModel([
      clusterFrom(
        'a',
        [
          ...app(),
          peerAuthentication('default', 'istio-system', { mode: 'STRICT' }),
        ],
        {
          istioClusterId: 'a',
        },
      ),
      clusterFrom('b', app(), { istioClusterId: 'b' }),
    ]);
    expect(
      model.workloads.map(w => `${w.cluster}:${w.mtls.workload.mode}`),
    ).toEqual(['a:STRICT', 'b:PERMISSIVE']);
  });

  it('C5: workload ids carry the Backstage cluster name; services are keyed the same way', () => {
    const model = computeMeshModel([
      clusterFrom('a', app(), { istioClusterId: 'a' }),
      clusterFrom('b', app(), { istioClusterId: 'b' }),
    ]);
    expect(model.workloads.map(w => w.id)).toEqual([
      'a/apps/Deployment/web',
      'b/apps/Deployment/web',
    ]);
    expect(model.services.map(s => s.id)).toEqual(['a/apps/web', 'b/apps/web']);
    expect(model.findings).toEqual([]);
  });

  it('C4: an unknown config cluster is reported and the cluster keeps its own policies', () => {
    const model = computeMeshModel([
      clusterFrom('remote', app(), { configCluster: 'missing' }),
    ]);
    expect(model.findings.map(f => f.code)).toEqual(['MESH-MALFORMED-OBJECT']);
    expect(model.workloads[0].mtls.workload.mode).toBe('PERMISSIVE');
  });
});
