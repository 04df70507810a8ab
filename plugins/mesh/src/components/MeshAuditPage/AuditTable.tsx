import type {
  AuditRow,
  TelemetrySourceStatus,
} from '@mesh-portal/plugin-mesh-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import LinearProgress from '@material-ui/core/LinearProgress';
import Link from '@material-ui/core/Link';
import Tooltip from '@material-ui/core/Tooltip';
import useMediaQuery from '@material-ui/core/useMediaQuery';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { MembershipChip } from '../shared/MembershipChip';
import { MtlsChip } from '../shared/MtlsChip';
import { AuditFilters, PAGE_SIZES } from './auditFilters';
import {
  AUDIT_COLUMNS,
  AuditTableHead,
  NARROW_AUDIT_COLUMNS,
} from './AuditTableHead';
import { formatShare } from './coverageShares';
import { telemetryGap } from './telemetryGap';

const useStyles = makeStyles(theme => ({
  // Narrower gutters than MUI's 16/24 px: seven columns must fit a 1280 px screen.
  table: {
    '& th, & td': {
      paddingLeft: theme.spacing(1),
      paddingRight: theme.spacing(1),
    },
  },
  line: { display: 'block', whiteSpace: 'nowrap' },
  // Refs and cluster names never break; workload names only at their hyphens
  // (never "istio-eastwestgate/way").
  nowrap: { whiteSpace: 'nowrap' },
  words: { overflowWrap: 'normal', wordBreak: 'normal', minWidth: 120 },
  owner: { display: 'block', whiteSpace: 'nowrap' },
}));

/** Props of {@link AuditTable}. */
export interface AuditTableProps {
  rows: AuditRow[];
  totalItems: number;
  /** Telemetry sources of the response, to tell "no traffic" from "no telemetry". */
  sources?: TelemetrySourceStatus[];
  filters: AuditFilters;
  /** True while a new page is being fetched (the old rows stay visible). */
  loading?: boolean;
  onChange: (change: Partial<AuditFilters>) => void;
  /** Opens the list of one workload's findings. */
  onOpenFindings?: (workloadId: string) => void;
}

/** One direction's observed share, or why it is missing: no traffic is not no telemetry. */
const ObservedShare = ({
  direction,
  share,
  gap,
}: {
  direction: 'in' | 'out';
  share: number | undefined;
  gap: string | undefined;
}) => {
  const label = direction === 'in' ? 'Inbound' : 'Outbound';
  if (share !== undefined) {
    return (
      <Typography
        variant="body2"
        aria-label={`${label}: ${formatShare(share)} mTLS`}
        data-testid={`observed-${direction}`}
      >
        <Typography variant="caption" color="textSecondary" component="span">
          {direction}{' '}
        </Typography>
        {formatShare(share)}
      </Typography>
    );
  }
  if (gap) {
    return (
      <Tooltip title={gap}>
        <Typography
          variant="body2"
          color="textSecondary"
          aria-label={`${label}: unknown. ${gap}`}
          data-testid="observed-unknown"
        >
          {direction} —
        </Typography>
      </Tooltip>
    );
  }
  return (
    <Typography
      variant="caption"
      color="textSecondary"
      component="p"
      data-testid={`observed-${direction}`}
    >
      {direction}: no traffic
    </Typography>
  );
};

/**
 * Observed mTLS both ways: inbound as the workload's proxy (or its
 * destinations') reported it, outbound as its destinations did.
 */
const ObservedCell = ({
  row,
  sources,
}: {
  row: AuditRow;
  sources?: TelemetrySourceStatus[];
}) => {
  const gap = telemetryGap(sources, row.cluster);
  return (
    <>
      <ObservedShare direction="in" share={row.observedMtlsShare} gap={gap} />
      <ObservedShare
        direction="out"
        share={row.observedOutboundMtlsShare}
        gap={gap}
      />
    </>
  );
};

/** The row's finding count, a link to the list of its findings. */
const FindingsCell = ({
  row,
  onOpenFindings,
}: {
  row: AuditRow;
  onOpenFindings?: (workloadId: string) => void;
}) => {
  if (row.findings === 0 || !onOpenFindings) return <>{row.findings}</>;
  return (
    <Link
      component="button"
      variant="body2"
      onClick={() => onOpenFindings(row.workloadId)}
      aria-label={`List the ${row.findings} finding${
        row.findings === 1 ? '' : 's'
      } of ${row.workload}`}
    >
      {row.findings}
    </Link>
  );
};

