import type { GraphNode } from '@mesh-portal/plugin-mesh-common';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import Switch from '@material-ui/core/Switch';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { makeStyles } from '@material-ui/core/styles';
import { MultiSelect } from '../shared/MultiSelect';
import type { ExplorerFilters } from './explorerFilters';
import type { GraphGrouping } from './layout/groupedLayout';
import { NodeSearch } from './NodeSearch';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  select: { minWidth: 190 },
}));

/** Props of {@link ExplorerToolbar}. */
export interface ExplorerToolbarProps {
  filters: ExplorerFilters;
  onChange: (change: Partial<ExplorerFilters>) => void;
  nodes: GraphNode[];
  focusNode?: GraphNode;
  clusterOptions: string[];
  ownerOptions: string[];
}

/** Boxes inside each cluster's region (the value `cluster` is kept for old links). */
const GROUPINGS: Array<{ value: GraphGrouping; label: string }> = [
  { value: 'cluster', label: 'Namespace' },
  { value: 'system', label: 'System' },
  { value: 'owner', label: 'Owner' },
];

/** The explorer's search, view, grouping and filter controls. */
export const ExplorerToolbar = ({
  filters,
  onChange,
  nodes,
  focusNode,
  clusterOptions,
  ownerOptions,
}: ExplorerToolbarProps) => {
  const classes = useStyles();
  return (
    <Box className={classes.bar} role="search" aria-label="Explorer filters">
      <NodeSearch
        nodes={nodes}
        focus={focusNode}
        onFocus={node => onChange({ focus: node?.id })}
      />
      <ToggleButtonGroup
        size="small"
        exclusive
        value={filters.view}
        onChange={(_, view) => view && onChange({ view, focus: undefined })}
        aria-label="View"
      >
        <ToggleButton value="service">Services</ToggleButton>
        <ToggleButton value="workload">Workloads</ToggleButton>
      </ToggleButtonGroup>
      <FormControl className={classes.select} size="small" variant="outlined">
        <InputLabel id="mesh-explorer-group-label">Group by</InputLabel>
        <Select
          labelId="mesh-explorer-group-label"
          id="mesh-explorer-group"
          label="Group by"
          value={filters.grouping}
          onChange={event =>
            onChange({ grouping: event.target.value as GraphGrouping })
          }
        >
          {GROUPINGS.map(g => (
            <MenuItem key={g.value} value={g.value}>
              {g.label}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      <MultiSelect
        id="mesh-explorer-cluster"
        label="Cluster"
        value={filters.cluster}
        options={clusterOptions}
        onChange={cluster => onChange({ cluster })}
      />
      <MultiSelect
        id="mesh-explorer-owner"
        label="Owner"
        value={filters.owner}
        options={ownerOptions}
        onChange={owner => onChange({ owner })}
      />
      <MultiSelect
        id="mesh-explorer-protocol"
        label="Protocol"
        value={filters.protocol}
        options={['http', 'grpc', 'tcp']}
        render={p => (p === 'grpc' ? 'gRPC' : p.toUpperCase())}
        onChange={protocol =>
          onChange({ protocol: protocol as ExplorerFilters['protocol'] })
        }
      />
      <FilterSwitch
        label="Only non-mTLS edges"
        checked={filters.onlyNonMtls}
        onChange={checked => onChange({ onlyNonMtls: checked })}
      />
      <FilterSwitch
        label="Only errors"
        checked={filters.onlyErrors}
        onChange={checked => onChange({ onlyErrors: checked })}
      />
      <FilterSwitch
        label="Show idle workloads"
        checked={filters.idle}
        onChange={checked => onChange({ idle: checked })}
      />
    </Box>
  );
};

/** One on/off filter of the toolbar. */
function FilterSwitch(props: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <FormControlLabel
      control={
        <Switch
          color="primary"
          checked={props.checked}
          onChange={(_, checked) => props.onChange(checked)}
        />
      }
      label={props.label}
    />
  );
}
