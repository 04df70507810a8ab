import type { TelemetrySourceStatus } from '@mesh-portal/plugin-mesh-common';
import type { RawSourceData } from '../graph/rawData';

/** The oldest evaluation time among sources that answered, else `now`. */
export function dataTimeOf(data: RawSourceData[], now: Date): string {
  const times = data
    .filter(d => Object.keys(d.results).length > 0)
    .map(d => d.dataTime)
    .sort();
  return times[0] ?? now.toISOString();
}

/** Every source's status as responses show it (never credentials). */
export function sourceStatuses(data: RawSourceData[]): TelemetrySourceStatus[] {
  return data.map(d => {
    const status: TelemetrySourceStatus = {
      name: d.source,
      ok: !d.error,
      queries: d.queries,
      durationMs: d.durationMs,
    };
    if (d.error) status.error = d.error;
    if (d.warnings.length > 0) status.warnings = d.warnings;
    return status;
  });
}