/** The entity claiming the workload, with its owner below. */
const EntityAndOwner = ({ row }: { row: AuditRow }) => {
  const classes = useStyles();
  return (
    <>
      {row.entityRef ? (
        <EntityRefLink entityRef={row.entityRef} title={row.entityTitle} />
      ) : (
        <Typography variant="caption" color="textSecondary">
          unclaimed
        </Typography>
      )}
      <Typography variant="caption" className={classes.owner}>
        {row.owner ? (
          <EntityRefLink entityRef={row.owner} defaultKind="group" />
        ) : (
          <Typography variant="caption" color="textSecondary">
            no owner
          </Typography>
        )}
      </Typography>
    </>
  );
};

const AuditTableRow = ({
  row,
  sources,
  onOpenFindings,
  narrow,
}: {
  row: AuditRow;
  sources?: TelemetrySourceStatus[];
  onOpenFindings?: (workloadId: string) => void;
  narrow: boolean;
}) => {
  const classes = useStyles();
  return (
    <TableRow data-testid="audit-row">
      <TableCell className={classes.words}>
        <Typography variant="body2">{row.workload}</Typography>
        <Typography variant="caption" color="textSecondary">
          {row.kind}
        </Typography>
        {narrow && (
          <>
            <Typography
              variant="caption"
              color="textSecondary"
              className={classes.line}
            >
              {row.cluster}/{row.namespace}
            </Typography>
            <EntityAndOwner row={row} />
          </>
        )}
      </TableCell>
      {!narrow && (
        <TableCell className={classes.nowrap}>
          <EntityAndOwner row={row} />
        </TableCell>
      )}
      {!narrow && (
        <TableCell className={classes.nowrap}>
          <Typography variant="body2">{row.cluster}</Typography>
          <Typography variant="caption" color="textSecondary">
            {row.namespace}
          </Typography>
        </TableCell>
      )}
      <TableCell>
        <MembershipChip state={row.membership} />
        {row.nativeSidecar !== undefined && (
          <Typography
            variant="caption"
            color="textSecondary"
            className={classes.owner}
          >
            {row.nativeSidecar ? 'native sidecar' : 'classic sidecar'}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        {/* The deciding policy is in the chip's tooltip: a caption widened the table past its card. */}
        <MtlsChip
          mode={row.mode}
          enforced={
            row.enforced ??
            (row.coverage !== 'outside' && row.membership !== 'partial')
          }
          reason={`Decided by ${row.decidedBy} (${row.decidedScope})`}
        />
      </TableCell>
      <TableCell>
        <ObservedCell row={row} sources={sources} />
      </TableCell>
      <TableCell align="right">
        <FindingsCell row={row} onOpenFindings={onOpenFindings} />
      </TableCell>
    </TableRow>
  );
};

/**
 * One page of the audit's workloads. Sorting and paging are done by the
 * backend: the table never holds more than one page, however large the mesh.
 */
export const AuditTable = ({
  rows,
  totalItems,
  sources,
  filters,
  loading,
  onChange,
  onOpenFindings,
}: AuditTableProps) => {
  const classes = useStyles();
  // Under 1280 px (1024 px with the sidebar open) seven columns push the
  // chips out of the card: entity, owner, cluster and namespace then go
  // into the workload's cell (sorting by them needs the wide table).
  const narrow = useMediaQuery<Theme>(theme => theme.breakpoints.down('md'));
  const columns = narrow ? NARROW_AUDIT_COLUMNS : AUDIT_COLUMNS;
  return (
    <>
      {loading ? <LinearProgress aria-label="Loading workloads" /> : null}
      <TableContainer>
        <Table size="small" aria-label="Workloads" className={classes.table}>
          <AuditTableHead
            filters={filters}
            onChange={onChange}
            narrow={narrow}
          />
          <TableBody>
            {rows.length === 0 && (
              <TableRow>
                <TableCell colSpan={columns.length}>
                  <Typography variant="body2">
                    No workloads match these filters.
                  </Typography>
                </TableCell>
              </TableRow>
            )}
            {rows.map(row => (
              <AuditTableRow
                key={row.workloadId}
                row={row}
                sources={sources}
                onOpenFindings={onOpenFindings}
                narrow={narrow}
              />
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <TablePagination
        component="div"
        count={totalItems}
        page={Math.min(
          filters.page,
          Math.max(0, Math.ceil(totalItems / filters.pageSize) - 1),
        )}
        rowsPerPage={filters.pageSize}
        rowsPerPageOptions={PAGE_SIZES}
        onPageChange={(_, page) => onChange({ page })}
        onRowsPerPageChange={event =>
          onChange({ pageSize: Number(event.target.value) })
        }
      />
    </>
  );
};
