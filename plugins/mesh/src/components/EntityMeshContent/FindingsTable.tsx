import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { Finding, FindingSeverity } from '@mesh-portal/plugin-mesh-common';
import { SeverityChip } from '../shared';
import { objectRefText } from './MtlsWhyButton';

const ORDER: Record<FindingSeverity, number> = {
  error: 0,
  warning: 1,
  info: 2,
};

/**
 * Findings, most severe first: what is wrong, the objects involved, the fix.
 */
export function FindingsTable(props: { findings: Finding[] }) {
  const findings = [...props.findings].sort(
    (a, b) => ORDER[a.severity] - ORDER[b.severity],
  );
  if (findings.length === 0) {
    return (
      <Typography variant="body2">
        No misconfigurations found for this entity's workloads.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Findings">
      <TableHead>
        <TableRow>
          <TableCell>Severity</TableCell>
          <TableCell>Problem</TableCell>
          <TableCell>Objects</TableCell>
          <TableCell>Fix</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {findings.map((finding, index) => (
          <TableRow key={`${finding.code}-${index}`}>
            <TableCell>
              <SeverityChip severity={finding.severity} />
            </TableCell>
            <TableCell>
              <Typography variant="body2">{finding.message}</Typography>
              <Typography variant="caption" color="textSecondary">
                {finding.code}
              </Typography>
            </TableCell>
            <TableCell>
              {finding.objects.map(ref => (
                <Typography variant="body2" key={objectRefText(ref)}>
                  {objectRefText(ref)}
                </Typography>
              ))}
            </TableCell>
            <TableCell>
              <Typography variant="body2">{finding.fix}</Typography>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
