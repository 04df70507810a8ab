import type { ReactElement } from 'react';
import BlockIcon from '@material-ui/icons/Block';
import BuildIcon from '@material-ui/icons/Build';
import CallSplitIcon from '@material-ui/icons/CallSplit';
import HelpOutlineIcon from '@material-ui/icons/HelpOutline';
import HourglassEmptyIcon from '@material-ui/icons/HourglassEmpty';
import SettingsEthernetIcon from '@material-ui/icons/SettingsEthernet';
import WavesIcon from '@material-ui/icons/Waves';
import type { WorkloadMembership } from '@mesh-portal/plugin-mesh-common';
import { StatusChip, StatusTone } from './StatusChip';

const MEMBERSHIP: Record<
  WorkloadMembership,
  { label: string; tone: StatusTone; icon: ReactElement }
> = {
  sidecar: { label: 'Sidecar', tone: 'ok', icon: <SettingsEthernetIcon /> },
  ambient: { label: 'Ambient', tone: 'ok', icon: <WavesIcon /> },
  'ambient-pending': {
    label: 'Ambient (pending)',
    tone: 'warning',
    icon: <HourglassEmptyIcon />,
  },
  infrastructure: {
    label: 'Istio infrastructure',
    tone: 'info',
    icon: <BuildIcon />,
  },
  none: { label: 'Not in mesh', tone: 'error', icon: <BlockIcon /> },
  partial: {
    label: 'Partially meshed',
    tone: 'warning',
    icon: <CallSplitIcon />,
  },
  unknown: {
    label: 'Unknown (no pods)',
    tone: 'neutral',
    icon: <HelpOutlineIcon />,
  },
};

/**
 * Human label of a membership state, e.g. `Not in mesh`.
 * @public
 */
export function membershipLabel(state: WorkloadMembership): string {
  return MEMBERSHIP[state]?.label ?? state;
}

/**
 * Props of {@link MembershipChip}.
 * @public
 */
export interface MembershipChipProps {
  state: WorkloadMembership;
  /** Why, e.g. the engine's `membership.reason`. */
  reason?: string;
}

/**
 * How a workload takes part in the mesh: sidecar, ambient, none, partial...
 * @public
 */
export function MembershipChip(props: MembershipChipProps) {
  const entry = MEMBERSHIP[props.state] ?? MEMBERSHIP.unknown;
  return (
    <StatusChip
      label={entry.label}
      tone={entry.tone}
      icon={entry.icon}
      description={props.reason}
    />
  );
}
