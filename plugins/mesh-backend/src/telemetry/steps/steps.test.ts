import type { GraphNode } from '@mesh-portal/plugin-mesh-common';
import type { TrafficEdge, TrafficGraph } from '../graph/model';
import type { RawSourceData } from '../graph/rawData';
import {
  inboundMtlsOf,
  observedMtlsByWorkload,
  outboundMtlsByWorkload,
} from './inboundMtls';
import { dataTimeOf, sourceStatuses } from './sourceStatus';

const node = (id: string, type: GraphNode['type'] = 'workload'): GraphNode => ({
  id,
  type,
  name: id,
});

function edge(
  source: string,
  target: string,
  protocol: TrafficEdge['protocol'],
  known: number,
  mtls: number,
): TrafficEdge {
  return {
    source,
    target,
    protocol,
    rate: known,
    errorRate: 0,
    noResponseRate: 0,
    clientErrorRate: 0,
    serverErrorRate: 0,
    grpcErrorRate: 0,
    securityKnownRate: known,
    securityFromConfigRate: 0,
    mtlsRate: mtls,
    crossCluster: false,
  };
}

const graph: TrafficGraph = {
  nodes: new Map(
    ['a', 'b', 'secret', 'target'].map(id => [id, node(id)] as const),
  ),
  edges: [
    edge('a', 'target', 'http', 10, 10),
    edge('b', 'target', 'http', 4, 0),
    edge('secret', 'target', 'http', 6, 0),
    edge('b', 'target', 'tcp', 1000, 0),
  ],
  entities: new Map(),
};

describe('telemetry steps', () => {
  it('O1: inbound share by requests first; plaintext sources named only when visible', () => {
    const named = new Map([
      ['a', node('a')],
      ['b', node('b')],
    ]);
    const out = inboundMtlsOf(graph, new Set(['target']), named, n => n);
    expect(out.mtlsShare).toBeCloseTo(10 / 20, 6);
    expect(out.plaintextSources).toEqual([
      { source: node('b'), requestsPerSecond: 4, bytesPerSecond: 1000 },
      {
        source: { id: 'hidden', type: 'unknown', name: 'hidden workload' },
        hidden: true,
        requestsPerSecond: 6,
      },
    ]);
  });

  it('keeps requests and bytes apart per workload', () => {
    expect(observedMtlsByWorkload(graph).get('target')).toEqual({
      requests: { known: 20, mtls: 10 },
      bytes: { known: 1000, mtls: 0 },
    });
  });

  it('sums outbound traffic of known security by sending workload, so a plaintext client shows on its own row (O1, O2)', () => {
    const outbound = outboundMtlsByWorkload({
      ...graph,
      nodes: new Map([...graph.nodes, ['unknown', node('unknown', 'unknown')]]),
      edges: [
        ...graph.edges,
        edge('a', 'b', 'http', 2, 2),
        // Not a workload: no row to put it on.
        edge('unknown', 'target', 'http', 5, 0),
      ],
    });
    expect(outbound.get('a')).toEqual({ requests: { known: 12, mtls: 12 } });
    expect(outbound.get('b')).toEqual({
      requests: { known: 4, mtls: 0 },
      bytes: { known: 1000, mtls: 0 },
    });
    expect(outbound.has('unknown')).toBe(false);
    expect(outbound.has('target')).toBe(false);
  });

  it('data time is the oldest answer; statuses carry errors and warnings, nothing else', () => {
    const data: RawSourceData[] = [
      {
        source: 'a',
        dataTime: '2026-01-01T00:00:10Z',
        queries: 6,
        durationMs: 5,
        warnings: ['partial'],
        results: { requests_destination: { labels: [], rows: [] } },
      },
      {
        source: 'b',
        dataTime: '2026-01-01T00:00:00Z',
        queries: 6,
        durationMs: 7,
        warnings: [],
        error: 'down',
        results: {},
      },
    ];
    expect(dataTimeOf(data, new Date(0))).toBe('2026-01-01T00:00:10Z');
    expect(dataTimeOf([], new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(sourceStatuses(data)).toEqual([
      { name: 'a', ok: true, queries: 6, durationMs: 5, warnings: ['partial'] },
      { name: 'b', ok: false, queries: 6, durationMs: 7, error: 'down' },
    ]);
  });
});
