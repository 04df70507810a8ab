import type { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { Finding } from '@mesh-portal/plugin-mesh-common';
import { objectRefText } from '../EntityMeshContent/MtlsWhyButton';
import { SeverityChip } from './SeverityChip';

/**
 * One finding as a block, for narrow places (the drawer, the audit's
 * findings list): severity and code, the problem, the fix, the objects.
 */
export const FindingBlock = (props: {
  finding: Finding;
  testId: string;
  /** Appended to the code line, e.g. how many workloads it touches. */
  codeNote?: string;
  children?: ReactNode;
}) => {
  const { finding } = props;
  return (
    <Box mb={2} data-testid={props.testId}>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <SeverityChip severity={finding.severity} />
        <Typography variant="caption" color="textSecondary">
          {finding.code}
          {props.codeNote ?? ''}
        </Typography>
      </Box>
      <Typography variant="body2">{finding.message}</Typography>
      <Typography variant="body2">
        <strong>Fix:</strong> {finding.fix}
      </Typography>
      {finding.objects.length > 0 && (
        <Typography variant="caption" color="textSecondary" component="p">
          {finding.objects.map(objectRefText).join(' · ')}
        </Typography>
      )}
      {props.children}
    </Box>
  );
};
