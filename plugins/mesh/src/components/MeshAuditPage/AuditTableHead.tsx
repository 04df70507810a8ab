import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import type { AuditFilters, AuditSortKey } from './auditFilters';

/**
 * The audit table's columns. Pairs that share a cell (entity and owner,
 * cluster and namespace) keep a sort label each, so no sort is lost by
 * keeping the table narrow enough for its card.
 */
export const AUDIT_COLUMNS: Array<{
  sorts: Array<{ label: string; key: AuditSortKey }>;
  numeric?: boolean;
}> = [
  { sorts: [{ label: 'Workload', key: 'workload' }] },
  {
    sorts: [
      { label: 'Entity', key: 'entity' },
      { label: 'Owner', key: 'owner' },
    ],
  },
  {
    sorts: [
      { label: 'Cluster', key: 'cluster' },
      { label: 'Namespace', key: 'namespace' },
    ],
  },
  { sorts: [{ label: 'Membership', key: 'coverage' }] },
  { sorts: [{ label: 'Effective mode', key: 'mode' }] },
  // Inbound as destinations report it; outbound shows a plaintext sender
  // (e.g. one outside the mesh) that inbound alone would hide.
  {
    sorts: [
      { label: 'Observed mTLS in', key: 'observedMtlsShare' },
      { label: 'out', key: 'observedOutboundMtlsShare' },
    ],
  },
  { sorts: [{ label: 'Findings', key: 'findings' }], numeric: true },
];

/**
 * The columns of the narrow table (under 1280 px): entity, owner, cluster
 * and namespace go into the workload's cell, so the chips keep their room.
 */
export const NARROW_AUDIT_COLUMNS = AUDIT_COLUMNS.filter(
  column =>
    !column.sorts.some(sort => sort.key === 'entity' || sort.key === 'cluster'),
);

/** Props of {@link AuditTableHead}. */
export interface AuditTableHeadProps {
  filters: AuditFilters;
  onChange: (change: Partial<AuditFilters>) => void;
  /** The narrow table's columns. */
  narrow?: boolean;
}

/** Sortable headers of the audit table; the backend does the sorting. */
export const AuditTableHead = ({
  filters,
  onChange,
  narrow,
}: AuditTableHeadProps) => (
  <TableHead>
    <TableRow>
      {(narrow ? NARROW_AUDIT_COLUMNS : AUDIT_COLUMNS).map(column => {
        const activeSort = column.sorts.find(s => s.key === filters.sort);
        return (
          <TableCell
            key={column.sorts[0].key}
            align={column.numeric ? 'right' : 'left'}
            sortDirection={activeSort ? filters.order : false}
            // Headers may wrap between words, so they are never what
            // makes the table wider than its card.
            // (between words only: never "Findi/ngs").
            style={{
              verticalAlign: 'bottom',
              wordBreak: 'normal',
              overflowWrap: 'normal',
            }}
          >
            {column.sorts.map(sort => {
              const active = sort === activeSort;
              return (
                // Stacked like the cell below: entity over owner, cluster over namespace.
                <div key={sort.key}>
                  <TableSortLabel
                    active={active}
                    direction={active ? filters.order : 'asc'}
                    onClick={() =>
                      onChange({
                        sort: sort.key,
                        order:
                          active && filters.order === 'asc' ? 'desc' : 'asc',
                      })
                    }
                  >
                    {sort.label}
                  </TableSortLabel>
                </div>
              );
            })}
          </TableCell>
        );
      })}
    </TableRow>
  </TableHead>
);
