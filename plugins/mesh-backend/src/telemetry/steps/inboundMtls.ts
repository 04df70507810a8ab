import type {
  GraphNode,
  InboundMtlsResponse,
} from '@mesh-portal/plugin-mesh-common';
import type { TrafficGraph } from '../graph/model';
import { compareCodePoints } from '../graph/compare';
import type { ObservedMtls, ObservedMtlsRates } from '../types';

type PlaintextSource = InboundMtlsResponse['plaintextSources'][number];

/** The anonymous stand-in for plaintext sources the caller may not see. */
const HIDDEN_SOURCE: GraphNode = {
  id: 'hidden',
  type: 'unknown',
  name: 'hidden workload',
};

/**
 * Inbound mTLS of some target nodes: the share (requests first, bytes only
 * without requests: a request is a unit a person can reason about) and the
 * plaintext sources. Sources outside `named` still count in the share (it is
 * the targets' own traffic) but are never named: they collapse into one
 * anonymous entry.
 */
export function inboundMtlsOf(
  graph: TrafficGraph,
  targets: Set<string>,
  named: Map<string, GraphNode>,
  describe: (node: GraphNode) => GraphNode,
): Pick<InboundMtlsResponse, 'plaintextSources' | 'mtlsShare'> {
  const inbound = graph.edges.filter(e => targets.has(e.target));
  const share = (protocolTcp: boolean) => {
    let known = 0;
    let mtls = 0;
    for (const e of inbound) {
      if ((e.protocol === 'tcp') !== protocolTcp) continue;
      known += e.securityKnownRate;
      mtls += e.mtlsRate;
    }
    return known > 0 ? mtls / known : undefined;
  };
  const plaintext = new Map<string, PlaintextSource>();
  for (const edge of inbound) {
    const plain = edge.securityKnownRate - edge.mtlsRate;
    if (!(plain > 1e-12)) continue;
    const node = graph.nodes.get(edge.source);
    if (!node) continue;
    const visible = named.has(node.id);
    const key = visible ? node.id : HIDDEN_SOURCE.id;
    const entry: PlaintextSource =
      plaintext.get(key) ??
      (visible
        ? { source: describe(node) }
        : { source: { ...HIDDEN_SOURCE }, hidden: true });
    if (edge.protocol === 'tcp') {
      entry.bytesPerSecond = (entry.bytesPerSecond ?? 0) + plain;
    } else {
      entry.requestsPerSecond = (entry.requestsPerSecond ?? 0) + plain;
    }
    plaintext.set(key, entry);
  }
  const out: Pick<InboundMtlsResponse, 'plaintextSources' | 'mtlsShare'> = {
    plaintextSources: [...plaintext.values()].sort((a, b) =>
      compareCodePoints(a.source.id, b.source.id),
    ),
  };
  const mtlsShare = share(false) ?? share(true);
  if (mtlsShare !== undefined) out.mtlsShare = mtlsShare;
  return out;
}

/**
 * Inbound traffic of known security per workload, requests and bytes apart
 * (they do not add up), for the audit to weigh by volume.
 */
export function observedMtlsByWorkload(
  graph: TrafficGraph,
): ObservedMtls['byWorkload'] {
  return knownSecurityRatesBy(graph, 'target');
}

/**
 * Outbound traffic of known security per sending workload (O1, O2: mostly
 * as its destinations reported it), so a client that sends plaintext, such as
 * one outside the mesh, is visible on its own row and not only as a share of
 * its destinations' inbound traffic.
 */
export function outboundMtlsByWorkload(
  graph: TrafficGraph,
): ObservedMtls['byWorkload'] {
  return knownSecurityRatesBy(graph, 'source');
}

/** Sums every edge's traffic of known security by one end's workload. */
function knownSecurityRatesBy(
  graph: TrafficGraph,
  end: 'source' | 'target',
): Map<string, ObservedMtlsRates> {
  const byWorkload = new Map<string, ObservedMtlsRates>();
  for (const edge of graph.edges) {
    const id = edge[end];
    if (graph.nodes.get(id)?.type !== 'workload') continue;
    if (!(edge.securityKnownRate > 0)) continue;
    const rates = byWorkload.get(id) ?? {};
    const unit = edge.protocol === 'tcp' ? 'bytes' : 'requests';
    const sums = (rates[unit] ??= { known: 0, mtls: 0 });
    sums.known += edge.securityKnownRate;
    sums.mtls += edge.mtlsRate;
    byWorkload.set(id, rates);
  }
  return byWorkload;
}
