import type { ReactElement } from 'react';
import ErrorIcon from '@material-ui/icons/Error';
import InfoIcon from '@material-ui/icons/Info';
import WarningIcon from '@material-ui/icons/Warning';
import type { FindingSeverity } from '@mesh-portal/plugin-mesh-common';
import { StatusChip, StatusTone } from './StatusChip';

const SEVERITY: Record<
  FindingSeverity,
  { label: string; plural: string; tone: StatusTone; icon: ReactElement }
> = {
  error: {
    label: 'Error',
    plural: 'errors',
    tone: 'error',
    icon: <ErrorIcon />,
  },
  warning: {
    label: 'Warning',
    plural: 'warnings',
    tone: 'warning',
    icon: <WarningIcon />,
  },
  info: { label: 'Info', plural: 'info', tone: 'info', icon: <InfoIcon /> },
};

/**
 * Props of {@link SeverityChip}.
 * @public
 */
export interface SeverityChipProps {
  severity: FindingSeverity;
  /** When set, the chip reads e.g. `2 errors`. */
  count?: number;
}

/**
 * A finding severity, or a count of findings of one severity.
 * @public
 */
export function SeverityChip(props: SeverityChipProps) {
  const { severity, count } = props;
  const entry = SEVERITY[severity];
  const label =
    count === undefined
      ? entry.label
      : `${count} ${
          count === 1 ? entry.label.toLocaleLowerCase('en-US') : entry.plural
        }`;
  return <StatusChip label={label} tone={entry.tone} icon={entry.icon} />;
}
