import type { GraphEdge } from '@mesh-portal/plugin-mesh-common';
import { GRAPH_EDGES, GRAPH_NODES } from './__fixtures__/graphFixtures';
import {
  edgeSecurity,
  edgeVisible,
  neighbourhood,
  searchNodes,
} from './graphModel';

const edge = (patch: Partial<GraphEdge>): GraphEdge => ({
  source: 'a',
  target: 'b',
  protocol: 'http',
  crossCluster: false,
  ...patch,
});

describe('graph model', () => {
  it('calls an edge mTLS only when (nearly) all of its traffic is', () => {
    expect(edgeSecurity(edge({ mtlsShare: 1 }))).toBe('mtls');
    expect(edgeSecurity(edge({ mtlsShare: 0.99 }))).toBe('plaintext');
    expect(edgeSecurity(edge({}))).toBe('unknown');
  });

  it('combines the edge filters', () => {
    const filters = {
      protocol: ['grpc' as const],
      onlyNonMtls: true,
      onlyErrors: false,
    };
    expect(
      edgeVisible(edge({ protocol: 'grpc', mtlsShare: 0.5 }), filters),
    ).toBe(true);
    expect(
      edgeVisible(edge({ protocol: 'http', mtlsShare: 0.5 }), filters),
    ).toBe(false);
    expect(edgeVisible(edge({ protocol: 'grpc', mtlsShare: 1 }), filters)).toBe(
      false,
    );
    expect(
      edgeVisible(edge({ errorRatio: 0 }), {
        protocol: [],
        onlyNonMtls: false,
        onlyErrors: true,
      }),
    ).toBe(false);
  });

  it('finds the neighbourhood in both directions', () => {
    const ids = neighbourhood(
      'entity:component:default/spark-driver',
      GRAPH_EDGES,
    );
    expect([...ids].sort()).toEqual([
      'entity:component:default/spark-driver',
      'entity:component:default/spark-executor',
      'entity:component:default/spark-job-runner',
    ]);
  });

  it('ranks prefix matches before inner matches', () => {
    const names = searchNodes(GRAPH_NODES, 'spark').map(n => n.name);
    expect(names.slice(0, 3)).toEqual([
      'spark-driver',
      'spark-executor',
      'spark-job-runner',
    ]);
    expect(searchNodes(GRAPH_NODES, 'service').map(n => n.name)).toEqual([
      'auth-service',
      'shuffle-service',
    ]);
    expect(searchNodes(GRAPH_NODES, '  ')).toEqual([]);
  });
});

describe('the "only non-mTLS edges" filter', () => {
  const onlyNonMtls = { protocol: [], onlyNonMtls: true, onlyErrors: false };

  it('O1, E10: keeps an edge whose plaintext is known from configuration (source-only)', () => {
    expect(
      edgeVisible(
        edge({ mtlsShare: 0, mtlsFromConfiguration: true }),
        onlyNonMtls,
      ),
    ).toBe(true);
    // Without the configuration the same edge is "unknown" and filtered out.
    expect(edgeVisible(edge({}), onlyNonMtls)).toBe(false);
  });
});
