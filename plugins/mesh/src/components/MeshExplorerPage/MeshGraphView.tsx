import { memo, useCallback, useEffect, useRef } from 'react';
import type { GraphEdge, GraphNode } from '@internal/plugin-mesh-common';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import ZoomInIcon from '@material-ui/icons/ZoomIn';
import ZoomOutIcon from '@material-ui/icons/ZoomOut';
import ZoomOutMapIcon from '@material-ui/icons/ZoomOutMap';
import { makeStyles } from '@material-ui/core/styles';
import { formatPercent, formatRate, formatBytesRate } from '../shared/format';
import {
  EdgeSecurity,
  edgeHasErrors,
  edgeSecurity,
  nodeLabel,
} from './graphModel';
import type { GraphLayout, LaidOutNode } from './layout/groupedLayout';
import { GraphColors, useGraphColors } from './useGraphColors';
import { usePanZoom } from './usePanZoom';

const NODE_RADIUS = 9;

/** Solid for mTLS, dashed for some plaintext, dotted for unknown. */
const DASHES: Record<EdgeSecurity, string | undefined> = {
  mtls: undefined,
  plaintext: '6 4',
  unknown: '1.5 3',
};

const useStyles = makeStyles(theme => ({
  frame: {
    position: 'relative',
    height: 640,
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
  },
  label: {},
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

/** Props of {@link MeshGraphView}. */
export interface MeshGraphViewProps {
  layout: GraphLayout;
  /** The edges to draw (already filtered). */
  edges: GraphEdge[];
  /** Node in focus; its neighbourhood stays lit and the view centres on it. */
  focus?: string;
  /** Nodes drawn at full strength; others are dimmed. All when undefined. */
  lit?: Set<string>;
  onNodeActivate: (node: GraphNode) => void;
}

function edgeTitle(edge: GraphEdge, source: string, target: string): string {
  const parts = [`${source} → ${target}`, edge.protocol.toUpperCase()];
  if (edge.requestsPerSecond !== undefined)
    parts.push(formatRate(edge.requestsPerSecond));
  if (edge.bytesPerSecond !== undefined)
    parts.push(formatBytesRate(edge.bytesPerSecond));
  parts.push(
    edge.mtlsShare === undefined
      ? 'mTLS unknown'
      : `mTLS ${formatPercent(edge.mtlsShare)}`,
  );
  if (edge.errorRatio) parts.push(`errors ${formatPercent(edge.errorRatio)}`);
  if (edge.crossCluster) parts.push('cross-cluster');
  return parts.join(' · ');
}

/** A padlock, closed for mTLS, open for plaintext, drawn at an edge's midpoint. */
const Padlock = ({
  x,
  y,
  open,
  color,
}: {
  x: number;
  y: number;
  open: boolean;
  color: string;
}) => (
  <g transform={`translate(${x - 5},${y - 7})`} aria-hidden>
    <path
      d={
        open
          ? 'M2.5 6 V3.5 a2.5 2.5 0 0 1 5 0 V2'
          : 'M2.5 6 V3.5 a2.5 2.5 0 0 1 5 0 V6'
      }
      transform={open ? 'translate(3,0)' : undefined}
      fill="none"
      stroke={color}
      strokeWidth={1.6}
    />
    <rect x={0.5} y={6} width={9} height={7} rx={1.5} fill={color} />
  </g>
);

interface EdgeLineProps {
  edge: GraphEdge;
  from: LaidOutNode;
  to: LaidOutNode;
  colors: GraphColors;
  dimmed: boolean;
  touchesFocus: boolean;
}

/**
 * One edge. Memoised: focusing or filtering only redraws the edges whose
 * dimming changes, not all 2,000.
 */
const EdgeLine = memo(function EdgeLineDrawing({
  edge,
  from,
  to,
  colors,
  dimmed,
  touchesFocus,
}: EdgeLineProps) {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy);
  // Stop short of the target circle so the arrowhead stays visible.
  const end = (length - NODE_RADIUS - 3) / length;
  const security = edgeSecurity(edge);
  const errors = edgeHasErrors(edge);
  return (
    <g
      data-testid="mesh-edge"
      data-protocol={edge.protocol}
      data-security={security}
      data-errors={errors}
      opacity={dimmed ? 0.08 : 0.85}
    >
      <line
        x1={from.x}
        y1={from.y}
        x2={from.x + dx * end}
        y2={from.y + dy * end}
        stroke={errors ? colors.error : colors.protocol[edge.protocol]}
        strokeWidth={errors ? 2.5 : 1.3}
        strokeDasharray={DASHES[security]}
        markerEnd={`url(#mesh-arrow-${errors ? 'error' : edge.protocol})`}
      >
        <title>
          {edgeTitle(edge, nodeLabel(from.node), nodeLabel(to.node))}
        </title>
      </line>
      {touchesFocus && security !== 'unknown' && (
        <Padlock
          x={from.x + dx / 2}
          y={from.y + dy / 2}
          open={security === 'plaintext'}
          color={colors.security[security]}
        />
      )}
    </g>
  );
});

interface EdgesLayerProps {
  edges: GraphEdge[];
  layout: GraphLayout;
  colors: GraphColors;
  focus?: string;
  lit?: Set<string>;
}

const EdgesLayer = ({ edges, layout, colors, focus, lit }: EdgesLayerProps) => (
  <g>
    {edges.map(edge => {
      const from = layout.nodes.get(edge.source);
      const to = layout.nodes.get(edge.target);
      if (!from || !to || from === to) return null;
      const touchesFocus =
        focus !== undefined && (edge.source === focus || edge.target === focus);
      const dimmed =
        focus !== undefined
          ? !touchesFocus
          : lit !== undefined &&
            !(lit.has(edge.source) && lit.has(edge.target));
      return (
        <EdgeLine
          key={`${edge.source}>${edge.target}>${edge.protocol}`}
          edge={edge}
          from={from}
          to={to}
          colors={colors}
          dimmed={dimmed}
          touchesFocus={touchesFocus}
        />
      );
    })}
  </g>
);

interface NodeGlyphProps {
  item: LaidOutNode;
  colors: GraphColors;
  focused: boolean;
  dimmed: boolean;
  onActivate: (node: GraphNode) => void;
}

const NodeGlyph = memo(function NodeGlyphDrawing({
  item,
  colors,
  focused,
  dimmed,
  onActivate,
}: NodeGlyphProps) {
  const classes = useStyles();
  const { node } = item;
  const label = nodeLabel(node);
  const short = label.length > 22 ? `${label.slice(0, 21)}…` : label;
  return (
    <g
      className={classes.node}
      transform={`translate(${item.x},${item.y})`}
      opacity={dimmed ? 0.15 : 1}
      data-testid="mesh-node"
      data-node-id={node.id}
      data-focused={focused}
      data-dimmed={dimmed}
      role={node.entityRef ? 'link' : 'button'}
      tabIndex={0}
      aria-label={
        node.entityRef ? `${label}: open entity page` : `${label}: focus`
      }
      onClick={() => onActivate(node)}
      onKeyDown={event => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onActivate(node);
        }
      }}
    >
      <title>
        {[
          label,
          node.entityRef,
          node.owner && `owner ${node.owner}`,
          node.membership,
        ]
          .filter(Boolean)
          .join(' · ')}
      </title>
      <circle
        className={focused ? undefined : classes.ring}
        r={NODE_RADIUS + 4}
        fill="none"
        stroke={colors.focusRing}
        strokeWidth={2.5}
      />
      <circle
        r={NODE_RADIUS}
        fill={colors.nodeFill(node)}
        stroke={colors.nodeStroke}
        strokeWidth={1.5}
        strokeDasharray={node.type === 'unknown' ? '2 2' : undefined}
      />
      <text
        className={classes.label}
        y={NODE_RADIUS + 14}
        textAnchor="middle"
        fontSize={12}
        fontWeight={focused ? 700 : 400}
        fill={colors.text}
      >
        {short}
      </text>
    </g>
  );
});

