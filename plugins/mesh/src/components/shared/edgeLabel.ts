import type { GraphEdge } from '@mesh-portal/plugin-mesh-common';
import {
  formatBytesRate,
  formatLatency,
  formatPercent,
  formatRate,
} from './format';

/**
 * The traffic figures of an edge as short phrases, e.g.
 * `['12.5 req/s', '0.4% errors', 'p95 42 ms']`. Missing figures are left out.
 * @public
 */
export function edgeTrafficParts(edge: GraphEdge): string[] {
  const parts: string[] = [];
  if (edge.requestsPerSecond !== undefined) {
    parts.push(formatRate(edge.requestsPerSecond));
  } else if (edge.bytesPerSecond !== undefined) {
    parts.push(formatBytesRate(edge.bytesPerSecond));
  }
  if (edge.errorRatio !== undefined) {
    parts.push(`${formatPercent(edge.errorRatio)} errors`);
  }
  if (edge.latencyMs?.p95 !== undefined) {
    parts.push(`p95 ${formatLatency(edge.latencyMs.p95)}`);
  }
  return parts;
}

/**
 * The mTLS share of an edge, e.g. `mTLS 100%`, or `mTLS unknown`.
 * @public
 */
export function edgeMtlsText(edge: GraphEdge): string {
  return edge.mtlsShare === undefined
    ? 'mTLS unknown'
    : `mTLS ${formatPercent(edge.mtlsShare)}`;
}
