/**
 * What the detail drawer shows: one node, or the edge between two nodes
 * (every protocol of that pair).
 * @public
 */
export type GraphSelection =
  | { kind: 'node'; id: string }
  | { kind: 'edge'; source: string; target: string };

/** Query parameters of the selection; ids are escaped by URLSearchParams. */
const NODE = 'node';
const EDGE_SOURCE = 'edgeSource';
const EDGE_TARGET = 'edgeTarget';
/** Longest id kept from a URL (a workload id is at most 1015 characters). */
const ID_MAX = 1100;

const valid = (id: string | null): id is string => !!id && id.length <= ID_MAX;

/** Reads the selection from search params; anything malformed is no selection. */
export function parseGraphSelection(
  params: URLSearchParams,
): GraphSelection | undefined {
  const source = params.get(EDGE_SOURCE);
  const target = params.get(EDGE_TARGET);
  if (valid(source) && valid(target)) return { kind: 'edge', source, target };
  const node = params.get(NODE);
  return valid(node) ? { kind: 'node', id: node } : undefined;
}

/** The params with the selection written in (and any previous one removed). */
export function withGraphSelection(
  params: URLSearchParams,
  selection: GraphSelection | undefined,
): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete(NODE);
  next.delete(EDGE_SOURCE);
  next.delete(EDGE_TARGET);
  if (selection?.kind === 'node') next.set(NODE, selection.id);
  if (selection?.kind === 'edge') {
    next.set(EDGE_SOURCE, selection.source);
    next.set(EDGE_TARGET, selection.target);
  }
  return next;
}