/**
 * The explorer's drawing: group boxes, edges and nodes in one SVG with pan
 * and zoom. Hidden edges are not drawn at all; dimmed ones stay for context.
 */
export const MeshGraphView = ({
  layout,
  edges,
  focus,
  lit,
  onNodeActivate,
}: MeshGraphViewProps) => {
  const classes = useStyles();
  const colors = useGraphColors();
  const svgRef = useRef<SVGSVGElement>(null);
  const contentRef = useRef<SVGGElement>(null);
  const { fit, fitBox, zoomBy, wasDragged } = usePanZoom(
    svgRef,
    contentRef,
    layout,
  );
  const activate = useCallback(
    (node: GraphNode) => {
      if (!wasDragged()) onNodeActivate(node);
    },
    [wasDragged, onNodeActivate],
  );

  // Read at focus time only: an edge filter changing `lit` must not move the view.
  const litRef = useRef(lit);
  litRef.current = lit;
  // On focus, frame the node and its neighbours; without focus, the whole mesh.
  useEffect(() => {
    if (!focus || !layout.nodes.has(focus)) {
      fit();
      return;
    }
    const points = [...(litRef.current ?? [focus])]
      .map(id => layout.nodes.get(id))
      .filter((n): n is LaidOutNode => n !== undefined);
    const xs = points.map(p => p.x);
    const ys = points.map(p => p.y);
    const pad = 60;
    fitBox({
      x: Math.min(...xs) - pad,
      y: Math.min(...ys) - pad,
      width: Math.max(...xs) - Math.min(...xs) + 2 * pad,
      height: Math.max(...ys) - Math.min(...ys) + 2 * pad,
    });
  }, [focus, layout, fit, fitBox]);

  const arrowColors = { ...colors.protocol, error: colors.error };
  return (
    <Box className={classes.frame}>
      <svg
        ref={svgRef}
        className={classes.svg}
        role="group"
        aria-label={`Mesh graph: ${layout.nodes.size} nodes, ${edges.length} edges`}
        data-testid="mesh-graph"
      >
        <defs>
          {Object.entries(arrowColors).map(([key, color]) => (
            <marker
              key={key}
              id={`mesh-arrow-${key}`}
              viewBox="0 0 10 10"
              refX={9}
              refY={5}
              markerWidth={7}
              markerHeight={7}
              markerUnits="userSpaceOnUse"
              orient="auto"
            >
              <path d="M0,0 L10,5 L0,10 z" fill={color} />
            </marker>
          ))}
        </defs>
        <g ref={contentRef}>
          {layout.groups.map(group => (
            <g key={group.key} data-testid="mesh-group">
              <rect
                x={group.x}
                y={group.y}
                width={group.width}
                height={group.height}
                rx={8}
                fill={colors.groupFill}
                stroke={colors.groupStroke}
              />
              <text
                x={group.x + 12}
                y={group.y + 20}
                fontSize={13}
                fontWeight={600}
                fill={colors.mutedText}
              >
                {group.label} ({group.size})
              </text>
            </g>
          ))}
          <EdgesLayer
            edges={edges}
            layout={layout}
            colors={colors}
            focus={focus}
            lit={lit}
          />
          <g>
            {[...layout.nodes.values()].map(item => (
              <NodeGlyph
                key={item.node.id}
                item={item}
                colors={colors}
                focused={item.node.id === focus}
                dimmed={lit !== undefined && !lit.has(item.node.id)}
                onActivate={activate}
              />
            ))}
          </g>
        </g>
      </svg>
      <Box className={classes.controls}>
        <Tooltip title="Zoom in">
          <IconButton
            size="small"
            aria-label="Zoom in"
            onClick={() => zoomBy(1.3)}
          >
            <ZoomInIcon />
          </IconButton>
        </Tooltip>
        <Tooltip title="Zoom out">
          <IconButton
            size="small"
            aria-label="Zoom out"
            onClick={() => zoomBy(1 / 1.3)}
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
    </Box>
  );
};
