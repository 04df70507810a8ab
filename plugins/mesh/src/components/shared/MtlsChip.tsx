import LockIcon from '@material-ui/icons/Lock';
import LockOpenIcon from '@material-ui/icons/LockOpen';
import NoEncryptionIcon from '@material-ui/icons/NoEncryption';
import type { MtlsMode } from '@mesh-portal/plugin-mesh-common';
import { StatusChip } from './StatusChip';

/**
 * Props of {@link MtlsChip}.
 * @public
 */
export interface MtlsChipProps {
  /** Effective mode; `MIXED` when ports differ. */
  mode: MtlsMode | 'MIXED';
  /**
   * Whether a proxy enforces it. An unmeshed workload's STRICT policy does
   * nothing: its traffic is plaintext. Defaults to true.
   */
  enforced?: boolean;
  /** Why, e.g. the decision's `reason`. */
  reason?: string;
}

/**
 * The effective server-side mTLS mode, with a lock icon and its text.
 * @public
 */
export function MtlsChip(props: MtlsChipProps) {
  const { mode, enforced = true, reason } = props;
  if (!enforced) {
    return (
      <StatusChip
        label={`${mode} (not enforced)`}
        tone="error"
        icon={<NoEncryptionIcon />}
        description={
          reason
            ? `${reason}. Not enforced: no mesh proxy terminates mTLS for this workload.`
            : 'Not enforced: no mesh proxy terminates mTLS for this workload.'
        }
      />
    );
  }
  switch (mode) {
    case 'STRICT':
      return (
        <StatusChip
          label="STRICT"
          tone="ok"
          icon={<LockIcon />}
          description={reason}
        />
      );
    case 'PERMISSIVE':
      return (
        <StatusChip
          label="PERMISSIVE"
          tone="warning"
          icon={<LockOpenIcon />}
          description={reason}
        />
      );
    case 'DISABLE':
      return (
        <StatusChip
          label="DISABLE"
          tone="error"
          icon={<NoEncryptionIcon />}
          description={reason}
        />
      );
    default:
      return (
        <StatusChip
          label="Mixed per port"
          tone="warning"
          icon={<LockOpenIcon />}
          description={reason ?? 'Ports of this workload have different modes.'}
        />
      );
  }
}
