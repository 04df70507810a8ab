import type { TelemetrySourceStatus } from '@mesh-portal/plugin-mesh-common';

/**
 * Why no traffic can be known at all, or `undefined` when at least one
 * telemetry source answered. With no answering source, "no traffic observed"
 * would be a guess, so callers show this reason instead.
 * @public
 */
export function telemetryUnavailableReason(
  sources: TelemetrySourceStatus[],
): string | undefined {
  if (sources.length === 0) {
    return 'no Prometheus source is configured for these clusters';
  }
  if (sources.some(source => source.ok)) {
    return undefined;
  }
  return sources
    .map(source => `${source.name}: ${source.error ?? 'no answer'}`)
    .join('; ');
}
