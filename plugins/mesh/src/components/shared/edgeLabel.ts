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
    parts.push(
      `p95 ${formatLatency(edge.latencyMs.p95)}${
        edge.latencyFromSource ? ' (client)' : ''
      }`,
    );
  }
  const split = edgeErrorSplitText(edge);
  if (split) parts.push(split);
  return parts;
}

/**
 * The failed share by kind, e.g. `4xx 5%, 5xx 3%`, leaving out kinds with
 * none; undefined when nothing failed or the split is unknown. Errors count
 * as Kiali counts them (no response, 4xx, 5xx, gRPC non-OK), so the 5xx part
 * alone is the server-error share.
 */
export function edgeErrorSplitText(edge: GraphEdge): string | undefined {
  const errors = edge.errors;
  if (!errors || !(edge.errorRatio && edge.errorRatio > 0)) return undefined;
  const kinds: Array<[string, number]> = [
    ['4xx', errors.http4xx],
    ['5xx', errors.http5xx],
    ['no response', errors.noResponse],
    ['gRPC', errors.grpc],
  ];
  const text = kinds
    .filter(([, share]) => share > 0)
    .map(([name, share]) => `${name} ${formatPercent(share)}`)
    .join(', ');
  return text || undefined;
}

/**
 * The mTLS share of an edge, e.g. `mTLS 100%`, or `mTLS unknown`; a share
 * the proxies could not observe but the configuration makes certain reads
 * e.g. `mTLS 0% (from configuration)`.
 * @public
 */
export function edgeMtlsText(edge: GraphEdge): string {
  if (edge.mtlsShare === undefined) return 'mTLS unknown';
  return `mTLS ${formatPercent(edge.mtlsShare)}${
    edge.mtlsFromConfiguration ? ' (from configuration)' : ''
  }`;
}
