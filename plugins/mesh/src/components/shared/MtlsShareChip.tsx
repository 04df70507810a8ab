import LockIcon from '@material-ui/icons/Lock';
import LockOpenIcon from '@material-ui/icons/LockOpen';
import RemoveIcon from '@material-ui/icons/Remove';
import { formatPercent } from './format';
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
 * The observed mTLS share of traffic, e.g. `mTLS 97%`.
 * @public
 */
export function MtlsShareChip(props: MtlsShareChipProps) {
  const { share, window } = props;
  const over = window ? ` over the last ${window}` : '';
  if (share === undefined) {
    return (
      <StatusChip
        label="No traffic observed"
        tone="neutral"
        icon={<RemoveIcon />}
        description={`No inbound requests were observed${over}.`}
      />
    );
  }
  const complete = share >= 0.9995;
  return (
    <StatusChip
      label={`mTLS ${formatPercent(share)}`}
      tone={complete ? 'ok' : 'warning'}
      icon={complete ? <LockIcon /> : <LockOpenIcon />}
      description={`${formatPercent(
        share,
      )} of observed inbound requests${over} used mutual TLS.`}
    />
  );
}
