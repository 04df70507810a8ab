import type {
  EdgeProtocol,
  GraphEdge,
  GraphNode,
} from '@mesh-portal/plugin-mesh-common';

/** Share of traffic at or above which an edge counts as mTLS. */
export const MTLS_COMPLETE = 0.999;

/** How much of an edge's traffic was mutual TLS. */
export type EdgeSecurity = 'mtls' | 'plaintext' | 'unknown';

/** Classifies an edge by its observed mTLS share. */
export function edgeSecurity(edge: GraphEdge): EdgeSecurity {
  if (edge.mtlsShare === undefined) return 'unknown';
  return edge.mtlsShare >= MTLS_COMPLETE ? 'mtls' : 'plaintext';
}

/**
 * Whether any of the edge's requests failed in the window.
 * @public
 */
export function edgeHasErrors(edge: GraphEdge): boolean {
  return (edge.errorRatio ?? 0) > 0;
}

/**
 * Error shares from which an edge is drawn as degraded and as failing; the
 * legend states them. Below `degraded` a failed request here and there (a
 * gRPC NOT_FOUND) does not repaint a healthy edge.
 * @public
 */
export const EDGE_ERROR_THRESHOLDS = { degraded: 0.001, failing: 0.05 };

/**
 * How bad an edge's errors are, by {@link EDGE_ERROR_THRESHOLDS}.
 * @public
 */
export type EdgeSeverity = 'ok' | 'degraded' | 'failing';

/** The edge's severity by its error share (G10). */
export function edgeSeverity(edge: GraphEdge): EdgeSeverity {
  const share = edge.errorRatio ?? 0;
  if (share >= EDGE_ERROR_THRESHOLDS.failing) return 'failing';
  if (share >= EDGE_ERROR_THRESHOLDS.degraded) return 'degraded';
  return 'ok';
}

/**
 * Stroke width of an edge, growing with the logarithm of its rate (req/s,
 * or kB/s for TCP) so that busy edges stand out without hiding the rest.
 */
export function edgeWeight(edge: GraphEdge): number {
  const rate = edge.requestsPerSecond ?? (edge.bytesPerSecond ?? 0) / 1000;
  return 1.2 + Math.min(2.4, Math.log10(1 + Math.max(0, rate)));
}

/** Client-side edge filters of the explorer. */
export interface EdgeFilters {
  /** Protocols to keep; empty keeps all. */
  protocol: EdgeProtocol[];
  onlyNonMtls: boolean;
  onlyErrors: boolean;
}

/** Whether an edge passes the filters. */
export function edgeVisible(edge: GraphEdge, filters: EdgeFilters): boolean {
  if (filters.protocol.length && !filters.protocol.includes(edge.protocol))
    return false;
  if (filters.onlyNonMtls && edgeSecurity(edge) !== 'plaintext') return false;
  if (filters.onlyErrors && !edgeHasErrors(edge)) return false;
  return true;
}

/** Whether any edge filter is set (nodes without visible edges are then dimmed). */
export function edgeFiltersActive(filters: EdgeFilters): boolean {
  return (
    filters.protocol.length > 0 || filters.onlyNonMtls || filters.onlyErrors
  );
}

/** Ids of the node and its direct neighbours over the given edges. */
export function neighbourhood(nodeId: string, edges: GraphEdge[]): Set<string> {
  const ids = new Set([nodeId]);
  for (const edge of edges) {
    if (edge.source === nodeId) ids.add(edge.target);
    if (edge.target === nodeId) ids.add(edge.source);
  }
  return ids;
}

/** The label a node is shown and searched by. */
export function nodeLabel(node: GraphNode): string {
  return node.title ?? node.name;
}

/**
 * Nodes whose label, name or entity ref contains the text, best first
 * (prefix matches before inner matches).
 */
export function searchNodes(
  nodes: GraphNode[],
  text: string,
  limit = 20,
): GraphNode[] {
  const q = text.trim().toLowerCase();
  if (!q) return [];
  const scored: Array<[number, GraphNode]> = [];
  for (const node of nodes) {
    const fields = [nodeLabel(node), node.name, node.entityRef ?? ''].map(f =>
      f.toLowerCase(),
    );
    if (fields.some(f => f.startsWith(q))) scored.push([0, node]);
    else if (fields.some(f => f.includes(q))) scored.push([1, node]);
  }
  scored.sort(
    (a, b) => a[0] - b[0] || nodeLabel(a[1]).localeCompare(nodeLabel(b[1])),
  );
  return scored.slice(0, limit).map(([, node]) => node);
}
