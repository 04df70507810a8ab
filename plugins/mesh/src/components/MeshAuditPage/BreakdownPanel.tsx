import { useState } from 'react';
import type {
  AuditResponse,
  CoverageBreakdown,
} from '@mesh-portal/plugin-mesh-common';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard } from '@backstage/core-components';
import { EntityDisplayName } from '@backstage/plugin-catalog-react';
import { UNOWNED_KEY } from '@mesh-portal/plugin-mesh-common';
import { CoverageBar } from './CoverageBar';
import { coverageShares, formatShare } from './coverageShares';

/** Dimensions the audit breaks down by; each maps to a filter of the same name. */
export type BreakdownDimension = 'owner' | 'cluster' | 'namespace' | 'system';

const DIMENSIONS: Array<{
  key: BreakdownDimension;
  label: string;
  field: keyof Pick<
    AuditResponse,
    'byOwner' | 'byCluster' | 'byNamespace' | 'bySystem'
  >;
}> = [
  { key: 'owner', label: 'Owner', field: 'byOwner' },
  { key: 'cluster', label: 'Cluster', field: 'byCluster' },
  { key: 'namespace', label: 'Namespace', field: 'byNamespace' },
  { key: 'system', label: 'System', field: 'bySystem' },
];

const useStyles = makeStyles(theme => ({
  scroll: { maxHeight: 360, overflowY: 'auto' },
  row: { cursor: 'pointer' },
  bar: { width: '25%', minWidth: 80 },
  number: { whiteSpace: 'nowrap' },
  unset: { fontStyle: 'italic', color: theme.palette.text.secondary },
  infra: {
    color: theme.palette.text.secondary,
    marginLeft: theme.spacing(0.5),
  },
}));

/** Breakdown keys that are entity refs, shown by title as in the table. */
const ENTITY_DIMENSIONS: Partial<Record<BreakdownDimension, string>> = {
  owner: 'group',
  system: 'system',
};

/** The backend's key for workloads without an owner or system. */
const UNSET_KEY = UNOWNED_KEY;

const GroupName = ({
  dimension,
  groupKey,
}: {
  dimension: BreakdownDimension;
  groupKey: string;
}) => {
  const classes = useStyles();
  if (!groupKey || groupKey === UNSET_KEY) {
    return <span className={classes.unset}>{groupKey || 'none'}</span>;
  }
  const defaultKind = ENTITY_DIMENSIONS[dimension];
  if (!defaultKind) return <>{groupKey}</>;
  // A name, not a link: the row itself filters on the group.
  return (
    <EntityDisplayName
      entityRef={groupKey}
      defaultKind={defaultKind}
      hideIcon
      disableTooltip
    />
  );
};

/** Props of {@link BreakdownPanel}. */
export interface BreakdownPanelProps {
  audit: AuditResponse;
  /** Keys currently filtered on, per dimension, to highlight them. */
  selected: Record<BreakdownDimension, string[]>;
  /** Called when a row is chosen; the key is the breakdown's group key. */
  onSelect: (dimension: BreakdownDimension, key: string) => void;
}

function sortedEntries(breakdown: CoverageBreakdown) {
  return Object.entries(breakdown).sort(
    ([a, x], [b, y]) => y.total - x.total || a.localeCompare(b),
  );
}

/**
 * Coverage per owner, cluster, namespace and system. Choosing a row filters
 * the page on it, so a lead can go from "which team is worst" to its list.
 */
export const BreakdownPanel = ({
  audit,
  selected,
  onSelect,
}: BreakdownPanelProps) => {
  const classes = useStyles();
  const [tab, setTab] = useState<BreakdownDimension>('owner');
  const dimension = DIMENSIONS.find(d => d.key === tab)!;
  const entries = sortedEntries(audit[dimension.field] ?? {});
  return (
    <InfoCard title="Breakdown" noPadding>
      <Tabs
        value={tab}
        onChange={(_, value) => setTab(value)}
        indicatorColor="primary"
        variant="fullWidth"
      >
        {DIMENSIONS.map(d => (
          <Tab key={d.key} value={d.key} label={d.label} />
        ))}
      </Tabs>
      <Box className={classes.scroll}>
        <Table
          size="small"
          aria-label={`Coverage by ${dimension.label.toLowerCase()}`}
        >
          <TableHead>
            <TableRow>
              <TableCell>{dimension.label}</TableCell>
              <TableCell align="right" className={classes.number}>
                Workloads
              </TableCell>
              <TableCell align="right" className={classes.number}>
                STRICT
              </TableCell>
              <TableCell className={classes.bar}>Coverage</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {entries.length === 0 && (
              <TableRow>
                <TableCell colSpan={4}>No workloads</TableCell>
              </TableRow>
            )}
            {entries.map(([key, counts]) => {
              const choose = () => onSelect(dimension.key, key);
              // The "none" group (no owner or system) has no filter value.
              const interactive = key !== '';
              return (
                <TableRow
                  key={key}
                  hover={interactive}
                  className={interactive ? classes.row : undefined}
                  selected={selected[dimension.key].includes(key)}
                  {...(interactive && {
                    role: 'button',
                    tabIndex: 0,
                    'aria-label': `Filter by ${dimension.label.toLowerCase()} ${key}`,
                    onClick: choose,
                    onKeyDown: (event: React.KeyboardEvent) => {
                      if (event.key === 'Enter' || event.key === ' ') {
                        event.preventDefault();
                        choose();
                      }
                    },
                  })}
                >
                  <TableCell>
                    <GroupName dimension={dimension.key} groupKey={key} />
                  </TableCell>
                  <TableCell
                    align="right"
                    className={classes.number}
                    data-testid="breakdown-workloads"
                  >
                    {/* Same denominator as the STRICT share: Istio's own pods are counted apart. */}
                    {counts.strict + counts.meshedNotStrict + counts.outside}
                    {counts.infrastructure > 0 && (
                      <span className={classes.infra}>
                        (+{counts.infrastructure} infra)
                      </span>
                    )}
                  </TableCell>
                  <TableCell align="right">
                    {formatShare(coverageShares(counts)?.strict)}
                  </TableCell>
                  <TableCell className={classes.bar}>
                    <CoverageBar counts={counts} height={10} />
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </Box>
    </InfoCard>
  );
};
