import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { CodeSnippet } from '@backstage/core-components';
import type { StrictProposal } from '@mesh-portal/plugin-mesh-common';

/**
 * What to apply: why each object, the YAML (copyable) and the
 * `kubectl apply` line for it.
 */
export function ProposalBlock(props: {
  proposal: StrictProposal;
  testId: string;
}) {
  const { proposal, testId } = props;
  return (
    <Box data-testid={testId} mt={1}>
      <Typography variant="subtitle2">
        Apply to make{' '}
        {proposal.scope === 'namespace'
          ? `namespace ${proposal.namespace}`
          : 'this workload'}{' '}
        STRICT (save as {proposal.fileName}):
      </Typography>
      <ul>
        {proposal.changes.map(change => (
          <li key={change.manifest.metadata.name}>
            <Typography variant="body2">
              {change.action === 'update' ? 'Change' : 'Create'}{' '}
              {change.manifest.metadata.namespace}/
              {change.manifest.metadata.name}: {change.why}
            </Typography>
          </li>
        ))}
      </ul>
      {proposal.alsoAffects.length > 0 && (
        <Typography variant="body2" color="error">
          Also makes STRICT: {proposal.alsoAffects.join(', ')}
        </Typography>
      )}
      <CodeSnippet text={proposal.yaml} language="yaml" showCopyCodeButton />
      <CodeSnippet text={proposal.command} language="bash" showCopyCodeButton />
    </Box>
  );
}
