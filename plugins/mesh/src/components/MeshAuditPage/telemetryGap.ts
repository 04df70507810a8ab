import type { TelemetrySourceStatus } from '@mesh-portal/plugin-mesh-common';

/**
 * Why observed traffic cannot be known for a cluster (or, without one, for
 * the whole audit), or undefined when telemetry answered. Sources are named
 * after the cluster they serve; a shared source has another name, so a
 * cluster without its own source is covered only when every source failed.
 *
 * `sources` undefined means an older backend that does not report them:
 * nothing can be said, so nothing is claimed.
 */
export function telemetryGap(
  sources: TelemetrySourceStatus[] | undefined,
  cluster?: string,
): string | undefined {
  if (!sources) return undefined;
  if (sources.length === 0) return 'No telemetry source is configured.';
  const own = cluster ? sources.find(s => s.name === cluster) : undefined;
  if (own) {
    return own.ok ? undefined : unavailable(own);
  }
  const failed = sources.filter(s => !s.ok);
  if (failed.length === sources.length) {
    return failed.map(unavailable).join(' ');
  }
  return undefined;
}

function unavailable(source: TelemetrySourceStatus): string {
  return `Telemetry unavailable from ${source.name}: ${
    source.error ?? 'the source did not answer'
  }.`;
}
