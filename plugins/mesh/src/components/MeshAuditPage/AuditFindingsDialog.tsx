import useAsync from 'react-use/esm/useAsync';
import type {
  AuditFinding,
  AuditFindingsQuery,
} from '@mesh-portal/plugin-mesh-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { meshApiRef } from '../../api/MeshApi';
import { FindingBlock } from '../shared/FindingBlock';
import { findingsSummary } from './findingsSummary';

/** Findings fetched for one list; more is a sign to narrow the filters. */
export const FINDINGS_LIST_LIMIT = 200;

/** Props of {@link AuditFindingsDialog}. */
export interface AuditFindingsDialogProps {
  /** The page's filters, narrowed to a severity or one workload. */
  query: AuditFindingsQuery;
  /** What the list is of, e.g. "Errors" or "Findings of web-frontend". */
  title: string;
  onClose: () => void;
}

const AffectedWorkloads = ({ finding }: { finding: AuditFinding }) => (
  <Box component="ul" m={0} pl={2}>
    {finding.affected.map(workload => (
      <li key={workload.workloadId} data-testid="audit-finding-workload">
        <Typography variant="body2" component="span">
          {workload.workload}{' '}
          <Typography variant="caption" color="textSecondary" component="span">
            ({workload.kind}, {workload.cluster}/{workload.namespace})
          </Typography>{' '}
          {workload.entityRef ? (
            <EntityRefLink
              entityRef={workload.entityRef}
              title={workload.entityTitle}
            />
          ) : (
            <Typography
              variant="caption"
              color="textSecondary"
              component="span"
            >
              unclaimed
            </Typography>
          )}
        </Typography>
      </li>
    ))}
  </Box>
);

const FindingItem = ({ finding }: { finding: AuditFinding }) => (
  <FindingBlock
    finding={finding}
    testId="audit-finding"
    codeNote={
      finding.affected.length > 1
        ? ` · touches ${finding.affected.length} workloads`
        : undefined
    }
  >
    <AffectedWorkloads finding={finding} />
  </FindingBlock>
);

/**
 * The findings behind a count of the audit (a severity in the headline, a
 * row's Findings cell): each finding once, with its message, its fix and the
 * workloads it touches among those matching the filters.
 */
export const AuditFindingsDialog = ({
  query,
  title,
  onClose,
}: AuditFindingsDialogProps) => {
  const meshApi = useApi(meshApiRef);
  const queryKey = JSON.stringify(query);
  const { value, loading, error } = useAsync(
    () =>
      meshApi.getAuditFindings({
        ...query,
        offset: 0,
        limit: FINDINGS_LIST_LIMIT,
      }),
    // queryKey stands for `query`, rebuilt on every render of the page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [meshApi, queryKey],
  );
  return (
    <Dialog
      open
      onClose={onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="audit-findings-title"
    >
      <DialogTitle id="audit-findings-title">{title}</DialogTitle>
      <DialogContent dividers>
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {value && !loading && (
          <>
            <Box mb={2}>
              <Typography variant="body2" data-testid="audit-findings-summary">
                {findingsSummary(value.totalItems, value.workloads)}
              </Typography>
              {value.totalItems > value.items.length && (
                <Typography variant="caption" color="textSecondary">
                  Showing the first {value.items.length}; narrow the filters to
                  see the others.
                </Typography>
              )}
            </Box>
            {value.items.length === 0 ? (
              <Typography variant="body2">
                No findings for these filters.
              </Typography>
            ) : (
              value.items.map((finding, index) => (
                <FindingItem
                  key={`${finding.code}-${index}`}
                  finding={finding}
                />
              ))
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
};
