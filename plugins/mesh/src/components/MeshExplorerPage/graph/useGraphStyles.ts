import { makeStyles } from '@material-ui/core/styles';

/**
 * Styles of the explorer's drawing, in one sheet because the SVG's zoom
 * state hides the nodes' labels (`$label`).
 */
export const useGraphStyles = makeStyles(theme => ({
  frame: {
    position: 'relative',
    // Follows the window, so a tall screen gets a taller graph.
    height: 'clamp(480px, calc(100vh - 300px), 1100px)',
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
    background: theme.palette.background.paper,
  },
  svg: {
    width: '100%',
    height: '100%',
    cursor: 'grab',
    touchAction: 'none',
    userSelect: 'none',
    '&[data-zoom="far"] $label': { display: 'none' },
    '&[data-zoom="mid"] $fullLabel': { display: 'none' },
    '&:not([data-zoom="mid"]) $briefLabel': { display: 'none' },
  },
  label: {
    // Set by the pan and zoom from the scale: never below a readable size.
    fontSize: 'var(--mesh-label-size, 12px)',
    paintOrder: 'stroke',
    stroke: theme.palette.background.paper,
    strokeWidth: 3,
    strokeLinejoin: 'round',
  },
  // Box and region titles scale with the node labels: readable at any zoom.
  groupLabel: { fontSize: 'calc(var(--mesh-label-size, 12px) * 1.1)' },
  regionLabel: { fontSize: 'calc(var(--mesh-label-size, 12px) * 1.35)' },
  fullLabel: {},
  briefLabel: {},
  node: {
    cursor: 'pointer',
    '&:focus': { outline: 'none' },
    '&:focus $ring, &:hover $ring': { visibility: 'visible' },
  },
  ring: { visibility: 'hidden' },
  controls: {
    position: 'absolute',
    top: theme.spacing(1),
    right: theme.spacing(1),
    display: 'flex',
    flexDirection: 'column',
    background: theme.palette.background.paper,
    borderRadius: theme.shape.borderRadius,
    boxShadow: theme.shadows[2],
  },
}));
