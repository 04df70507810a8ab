import Typography from '@material-ui/core/Typography';
import type { Finding, FindingSeverity } from '@mesh-portal/plugin-mesh-common';
import { FindingBlock } from '../shared/FindingBlock';

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
        <FindingBlock
          key={`${finding.code}-${index}`}
          finding={finding}
          testId="mesh-node-finding"
        />
      ))}
    </>
  );
}
