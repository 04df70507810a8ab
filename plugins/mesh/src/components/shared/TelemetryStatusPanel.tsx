import { WarningPanel } from '@backstage/core-components';
import type { TelemetrySourceStatus } from '@mesh-portal/plugin-mesh-common';

/**
 * Props of {@link TelemetryStatusPanel}.
 * @public
 */
export interface TelemetryStatusPanelProps {
  sources: TelemetrySourceStatus[];
}

/**
 * Says which telemetry sources (Prometheus servers) could not be queried and
 * why, so that a missing edge is not mistaken for missing traffic. Renders
 * nothing when every source answered.
 * @public
 */
export function TelemetryStatusPanel(props: TelemetryStatusPanelProps) {
  const failed = props.sources.filter(source => !source.ok);
  if (failed.length === 0) {
    return null;
  }
  const allFailed = failed.length === props.sources.length;
  return (
    <>
      {failed.map(source => (
        <WarningPanel
          key={source.name}
          severity={allFailed ? 'error' : 'warning'}
          defaultExpanded
          title={`Telemetry unavailable from ${source.name}`}
          message={`${
            source.error ?? 'The source did not answer.'
          } Traffic seen only by this source is missing here.`}
        />
      ))}
    </>
  );
}
