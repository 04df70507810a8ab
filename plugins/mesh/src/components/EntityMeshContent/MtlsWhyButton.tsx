import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Popover from '@material-ui/core/Popover';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  MtlsDecision,
  ObjectRef,
  PolicyScope,
  Workload,
} from '@mesh-portal/plugin-mesh-common';

const SCOPE_TEXT: Record<PolicyScope, string> = {
  mesh: 'mesh-wide (root namespace)',
  namespace: 'namespace-wide',
  workload: 'workload selector',
  port: 'port-level setting of a workload policy',
  default: "Istio's default (no policy applies)",
};

const useStyles = makeStyles(theme => ({
  paper: { padding: theme.spacing(2), maxWidth: 420 },
  list: { margin: 0, paddingLeft: theme.spacing(2) },
}));

/** `PeerAuthentication web/default (cluster platform)`. */
export function objectRefText(ref: ObjectRef): string {
  const path = ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
  return `${ref.kind} ${path} (cluster ${ref.cluster})`;
}

/**
 * Props of {@link MtlsWhyButton}.
 */
export interface MtlsWhyButtonProps {
  decision: MtlsDecision;
  /** What the decision is for, e.g. `port 9090`, named in the button's label. */
  subject: string;
  enforced: boolean;
  ambientTransport?: boolean;
  /** The workload's membership: a partly meshed workload is explained per pod. */
  membership?: Pick<Workload['membership'], 'state' | 'pods'>;
}

/**
 * Why the decision is not enforced, per pod when the workload is partly
 * meshed: the pods with a proxy enforce it, the others accept plaintext.
 */
export function notEnforcedText(
  membership: MtlsWhyButtonProps['membership'],
): string {
  if (membership?.state === 'partial') {
    const pods = membership.pods;
    const meshed =
      (pods.sidecar ?? 0) + (pods.ambient ?? 0) + (pods.infrastructure ?? 0);
    const total = Object.values(pods).reduce((sum, n) => sum + (n ?? 0), 0);
    const outside = total - meshed;
    return `Partly enforced: enforced on ${meshed} of ${total} pods (those with a proxy); ${outside} ${
      outside === 1 ? 'pod has' : 'pods have'
    } no proxy, so traffic to ${
      outside === 1 ? 'it' : 'them'
    } is plaintext until restarted with one.`;
  }
  return 'Not enforced: the workload is not in the mesh, so no proxy terminates mTLS and its traffic is plaintext.';
}

/**
 * A "Why?" button that opens a popover naming the deciding
 * PeerAuthentication, its scope, and the policies that lost to it (E4).
 */
export function MtlsWhyButton(props: MtlsWhyButtonProps) {
  const { decision, subject, enforced, ambientTransport, membership } = props;
  const classes = useStyles();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  return (
    <>
      <Button
        size="small"
        variant="text"
        color="primary"
        aria-label={`Why ${decision.mode} on ${subject}?`}
        onClick={event => setAnchor(event.currentTarget)}
      >
        Why?
      </Button>
      <Popover
        open={Boolean(anchor)}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
        classes={{ paper: classes.paper }}
      >
        <Typography variant="subtitle2" gutterBottom>
          {decision.mode} on {subject}
        </Typography>
        <Typography variant="body2" gutterBottom>
          {decision.reason}
        </Typography>
        <Typography variant="body2">
          <strong>Decided by:</strong>{' '}
          {decision.policy ? objectRefText(decision.policy) : 'no policy'}
        </Typography>
        <Typography variant="body2" gutterBottom>
          <strong>Scope:</strong> {SCOPE_TEXT[decision.scope]}
        </Typography>
        {decision.ignored && decision.ignored.length > 0 && (
          <>
            <Typography variant="body2">
              <strong>Ignored</strong> (same scope, a newer policy loses to the
              oldest):
            </Typography>
            <ul className={classes.list}>
              {decision.ignored.map(ref => (
                <li key={objectRefText(ref)}>
                  <Typography variant="body2">{objectRefText(ref)}</Typography>
                </li>
              ))}
            </ul>
          </>
        )}
        {!enforced && (
          <Typography variant="body2" color="error">
            {notEnforcedText(membership)}
          </Typography>
        )}
        {ambientTransport && (
          <Typography variant="body2" color="textSecondary">
            Ambient: traffic between ztunnels is always mTLS; the mode only
            decides whether plaintext is also accepted.
          </Typography>
        )}
      </Popover>
    </>
  );
}
