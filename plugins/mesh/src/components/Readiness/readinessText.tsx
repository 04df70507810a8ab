import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import BlockIcon from '@material-ui/icons/Block';
import HelpIcon from '@material-ui/icons/Help';
import LockIcon from '@material-ui/icons/Lock';
import CloudOffIcon from '@material-ui/icons/CloudOff';
import type {
  PlaintextCallerReason,
  ReadinessState,
} from '@mesh-portal/plugin-mesh-common';
import { StatusChip, type StatusTone } from '../shared';

const STATES: Record<
  ReadinessState,
  { label: string; tone: StatusTone; description: string; icon: JSX.Element }
> = {
  strict: {
    label: 'Already STRICT',
    tone: 'ok',
    description: 'Every port already requires mTLS.',
    icon: <LockIcon />,
  },
  ready: {
    label: 'Ready for STRICT',
    tone: 'ok',
    description:
      'Traffic was observed in the window and none of it would break under STRICT.',
    icon: <CheckCircleIcon />,
  },
  blocked: {
    label: 'Blocked',
    tone: 'error',
    description: 'Some callers sent plaintext: they would break under STRICT.',
    icon: <BlockIcon />,
  },
  unknown: {
    label: 'Unknown: no traffic',
    tone: 'warning',
    description:
      'No traffic was observed in the window, so nothing proves STRICT is safe.',
    icon: <HelpIcon />,
  },
  'not-meshed': {
    label: 'Not in the mesh',
    tone: 'neutral',
    description:
      'No proxy would enforce STRICT here: bring it into the mesh first.',
    icon: <CloudOffIcon />,
  },
};

/** Display text of a readiness state. */
export function readinessLabel(state: ReadinessState): string {
  return STATES[state].label;
}

/** A chip saying whether a workload or namespace can go STRICT. */
export function ReadinessChip(props: {
  state: ReadinessState;
  blockers?: number;
}) {
  const { state, blockers } = props;
  const info = STATES[state];
  const label =
    state === 'blocked' && blockers !== undefined
      ? `Blocked by ${blockers} caller${blockers === 1 ? '' : 's'}`
      : info.label;
  return (
    <StatusChip
      label={label}
      tone={info.tone}
      icon={info.icon}
      description={info.description}
    />
  );
}

/** Why a caller sent plaintext, in a few words. */
export const REASON_TEXT: Record<PlaintextCallerReason, string> = {
  'out-of-mesh': 'Out of the mesh',
  external: 'External or ingress client',
  'destination-rule': 'DestinationRule disables TLS',
  scraper: 'Metrics scraper',
  unexplained: 'Meshed, plaintext unexplained',
  hidden: 'Callers you may not see',
};
