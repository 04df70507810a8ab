import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';

import {
  TRAFFIC_WINDOWS,
  type TrafficWindow,
} from '@mesh-portal/plugin-mesh-common';

// The windows the backend accepts are part of the wire contract.
export { TRAFFIC_WINDOWS };
export type { TrafficWindow };
/**
 * Depth of the traffic neighbourhood, in hops.
 * @public
 */
export type TrafficDepth = 1 | 2 | 3;
/**
 * Whether the traffic graph's nodes are workloads (per cluster) or catalog entities.
 * @public
 */
export type TrafficView = 'workload' | 'service';
/** Graph drawing or edge table. */
export type TrafficDisplay = 'graph' | 'table';

/** The traffic section's settings. */
export interface TrafficSettings {
  depth: TrafficDepth;
  window: TrafficWindow;
  view: TrafficView;
  display: TrafficDisplay;
}

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  select: { minWidth: 110 },
}));

/**
 * Depth, window, view and display selectors of the traffic section.
 */
export function TrafficControls(props: {
  settings: TrafficSettings;
  onChange: (settings: TrafficSettings) => void;
}) {
  const { settings, onChange } = props;
  const classes = useStyles();
  return (
    <Box className={classes.bar}>
      <FormControl className={classes.select}>
        <InputLabel id="mesh-traffic-depth">Depth</InputLabel>
        <Select
          labelId="mesh-traffic-depth"
          value={settings.depth}
          onChange={event =>
            onChange({ ...settings, depth: event.target.value as TrafficDepth })
          }
        >
          <MenuItem value={1}>1 hop</MenuItem>
          <MenuItem value={2}>2 hops</MenuItem>
          <MenuItem value={3}>3 hops</MenuItem>
        </Select>
      </FormControl>
      <FormControl className={classes.select}>
        <InputLabel id="mesh-traffic-window">Window</InputLabel>
        <Select
          labelId="mesh-traffic-window"
          value={settings.window}
          onChange={event =>
            onChange({
              ...settings,
              window: event.target.value as TrafficWindow,
            })
          }
        >
          {TRAFFIC_WINDOWS.map(window => (
            <MenuItem key={window} value={window}>
              Last {window}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      <ToggleButtonGroup
        size="small"
        exclusive
        value={settings.view}
        aria-label="Nodes"
        onChange={(_event, view: TrafficView | null) =>
          view && onChange({ ...settings, view })
        }
      >
        <ToggleButton value="service" aria-label="Services">
          Services
        </ToggleButton>
        <ToggleButton value="workload" aria-label="Workloads">
          Workloads
        </ToggleButton>
      </ToggleButtonGroup>
      <ToggleButtonGroup
        size="small"
        exclusive
        value={settings.display}
        aria-label="Display"
        onChange={(_event, display: TrafficDisplay | null) =>
          display && onChange({ ...settings, display })
        }
      >
        <ToggleButton value="graph" aria-label="Graph">
          Graph
        </ToggleButton>
        <ToggleButton value="table" aria-label="Table">
          Table
        </ToggleButton>
      </ToggleButtonGroup>
    </Box>
  );
}
