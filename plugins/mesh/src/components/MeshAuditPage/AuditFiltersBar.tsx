import { useEffect, useState } from 'react';
import type { CoverageClass } from '@mesh-portal/plugin-mesh-common';
import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import { AuditFilters, DEFAULT_AUDIT_FILTERS } from './auditFilters';
import { MultiSelect } from '../shared/MultiSelect';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
  },
  search: { minWidth: 220 },
}));

/** Option lists of the filter selects. */
export interface AuditFilterOptions {
  owner: string[];
  cluster: string[];
  namespace: string[];
  system: string[];
}

/** Props of {@link AuditFiltersBar}. */
export interface AuditFiltersBarProps {
  filters: AuditFilters;
  options: AuditFilterOptions;
  onChange: (change: Partial<AuditFilters>) => void;
  /** Whether the signed-in user belongs to any team ("my teams" is disabled otherwise). */
  hasTeams: boolean;
}

const STATE_LABELS: Record<CoverageClass, string> = {
  strict: 'STRICT',
  'meshed-not-strict': 'Meshed, not STRICT',
  outside: 'Outside the mesh',
  infrastructure: 'Istio infrastructure',
};

/**
 * The audit's filter controls. Search is applied after a short pause in
 * typing so that each keystroke does not query the backend.
 */
export const AuditFiltersBar = ({
  filters,
  options,
  onChange,
  hasTeams,
}: AuditFiltersBarProps) => {
  const classes = useStyles();
  const [search, setSearch] = useState(filters.q);
  useEffect(() => setSearch(filters.q), [filters.q]);
  useEffect(() => {
    if (search === filters.q) return undefined;
    const timer = setTimeout(() => onChange({ q: search }), 300);
    return () => clearTimeout(timer);
  }, [search, filters.q, onChange]);

  const isDefault =
    JSON.stringify({
      ...filters,
      page: 0,
      pageSize: 0,
      sort: undefined,
      order: 'asc',
    }) ===
    JSON.stringify({
      ...DEFAULT_AUDIT_FILTERS,
      page: 0,
      pageSize: 0,
      sort: undefined,
      order: 'asc',
    });

  return (
    <Box className={classes.bar} role="search" aria-label="Audit filters">
      <TextField
        className={classes.search}
        size="small"
        variant="outlined"
        label="Search workloads"
        value={search}
        onChange={event => setSearch(event.target.value)}
        inputProps={{ 'aria-label': 'Search workloads' }}
      />
      <MultiSelect
        id="mesh-audit-owner"
        label="Owner"
        value={filters.owner}
        options={options.owner}
        onChange={owner => onChange({ owner })}
      />
      <MultiSelect
        id="mesh-audit-cluster"
        label="Cluster"
        value={filters.cluster}
        options={options.cluster}
        onChange={cluster => onChange({ cluster })}
      />
      <MultiSelect
        id="mesh-audit-namespace"
        label="Namespace"
        value={filters.namespace}
        options={options.namespace}
        onChange={namespace => onChange({ namespace })}
      />
      <MultiSelect
        id="mesh-audit-system"
        label="System"
        value={filters.system}
        options={options.system}
        onChange={system => onChange({ system })}
      />
      <MultiSelect
        id="mesh-audit-state"
        label="State"
        value={filters.state}
        options={Object.keys(STATE_LABELS)}
        render={value => STATE_LABELS[value as CoverageClass] ?? value}
        onChange={state => onChange({ state: state as CoverageClass[] })}
      />
      <FormControlLabel
        control={
          <Switch
            checked={filters.notStrict}
            onChange={(_, checked) => onChange({ notStrict: checked })}
            color="primary"
          />
        }
        label="Not STRICT only"
      />
      <FormControlLabel
        control={
          <Switch
            checked={filters.myTeams}
            disabled={!hasTeams && !filters.myTeams}
            onChange={(_, checked) => onChange({ myTeams: checked })}
            color="primary"
          />
        }
        label="My teams"
      />
      {!isDefault && (
        <Button
          size="small"
          onClick={() =>
            onChange({
              ...DEFAULT_AUDIT_FILTERS,
              sort: filters.sort,
              order: filters.order,
              pageSize: filters.pageSize,
            })
          }
        >
          Clear filters
        </Button>
      )}
    </Box>
  );
};
