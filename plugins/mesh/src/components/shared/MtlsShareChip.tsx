import LockIcon from '@material-ui/icons/Lock';
import LockOpenIcon from '@material-ui/icons/LockOpen';
import NoEncryptionIcon from '@material-ui/icons/NoEncryption';
import RemoveIcon from '@material-ui/icons/Remove';
import { formatPercent } from './format';
import { mtlsShareLevel } from './mtlsShareLevel';
import { StatusChip } from './StatusChip';

/**
 * Props of {@link MtlsShareChip}.
 * @public
 */
export interface MtlsShareChipProps {
  /** Share (0-1) of observed requests that were mTLS; absent without traffic. */
  share?: number;
  /** The rate window, e.g. `5m`, named in the description. */
  window?: string;
}

/**
 * The observed mTLS share of traffic, e.g. `mTLS 97%`: a closed green lock
 * only when every request used mTLS, an amber open lock for a mix and a red
 * crossed-out lock when none did.
 * @public
 */
export function MtlsShareChip(props: MtlsShareChipProps) {
  const { share, window } = props;
  const over = window ? ` over the last ${window}` : '';
  const level = mtlsShareLevel(share);
  if (share === undefined || level === 'unknown') {
    return (
      <StatusChip
        label="No traffic observed"
        tone="neutral"
        icon={<RemoveIcon />}
        description={`No inbound requests were observed${over}.`}
      />
    );
  }
  const description = `${formatPercent(
    share,
  )} of observed inbound requests${over} used mutual TLS.`;
  if (level === 'full') {
    return (
      <StatusChip
        label="mTLS 100%"
        tone="ok"
        icon={<LockIcon />}
        description={description}
      />
    );
  }
  return (
    <StatusChip
      label={`mTLS ${formatPercent(share)}`}
      tone={level === 'none' ? 'error' : 'warning'}
      icon={level === 'none' ? <NoEncryptionIcon /> : <LockOpenIcon />}
      description={`${description}${
        level === 'none' ? ' All of it was plaintext.' : ''
      }`}
    />
  );
}
