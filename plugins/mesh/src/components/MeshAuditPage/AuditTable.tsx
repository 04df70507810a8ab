import type { AuditRow } from '@internal/plugin-mesh-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import Typography from '@material-ui/core/Typography';
import LinearProgress from '@material-ui/core/LinearProgress';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { MembershipChip } from '../shared/MembershipChip';
import { MtlsChip } from '../shared/MtlsChip';
import { AuditFilters, AuditSortKey, PAGE_SIZES } from './auditFilters';
import { formatShare } from './coverageShares';

/** Props of {@link AuditTable}. */
export interface AuditTableProps {
  rows: AuditRow[];
  totalItems: number;
  filters: AuditFilters;
  /** True while a new page is being fetched (the old rows stay visible). */
  loading?: boolean;
  onChange: (change: Partial<AuditFilters>) => void;
}

const COLUMNS: Array<{
  label: string;
  sort?: AuditSortKey;
  numeric?: boolean;
}> = [
  { label: 'Workload', sort: 'workload' },
  { label: 'Entity', sort: 'entity' },
  { label: 'Owner', sort: 'owner' },
  { label: 'Cluster', sort: 'cluster' },
  { label: 'Namespace', sort: 'namespace' },
  { label: 'Membership', sort: 'coverage' },
  { label: 'Effective mode', sort: 'mode' },
  { label: 'Observed mTLS', sort: 'observedMtlsShare' },
  { label: 'Findings', sort: 'findings', numeric: true },
];

const AuditTableRow = ({ row }: { row: AuditRow }) => (
  <TableRow data-testid="audit-row">
    <TableCell>
      <Typography variant="body2">{row.workload}</Typography>
      <Typography variant="caption" color="textSecondary">
        {row.kind}
      </Typography>
    </TableCell>
    <TableCell>
      {row.entityRef ? (
        <EntityRefLink entityRef={row.entityRef} title={row.entityTitle} />
      ) : (
        <Typography variant="caption" color="textSecondary">
          unclaimed
        </Typography>
      )}
    </TableCell>
    <TableCell>
      {row.owner ? (
        <EntityRefLink entityRef={row.owner} defaultKind="group" />
      ) : (
        <Typography variant="caption" color="textSecondary">
          none
        </Typography>
      )}
    </TableCell>
    <TableCell>{row.cluster}</TableCell>
    <TableCell>{row.namespace}</TableCell>
    <TableCell>
      <MembershipChip state={row.membership} />
    </TableCell>
    <TableCell>
      <MtlsChip
        mode={row.mode}
        enforced={row.coverage !== 'outside'}
        reason={`Decided by ${row.decidedBy} (${row.decidedScope})`}
      />
      <Typography variant="caption" color="textSecondary" display="block">
        by {row.decidedBy}
      </Typography>
    </TableCell>
    <TableCell>
      {row.observedMtlsShare === undefined ? (
        <Typography variant="caption" color="textSecondary">
          no traffic
        </Typography>
      ) : (
        <Typography variant="body2">
          {formatShare(row.observedMtlsShare)}
        </Typography>
      )}
    </TableCell>
    <TableCell align="right">{row.findings}</TableCell>
  </TableRow>
);

/**
 * One page of the audit's workloads. Sorting and paging are done by the
 * backend: the table never holds more than one page, however large the mesh.
 */
export const AuditTable = ({
  rows,
  totalItems,
  filters,
  loading,
  onChange,
}: AuditTableProps) => (
  <>
    {loading ? <LinearProgress aria-label="Loading workloads" /> : null}
    <TableContainer>
      <Table size="small" aria-label="Workloads">
        <TableHead>
          <TableRow>
            {COLUMNS.map(column => {
              const active =
                column.sort !== undefined && filters.sort === column.sort;
              return (
                <TableCell
                  key={column.label}
                  align={column.numeric ? 'right' : 'left'}
                  sortDirection={active ? filters.order : false}
                  style={{ whiteSpace: 'nowrap' }}
                >
                  {column.sort ? (
                    <TableSortLabel
                      active={active}
                      direction={active ? filters.order : 'asc'}
                      onClick={() =>
                        onChange({
                          sort: column.sort,
                          order:
                            active && filters.order === 'asc' ? 'desc' : 'asc',
                        })
                      }
                    >
                      {column.label}
                    </TableSortLabel>
                  ) : (
                    column.label
                  )}
                </TableCell>
              );
            })}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.length === 0 && (
            <TableRow>
              <TableCell colSpan={COLUMNS.length}>
                <Typography variant="body2">
                  No workloads match these filters.
                </Typography>
              </TableCell>
            </TableRow>
          )}
          {rows.map(row => (
            <AuditTableRow key={row.workloadId} row={row} />
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
