import type { Entity } from '@backstage/catalog-model';
import { testModel, workload } from '../__testUtils__/fixtures';
import { WorkloadIndex } from '../snapshot';
import { matchEntityWorkloads, selectorOfEntity } from './entityWorkloads';

/** A component with the id annotation, a cluster annotation and relations. */
const entity = (
  cluster: string | undefined,
  dependsOn: string[] = [],
  namespace?: string,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'web',
    ...(namespace ? { namespace } : {}),
    annotations: {
      'backstage.io/kubernetes-id': 'web',
      ...(cluster ? { 'backstage.io/kubernetes-cluster': cluster } : {}),
    },
  },
  spec: {},
  relations: dependsOn.map(targetRef => ({ type: 'dependsOn', targetRef })),
});

describe('kubernetes.serviceLocatorMethod, as the Kubernetes plugin applies it', () => {
  const index = new WorkloadIndex({
    ...testModel,
    workloads: ['east', 'west', 'north'].map(cluster => ({
      ...workload('shop', 'web', { 'backstage.io/kubernetes-id': 'web' }),
      id: `${cluster}/shop/Deployment/web`,
      cluster,
    })),
  });
  const clustersClaimed = (e: Entity, method?: any) =>
    matchEntityWorkloads(selectorOfEntity(e, method)!, index)
      .map(w => w.cluster)
      .sort();

  it('multiTenant: every cluster; the cluster annotation is not read', () => {
    expect(clustersClaimed(entity('east'), 'multiTenant')).toEqual([
      'east',
      'north',
      'west',
    ]);
  });

  it('singleTenant: the one cluster the annotation names (its whole value), else every cluster', () => {
    expect(clustersClaimed(entity('east'), 'singleTenant')).toEqual(['east']);
    // The Kubernetes plugin compares the whole value with each cluster name.
    expect(clustersClaimed(entity('east,west'), 'singleTenant')).toEqual([]);
    expect(clustersClaimed(entity(undefined), 'singleTenant')).toEqual([
      'east',
      'north',
      'west',
    ]);
  });

  it('catalogRelation: the clusters the entity dependsOn as resource:<its namespace>/<cluster>, none without', () => {
    expect(
      clustersClaimed(
        entity('north', ['resource:default/east', 'resource:default/west']),
        'catalogRelation',
      ),
    ).toEqual(['east', 'west']);
    // A Resource in another namespace is not the cluster of that name.
    expect(
      clustersClaimed(
        entity(undefined, ['resource:ops/east']),
        'catalogRelation',
      ),
    ).toEqual([]);
    expect(
      clustersClaimed(
        entity(undefined, ['resource:ops/east'], 'ops'),
        'catalogRelation',
      ),
    ).toEqual(['east']);
    expect(clustersClaimed(entity(undefined), 'catalogRelation')).toEqual([]);
  });

  it('unset: mesh keeps its own rule (the annotation lists clusters, comma-separated)', () => {
    expect(clustersClaimed(entity('east, west'))).toEqual(['east', 'west']);
    expect(clustersClaimed(entity(undefined))).toEqual([
      'east',
      'north',
      'west',
    ]);
  });
});
