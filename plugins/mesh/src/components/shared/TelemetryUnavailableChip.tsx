import CloudOffIcon from '@material-ui/icons/CloudOff';
import { StatusChip } from './StatusChip';

/**
 * Props of {@link TelemetryUnavailableChip}.
 * @public
 */
export interface TelemetryUnavailableChipProps {
  /** Why, e.g. from `telemetryUnavailableReason`. */
  reason: string;
}

/**
 * A warning chip "Telemetry unavailable", shown instead of a traffic figure
 * when no telemetry source answered, so that missing data is not read as
 * missing traffic.
 * @public
 */
export function TelemetryUnavailableChip(props: TelemetryUnavailableChipProps) {
  return (
    <StatusChip
      label="Telemetry unavailable"
      tone="warning"
      icon={<CloudOffIcon />}
      description={`No traffic can be shown: ${props.reason}.`}
    />
  );
}
