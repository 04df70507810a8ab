import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import ZoomInIcon from '@material-ui/icons/ZoomIn';
import ZoomOutIcon from '@material-ui/icons/ZoomOut';
import ZoomOutMapIcon from '@material-ui/icons/ZoomOutMap';
import { useGraphStyles } from './useGraphStyles';

/** Props of {@link ZoomControls}. */
export interface ZoomControlsProps {
  zoomBy: (factor: number) => void;
  fit: () => void;
  /** Zoom factor of one press. */
  step: number;
}

/** Zoom in, zoom out and fit buttons over the drawing's top right corner. */
export const ZoomControls = ({ zoomBy, fit, step }: ZoomControlsProps) => {
  const classes = useGraphStyles();
  return (
    <Box className={classes.controls}>
      <Tooltip title="Zoom in">
        <IconButton
          size="small"
          aria-label="Zoom in"
          onClick={() => zoomBy(step)}
        >
          <ZoomInIcon />
        </IconButton>
      </Tooltip>
      <Tooltip title="Zoom out">
        <IconButton
          size="small"
          aria-label="Zoom out"
          onClick={() => zoomBy(1 / step)}
        >
          <ZoomOutIcon />
        </IconButton>
      </Tooltip>
      <Tooltip title="Fit to screen">
        <IconButton size="small" aria-label="Fit to screen" onClick={fit}>
          <ZoomOutMapIcon />
        </IconButton>
      </Tooltip>
    </Box>
  );
};
