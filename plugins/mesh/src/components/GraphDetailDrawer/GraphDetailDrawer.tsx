import { useMemo } from 'react';
import Box from '@material-ui/core/Box';
import Drawer from '@material-ui/core/Drawer';
import IconButton from '@material-ui/core/IconButton';
import { makeStyles } from '@material-ui/core/styles';
import CloseIcon from '@material-ui/icons/Close';
import type { GraphEdge, GraphNode } from '@mesh-portal/plugin-mesh-common';
import { EdgeDetailPanel } from './EdgeDetailPanel';
import { NodeDetailPanel } from './NodeDetailPanel';
import type { GraphSelection } from './selection';

const useStyles = makeStyles(theme => ({
  paper: {
    width: 560,
    maxWidth: '100vw',
    padding: theme.spacing(3),
    paddingTop: theme.spacing(2),
  },
  close: { float: 'right' },
}));

/**
 * Props of {@link GraphDetailDrawer}.
 * @public
 */
export interface GraphDetailDrawerProps {
  selection?: GraphSelection;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** The graph's rate window, used for the edge's own queries. */
  window: string;
  onSelect: (selection: GraphSelection | undefined) => void;
  /** When given, a node's details offer to focus the graph on it. */
  onFocusNode?: (id: string) => void;
}

/**
 * The detail of the selected node or edge, in a drawer over the page: the
 * graph stays where it was. Escape or the close button closes it; focus
 * moves into it on open and back on close (MUI's modal focus trap).
 * @public
 */
export function GraphDetailDrawer(props: GraphDetailDrawerProps) {
  const { selection, nodes, edges, window, onSelect, onFocusNode } = props;
  const classes = useStyles();
  const byId = useMemo(
    () => new Map(nodes.map(node => [node.id, node])),
    [nodes],
  );
  const close = () => onSelect(undefined);
  return (
    <Drawer
      anchor="right"
      open={selection !== undefined}
      onClose={close}
      classes={{ paper: classes.paper }}
      PaperProps={{
        role: 'dialog',
        'aria-labelledby': 'mesh-drawer-title',
        // @ts-expect-error data attributes are passed through to the DOM
        'data-testid': 'mesh-detail-drawer',
      }}
    >
      <Box>
        <IconButton
          className={classes.close}
          aria-label="Close details"
          onClick={close}
          size="small"
        >
          <CloseIcon />
        </IconButton>
        {selection?.kind === 'node' && (
          <NodeDetailPanel
            id={selection.id}
            node={byId.get(selection.id)}
            nodes={byId}
            edges={edges}
            onSelect={onSelect}
            onFocus={onFocusNode}
          />
        )}
        {selection?.kind === 'edge' && (
          <EdgeDetailPanel
            sourceId={selection.source}
            targetId={selection.target}
            source={byId.get(selection.source)}
            target={byId.get(selection.target)}
            edges={edges.filter(
              e =>
                e.source === selection.source && e.target === selection.target,
            )}
            window={window}
            onSelect={onSelect}
          />
        )}
      </Box>
    </Drawer>
  );
}
