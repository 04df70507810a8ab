import type {
  EdgeProtocol,
  GraphEdge,
  GraphNode,
  GraphResponse,
} from '@mesh-portal/plugin-mesh-common';

/** A small deterministic PRNG (mulberry32), so generated graphs repeat. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A synthetic service-view mesh graph of `nodeCount` entities over 2
 * clusters, 20 namespaces and 12 owners, with `edgeCount` distinct edges
 * (mostly within a namespace, some across), for load tests and benchmarks.
 * @public
 */
export function generateMeshGraph(
  nodeCount: number,
  edgeCount: number,
  seed = 42,
): GraphResponse {
  const next = random(seed);
  const protocols: EdgeProtocol[] = ['http', 'grpc', 'tcp'];
  const nodes: GraphNode[] = Array.from({ length: nodeCount }, (_, i) => {
    const cluster = i % 2 === 0 ? 'platform' : 'compute';
    const namespace = `ns-${i % 20}`;
    const name = `svc-${String(i).padStart(4, '0')}`;
    return {
      id: `entity:component:default/${name}`,
      type: 'entity',
      cluster,
      clusters: [cluster],
      namespace,
      name,
      title: name,
      entityRef: `component:default/${name}`,
      owner: `group:default/team-${i % 12}`,
      system: `system:default/system-${i % 8}`,
      membership: next() < 0.8 ? 'sidecar' : 'none',
    };
  });
  const seen = new Set<string>();
  const edges: GraphEdge[] = [];
  const maxEdges = nodeCount * (nodeCount - 1);
  while (edges.length < Math.min(edgeCount, maxEdges)) {
    const s = Math.floor(next() * nodeCount);
    // Three in four edges stay in the source's namespace (i mod 20).
    const t =
      next() < 0.75
        ? (s +
            20 * (1 + Math.floor(next() * Math.max(1, nodeCount / 20 - 1)))) %
          nodeCount
        : Math.floor(next() * nodeCount);
    const key = `${s}>${t}`;
    if (s === t || seen.has(key)) continue;
    seen.add(key);
    const protocol = protocols[Math.floor(next() * 3)];
    edges.push({
      source: nodes[s].id,
      target: nodes[t].id,
      protocol,
      requestsPerSecond:
        protocol === 'tcp' ? undefined : Math.round(next() * 1000) / 10,
      bytesPerSecond: protocol === 'tcp' ? Math.round(next() * 1e6) : undefined,
      mtlsShare: next() < 0.85 ? 1 : Math.round(next() * 100) / 100,
      errorRatio: next() < 0.1 ? Math.round(next() * 20) / 100 : 0,
      crossCluster: nodes[s].cluster !== nodes[t].cluster,
    });
  }
  return {
    window: '5m',
    dataTime: new Date(0).toISOString(),
    view: 'service',
    nodes,
    edges,
    truncated: false,
    totalNodes: nodeCount,
    sources: [
      { name: 'platform', ok: true },
      { name: 'compute', ok: true },
    ],
  };
}
