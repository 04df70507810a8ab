import type { GraphNode } from '@mesh-portal/plugin-mesh-common';
import { collapseToEntities, entityNodeId } from './collapseToEntities';
import type { TrafficGraph } from './model';

const REF = 'component:default/web-frontend';

function workload(
  cluster: string,
  name: string,
  membership: GraphNode['membership'],
): GraphNode {
  return {
    id: `${cluster}/frontend/Deployment/${name}`,
    type: 'workload',
    cluster,
    namespace: 'frontend',
    name,
    entityRef: REF,
    membership,
  };
}

function graphOf(...nodes: GraphNode[]): TrafficGraph {
  return {
    nodes: new Map(nodes.map(node => [node.id, node])),
    edges: [],
    entities: new Map([[REF, { ref: REF, title: 'Web frontend' }]]),
  };
}

describe('collapseToEntities (service view)', () => {
  it('keeps the membership its workloads agree on, across clusters', () => {
    const collapsed = collapseToEntities(
      graphOf(
        workload('platform', 'web-frontend', 'sidecar'),
        workload('compute', 'web-frontend', 'sidecar'),
      ),
    );
    expect(collapsed.nodes.get(entityNodeId(REF))).toMatchObject({
      type: 'entity',
      title: 'Web frontend',
      membership: 'sidecar',
      clusters: ['compute', 'platform'],
    });
  });

  it('1.4: is partial when its workloads differ (a sidecar one and one outside the mesh)', () => {
    const collapsed = collapseToEntities(
      graphOf(
        workload('platform', 'web-frontend', 'sidecar'),
        workload('compute', 'web-frontend', 'none'),
      ),
    );
    expect(collapsed.nodes.get(entityNodeId(REF))?.membership).toBe('partial');
  });

  it('leaves membership out when a workload of the entity is not known', () => {
    const collapsed = collapseToEntities(
      graphOf(
        workload('platform', 'web-frontend', 'sidecar'),
        workload('compute', 'web-frontend', undefined),
      ),
    );
    expect(collapsed.nodes.get(entityNodeId(REF))).not.toHaveProperty(
      'membership',
    );
  });

  it('keeps unclaimed workloads as workload nodes with their own membership', () => {
    const { entityRef: _claimed, ...loose } = workload(
      'platform',
      'debug-toolbox',
      'none',
    );
    const collapsed = collapseToEntities(graphOf(loose));
    expect(collapsed.nodes.get(loose.id)).toEqual(loose);
  });

  it('per cluster: keeps an entity in two clusters as two nodes, and the edge between them', () => {
    const platform = workload('platform', 'web-frontend', 'sidecar');
    const compute = workload('compute', 'web-frontend', 'sidecar');
    const graph = graphOf(platform, compute);
    graph.edges.push({
      source: compute.id,
      target: platform.id,
      protocol: 'http',
      rate: 4,
      errorRate: 0,
      noResponseRate: 0,
      clientErrorRate: 0,
      serverErrorRate: 0,
      grpcErrorRate: 0,
      securityKnownRate: 4,
      securityFromConfigRate: 0,
      mtlsRate: 4,
      crossCluster: true,
    });
    const collapsed = collapseToEntities(graph, { perCluster: true });
    expect([...collapsed.nodes.keys()].sort()).toEqual([
      entityNodeId(REF, 'compute'),
      entityNodeId(REF, 'platform'),
    ]);
    expect(collapsed.nodes.get(entityNodeId(REF, 'compute'))).toMatchObject({
      type: 'entity',
      entityRef: REF,
      cluster: 'compute',
      clusters: ['compute'],
      namespace: 'frontend',
    });
    expect(collapsed.edges).toEqual([
      expect.objectContaining({
        source: entityNodeId(REF, 'compute'),
        target: entityNodeId(REF, 'platform'),
        rate: 4,
        crossCluster: true,
      }),
    ]);
    // Without the option the same traffic folds into one node.
    expect([...collapseToEntities(graph).nodes.keys()]).toEqual([
      entityNodeId(REF),
    ]);
  });
});
