import type { ObservedMtlsRates } from './types';

/**
 * The mTLS share (0-1) of one workload's inbound traffic: by requests, or by
 * bytes when it has no request traffic of known security. Undefined without
 * such traffic.
 */
export function observedShareOf(
  rates: ObservedMtlsRates | undefined,
): number | undefined {
  if (rates?.requests && rates.requests.known > 0) {
    return rates.requests.mtls / rates.requests.known;
  }
  if (rates?.bytes && rates.bytes.known > 0) {
    return rates.bytes.mtls / rates.bytes.known;
  }
  return undefined;
}

/**
 * The mTLS share over many workloads, weighted by volume: mTLS requests over
 * requests of known security, summed over all of them. Bytes are used only
 * when none has request traffic, since requests and bytes do not add up.
 * Undefined without traffic of known security.
 */
export function combinedObservedShare(
  rates: Iterable<ObservedMtlsRates | undefined>,
): number | undefined {
  const sums = {
    requests: { known: 0, mtls: 0 },
    bytes: { known: 0, mtls: 0 },
  };
  for (const r of rates) {
    for (const unit of ['requests', 'bytes'] as const) {
      sums[unit].known += r?.[unit]?.known ?? 0;
      sums[unit].mtls += r?.[unit]?.mtls ?? 0;
    }
  }
  return observedShareOf(sums);
}
