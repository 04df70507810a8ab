import { mockServices } from '@backstage/backend-test-utils';
import type { MeshModel } from '@mesh-portal/plugin-mesh-common';
import {
  MemorySnapshotStore,
  testConfig,
  workload,
} from '../__testUtils__/fixtures';
import { ClusterReadError } from '../collector';
import type { MeshClusterConfig } from '../config';
import { emptyClusterObjects } from '../engine/emptyClusterObjects';
import type { ClusterObjects } from '../engine/types';
import { SnapshotManager, type ClusterList } from './SnapshotManager';

const computeModel = (clusters: ClusterObjects[]): MeshModel => ({
  clusters: [],
  workloads: clusters.map(c => workload('web', c.cluster, {})),
  services: [],
  findings: [],
});

/** A cluster list as a runtime locator would give it; counts its refreshes. */
function foundClusters(clusters: MeshClusterConfig[]) {
  const list: ClusterList & { refreshes: number } = {
    refreshes: 0,
    refresh: async () => {
      list.refreshes++;
    },
    current: () => clusters,
  };
  return list;
}

describe('SnapshotManager with clusters found at runtime (catalog, GKE, kubectl proxy)', () => {
  const found: MeshClusterConfig = {
    name: 'from-catalog',
    url: 'https://k8s.example.com',
    source: 'catalog',
    authProvider: 'aws',
    skipTLSVerify: false,
  };
  const unreadable: MeshClusterConfig = {
    name: 'bad-entity',
    url: '',
    source: 'catalog',
    skipTLSVerify: false,
    unsupportedReason:
      'catalog entity resource:default/bad-entity: missing annotation kubernetes.io/api-server',
  };

  it('reads what the list finds with each cluster credential, and other replicas load it on sync', async () => {
    const store = new MemorySnapshotStore();
    const credentialsAskedFor: string[] = [];
    const make = (clusters: ClusterList) =>
      new SnapshotManager({
        config: testConfig(),
        store,
        logger: mockServices.logger.mock(),
        computeModel,
        clusters,
        getCredential: async cluster => {
          credentialsAskedFor.push(cluster.name);
          return { type: 'bearer token', token: 'from-strategy' };
        },
        collect: async (cluster, options) => {
          if (cluster.unsupportedReason) {
            throw new ClusterReadError(cluster.unsupportedReason);
          }
          const credential = await options.getCredential!(cluster);
          expect(credential).toEqual({
            type: 'bearer token',
            token: 'from-strategy',
          });
          return {
            objects: emptyClusterObjects(cluster.name),
            missingApis: [],
          };
        },
      });
    const refresherList = foundClusters([found, unreadable]);
    const readerList = foundClusters([found, unreadable]);
    const refresher = make(refresherList);
    const reader = make(readerList);

    await refresher.refresh();
    expect(refresherList.refreshes).toBe(1);
    expect(credentialsAskedFor).toEqual(['from-catalog']);

    await reader.sync();
    expect(readerList.refreshes).toBe(1);
    const statuses = reader.clusterStatuses();
    expect(statuses.map(s => [s.name, s.ok, s.error])).toEqual([
      ['from-catalog', true, undefined],
      ['bad-entity', false, unreadable.unsupportedReason],
    ]);
    expect(reader.view().index.model.workloads.map(w => w.name)).toEqual([
      'from-catalog',
    ]);
  });
});
