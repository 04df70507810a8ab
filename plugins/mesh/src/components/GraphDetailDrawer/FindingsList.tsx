import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { Finding, FindingSeverity } from '@mesh-portal/plugin-mesh-common';
import { objectRefText } from '../EntityMeshContent/MtlsWhyButton';
import { SeverityChip } from '../shared/SeverityChip';

const ORDER: Record<FindingSeverity, number> = {
  error: 0,
  warning: 1,
  info: 2,
};

/**
 * Findings for the narrow drawer, one block each (most severe first): the
 * problem, the objects involved, the fix. The tab's table needs the width.
 */
export function FindingsList(props: { findings: Finding[] }) {
  const findings = [...props.findings].sort(
    (a, b) => ORDER[a.severity] - ORDER[b.severity],
  );
  if (findings.length === 0) {
    return <Typography variant="body2">No findings.</Typography>;
  }
  return (
    <>
      {findings.map((finding, index) => (
        <Box
          key={`${finding.code}-${index}`}
          mb={2}
          data-testid="mesh-node-finding"
        >
          <Box display="flex" alignItems="center" style={{ gap: 8 }}>
            <SeverityChip severity={finding.severity} />
            <Typography variant="caption" color="textSecondary">
              {finding.code}
            </Typography>
          </Box>
          <Typography variant="body2">{finding.message}</Typography>
          <Typography variant="body2">
            <strong>Fix:</strong> {finding.fix}
          </Typography>
          {finding.objects.length > 0 && (
            <Typography variant="caption" color="textSecondary">
              {finding.objects.map(objectRefText).join(' · ')}
            </Typography>
          )}
        </Box>
      ))}
    </>
  );
}
