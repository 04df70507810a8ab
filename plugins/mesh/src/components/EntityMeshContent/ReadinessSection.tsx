import { ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Divider from '@material-ui/core/Divider';
import Typography from '@material-ui/core/Typography';
import Skeleton from '@material-ui/lab/Skeleton';
import type {
  EntityReadinessResponse,
  NamespaceReadinessView,
  WorkloadReadinessView,
} from '@mesh-portal/plugin-mesh-common';
import type { PolledAsyncState } from '../../hooks';
import { CallersTable, ProposalBlock, ReadinessChip } from '../Readiness';
import { telemetryUnavailableReason } from '../shared';

function WorkloadReadiness(props: { workload: WorkloadReadinessView }) {
  const { workload } = props;
  const requests = Math.round(workload.observedRequests).toLocaleString(
    'en-US',
  );
  return (
    <Box data-testid={`mesh-readiness-${workload.workloadId}`} mb={2}>
      <Box display="flex" alignItems="center" flexWrap="wrap">
        <Typography variant="subtitle1">
          {workload.cluster}/{workload.namespace}/{workload.name}
        </Typography>
        <Box ml={1}>
          <ReadinessChip
            state={workload.state}
            blockers={workload.blockers.length}
          />
        </Box>
        <Typography variant="body2" color="textSecondary">
          now {workload.mode}; {requests} requests and{' '}
          {Math.round(workload.observedConnections).toLocaleString('en-US')}{' '}
          connections observed
        </Typography>
      </Box>
      {workload.blockers.length > 0 && (
        <CallersTable
          callers={workload.blockers}
          testId={`mesh-readiness-blockers-${workload.workloadId}`}
        />
      )}
      {workload.scrapers.length > 0 && (
        <>
          <Typography variant="body2">
            Metrics scrapers on port {workload.portExceptions.join(', ')} keep a
            PERMISSIVE port exception; they do not block.
          </Typography>
          <CallersTable
            callers={workload.scrapers}
            testId={`mesh-readiness-scrapers-${workload.workloadId}`}
          />
        </>
      )}
      {workload.proposal && (
        <ProposalBlock
          proposal={workload.proposal}
          testId={`mesh-readiness-proposal-${workload.workloadId}`}
        />
      )}
    </Box>
  );
}

function NamespaceReadiness(props: { namespace: NamespaceReadinessView }) {
  const { namespace } = props;
  const { counts } = namespace;
  return (
    <Box
      data-testid={`mesh-readiness-namespace-${namespace.cluster}/${namespace.namespace}`}
      mb={2}
    >
      <Box display="flex" alignItems="center" flexWrap="wrap">
        <Typography variant="subtitle1">
          Namespace {namespace.cluster}/{namespace.namespace}
        </Typography>
        <Box ml={1}>
          <ReadinessChip state={namespace.state} />
        </Box>
        <Typography variant="body2" color="textSecondary">
          {counts.ready} ready, {counts.strict} already STRICT, {counts.blocked}{' '}
          blocked, {counts.unknown} without traffic, {counts['not-meshed']} not
          meshed
        </Typography>
      </Box>
      {namespace.proposal && (
        <ProposalBlock
          proposal={namespace.proposal}
          testId={`mesh-readiness-namespace-proposal-${namespace.cluster}/${namespace.namespace}`}
        />
      )}
    </Box>
  );
}

/**
 * Can this service go STRICT today, and what exactly to apply: per
 * workload, the verdict from the plaintext observed over the window, every
 * plaintext caller with why and what to do, and the PeerAuthentication to
 * apply when ready; then the same per namespace.
 */
export function ReadinessSection(props: {
  readiness: PolledAsyncState<EntityReadinessResponse>;
}) {
  const { readiness } = props;
  if (readiness.loading) {
    return (
      <Skeleton
        variant="rect"
        height={120}
        data-testid="mesh-readiness-loading"
      />
    );
  }
  if (!readiness.value) {
    return readiness.error ? (
      <ResponseErrorPanel error={readiness.error} />
    ) : null;
  }
  const { workloads, namespaces, window, sources } = readiness.value;
  const unavailable = telemetryUnavailableReason(sources);
  return (
    <Box data-testid="mesh-readiness">
      <Typography variant="body2" color="textSecondary" paragraph>
        From destination-reported plaintext over the last {window}. No traffic
        is never read as ready.
      </Typography>
      {unavailable && (
        <Typography variant="body2" color="error" paragraph>
          Telemetry unavailable ({unavailable}): the verdicts below cannot be
          trusted.
        </Typography>
      )}
      {workloads.map(workload => (
        <WorkloadReadiness key={workload.workloadId} workload={workload} />
      ))}
      {namespaces.length > 0 && <Divider />}
      {namespaces.map(namespace => (
        <NamespaceReadiness
          key={`${namespace.cluster}/${namespace.namespace}`}
          namespace={namespace}
        />
      ))}
    </Box>
  );
}
