import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  DependencyGraph,
  DependencyGraphTypes,
} from '@backstage/core-components';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import LockIcon from '@material-ui/icons/Lock';
import LockOpenIcon from '@material-ui/icons/LockOpen';
import NoEncryptionIcon from '@material-ui/icons/NoEncryption';
import Box from '@material-ui/core/Box';
import type { GraphEdge, GraphNode } from '@mesh-portal/plugin-mesh-common';
import { edgeMtlsText, edgeTrafficParts } from './edgeLabel';
import { MtlsShareLevel, mtlsShareLevel } from './mtlsShareLevel';
import { useOptionalRouteRef } from './useOptionalRouteRef';
import { useMinimumDrawingScale } from './useMinimumDrawingScale';
import { SidecarBadge } from './SidecarBadge';
import { nodeSidecarText } from './sidecarKind';

type NodeData = { node: GraphNode; focus: boolean; href?: string };
type EdgeData = { edge: GraphEdge };

const CHAR_WIDTH = 7.2;
const NODE_PADDING = 12;
const LINE_HEIGHT = 18;
const LABEL_PADDING = 4;

const useStyles = makeStyles((theme: Theme) => ({
  graph: {
    width: '100%',
    background: theme.palette.background.paper,
  },
  nodeBox: {
    fill: theme.palette.background.default,
    stroke: theme.palette.text.secondary,
    strokeWidth: 1,
  },
  focusBox: {
    fill: theme.palette.background.default,
    stroke: theme.palette.primary.main,
    strokeWidth: 3,
  },
  clickable: {
    cursor: 'pointer',
    '&:hover rect, &:focus rect': { stroke: theme.palette.primary.main },
    outline: 'none',
  },
  title: {
    fill: theme.palette.text.primary,
    fontSize: 13,
    fontWeight: theme.typography.fontWeightBold as number,
  },
  subtitle: { fill: theme.palette.text.secondary, fontSize: 11 },
  label: { fill: theme.palette.text.primary, fontSize: 11 },
  labelBox: {
    fill: theme.palette.background.paper,
    stroke: theme.palette.divider,
  },
  lockFull: { fill: theme.palette.success.main },
  lockPartial: { fill: theme.palette.warning.main },
  lockNone: { fill: theme.palette.error.main },
  lockUnknown: { fill: theme.palette.text.secondary },
  errorLabel: { fill: theme.palette.error.main, fontSize: 11 },
}));

/**
 * First and second line of a node: the entity title (or workload/host
 * name), then the workload (when it differs) and the cluster(s).
 * @public
 */
export function trafficNodeLines(node: GraphNode): [string, string] {
  if (node.type === 'unknown') {
    return ['Unknown source', 'outside the mesh or unattributed'];
  }
  if (node.type === 'external') {
    return [node.name, 'external service'];
  }
  const title = node.title ?? node.name;
  const where = node.cluster ?? node.clusters?.join(', ') ?? '';
  const details = [
    title !== node.name ? node.name : undefined,
    node.namespace && node.type === 'workload'
      ? `${node.namespace}@${where}`
      : where,
  ].filter(Boolean);
  return [title, details.join(' · ')];
}

/** Closed lock only for all-mTLS traffic; crossed out for all-plaintext. */
const LOCK_GLYPHS: Record<MtlsShareLevel, typeof LockIcon> = {
  full: LockIcon,
  partial: LockOpenIcon,
  none: NoEncryptionIcon,
  unknown: LockOpenIcon,
};

/**
 * The label of one edge: traffic figures, an mTLS lock with its share, and
 * the protocol. It measures its own text to size its background, and
 * centres itself on the point dagre gives it (the label's centre).
 */
function TrafficEdgeLabel(props: { edge: GraphEdge }) {
  const { edge } = props;
  const classes = useStyles();
  const textRef = useRef<SVGGElement>(null);
  const [textWidth, setTextWidth] = useState(0);
  useLayoutEffect(() => {
    const width = textRef.current?.getBBox().width ?? 0;
    if (Math.round(width) !== Math.round(textWidth)) {
      setTextWidth(width);
    }
  }, [edge, textWidth]);

  const traffic = edgeTrafficParts(edge).join(' · ') || 'no requests';
  const mtls = edgeMtlsText(edge);
  const level = mtlsShareLevel(edge.mtlsShare);
  const LockGlyph = LOCK_GLYPHS[level];
  const lockClass = {
    full: classes.lockFull,
    partial: classes.lockPartial,
    none: classes.lockNone,
    unknown: classes.lockUnknown,
  }[level];
  const failing = (edge.errorRatio ?? 0) >= 0.05;
  const protocol = edge.protocol.toLocaleUpperCase('en-US');
  const width = textWidth + LABEL_PADDING * 2;
  const height = LINE_HEIGHT * 3 + LABEL_PADDING;
  return (
    <g transform={`translate(${-width / 2},${-height / 2})`}>
      <rect className={classes.labelBox} width={width} height={height} rx={4} />
      <g ref={textRef}>
        <text
          className={failing ? classes.errorLabel : classes.label}
          x={LABEL_PADDING}
          y={LABEL_PADDING + 11}
        >
          {traffic}
        </text>
        <LockGlyph
          x={LABEL_PADDING - 2}
          y={LABEL_PADDING + LINE_HEIGHT}
          width={14}
          height={14}
          className={lockClass}
          data-mtls={level}
          aria-hidden
        />
        <text
          className={classes.label}
          x={LABEL_PADDING + 16}
          y={LABEL_PADDING + LINE_HEIGHT + 11}
        >
          {mtls}
        </text>
        <text
          className={classes.label}
          x={LABEL_PADDING}
          y={LABEL_PADDING + LINE_HEIGHT * 2 + 11}
        >
          {edge.crossCluster ? `${protocol} · cross-cluster` : protocol}
        </text>
      </g>
    </g>
  );
}

/** A link when a click navigates; a button when it opens details here. */
function nodeRole(clickable: boolean, handled: boolean) {
  if (!clickable) return undefined;
  return handled ? 'button' : 'link';
}

/**
 * Props of {@link TrafficGraph}.
 * @public
 */
export interface TrafficGraphProps {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Nodes drawn with a heavier border, e.g. the entity's own workloads. */
  focusNodeIds?: string[];
  /**
   * Called when a node is clicked. By default a node with an `entityRef`
   * opens that entity's page.
   */
  onNodeClick?: (node: GraphNode) => void;
  /**
   * Called when an edge's label is clicked or activated with Enter or
   * Space; without it labels are not interactive.
   */
  onEdgeClick?: (edge: GraphEdge) => void;
  /** Layout direction; left to right reads like a request flow. */
  direction?: 'LR' | 'TB';
}

/**
 * The traffic graph: nodes labelled with entity title and cluster, edges
 * labelled with requests/s, error %, p95 and an mTLS lock with its share.
 * Built on `DependencyGraph` from `@backstage/core-components` so it looks
 * and zooms like the catalog graph.
 * @public
 */
export function TrafficGraph(props: TrafficGraphProps) {
  const {
    nodes,
    edges,
    focusNodeIds,
    onNodeClick,
    onEdgeClick,
    direction = 'LR',
  } = props;
  const classes = useStyles();
  const { palette } = useTheme<Theme>();
  const navigate = useNavigate();
  const entityRoute = useOptionalRouteRef(entityRouteRef);
  const drawingRef = useRef<HTMLDivElement>(null);

  const graphNodes = useMemo(() => {
    const focus = new Set(focusNodeIds ?? []);
    return nodes.map(
      (node): DependencyGraphTypes.DependencyNode<NodeData> => ({
        id: node.id,
        node,
        focus: focus.has(node.id),
        href:
          node.entityRef && entityRoute
            ? entityRoute(entityRouteParams(node.entityRef))
            : undefined,
      }),
    );
  }, [nodes, focusNodeIds, entityRoute]);

  const graphEdges = useMemo(() => {
    const known = new Set(nodes.map(node => node.id));
    return edges
      .filter(edge => known.has(edge.source) && known.has(edge.target))
      .map(
        (edge): DependencyGraphTypes.DependencyEdge<EdgeData> => ({
          from: edge.source,
          to: edge.target,
          // A non-empty label makes dagre reserve room for renderLabel.
          label: 'traffic',
          edge,
        }),
      );
  }, [nodes, edges]);
  // 11 px labels stay at least 9 px on screen; wider graphs scroll sideways.
  const minWidth = useMinimumDrawingScale(drawingRef, 0.85, graphEdges);

  const activate = useCallback(
    (data: NodeData) => {
      if (onNodeClick) {
        onNodeClick(data.node);
      } else if (data.href) {
        navigate(data.href);
      }
    },
    [onNodeClick, navigate],
  );

  const renderNode = useCallback(
    ({ node: data }: DependencyGraphTypes.RenderNodeProps<NodeData>) => {
      const [title, subtitle] = trafficNodeLines(data.node);
      const width =
        Math.max(title.length, subtitle.length) * CHAR_WIDTH + NODE_PADDING * 2;
      const height = LINE_HEIGHT * 2 + NODE_PADDING;
      const clickable = Boolean(onNodeClick || data.href);
      return (
        <g
          className={clickable ? classes.clickable : undefined}
          role={nodeRole(clickable, Boolean(onNodeClick))}
          tabIndex={clickable ? 0 : undefined}
          aria-label={
            clickable
              ? [title, subtitle, nodeSidecarText(data.node)]
                  .filter(Boolean)
                  .join(', ')
              : undefined
          }
          data-sidecar={nodeSidecarText(data.node)}
          data-href={data.href}
          onClick={clickable ? () => activate(data) : undefined}
          onKeyDown={
            clickable
              ? event => {
                  if (event.key === 'Enter' || event.key === ' ') {
                    activate(data);
                  }
                }
              : undefined
          }
        >
          <rect
            className={data.focus ? classes.focusBox : classes.nodeBox}
            width={width}
            height={height}
            rx={8}
          />
          <text
            className={classes.title}
            x={width / 2}
            y={NODE_PADDING + LINE_HEIGHT / 2 + 2}
            textAnchor="middle"
          >
            {title}
          </text>
          <text
            className={classes.subtitle}
            x={width / 2}
            y={NODE_PADDING + LINE_HEIGHT * 1.5 + 2}
            textAnchor="middle"
          >
            {subtitle}
          </text>
          {data.node.nativeSidecar && (
            <SidecarBadge
              fill={palette.text.primary}
              ring={palette.background.paper}
              x={width - 8}
              y={8}
            />
          )}
        </g>
      );
    },
    [classes, onNodeClick, activate, palette],
  );

  const names = useMemo(
    () =>
      new Map(
        nodes.map(node => {
          // With the cluster: the same Service in two clusters is two nodes.
          const title = trafficNodeLines(node)[0];
          return [node.id, node.cluster ? `${title} (${node.cluster})` : title];
        }),
      ),
    [nodes],
  );
  const renderLabel = useCallback(
    ({ edge: data }: DependencyGraphTypes.RenderLabelProps<EdgeData>) => {
      if (!onEdgeClick) return <TrafficEdgeLabel edge={data.edge} />;
      const { edge } = data;
      return (
        <g
          className={classes.clickable}
          role="button"
          tabIndex={0}
          aria-label={`Traffic details, ${
            names.get(edge.source) ?? edge.source
          } to ${
            names.get(edge.target) ?? edge.target
          }, ${edge.protocol.toUpperCase()}`}
          data-testid="mesh-traffic-edge-label"
          onClick={() => onEdgeClick(edge)}
          onKeyDown={event => {
            if (event.key === 'Enter' || event.key === ' ') {
              event.preventDefault();
              onEdgeClick(edge);
            }
          }}
        >
          <TrafficEdgeLabel edge={edge} />
        </g>
      );
    },
    [classes, names, onEdgeClick],
  );

  // DependencyGraph's fullscreen button is absolutely positioned: without a
  // positioned parent it lands on the page's edge, outside the card.
  return (
    <Box style={{ overflowX: 'auto' }}>
      <div
        ref={drawingRef}
        style={{ position: 'relative', minWidth }}
        data-testid="mesh-traffic-graph"
      >
        <DependencyGraph<NodeData, EdgeData>
          className={classes.graph}
          nodes={graphNodes}
          edges={graphEdges}
          renderNode={renderNode}
          renderLabel={renderLabel}
          direction={
            direction === 'LR'
              ? DependencyGraphTypes.Direction.LEFT_RIGHT
              : DependencyGraphTypes.Direction.TOP_BOTTOM
          }
          // Centred labels sit on their edge (their box masks the line), so a
          // label cannot be read as belonging to a neighbouring edge.
          labelPosition={DependencyGraphTypes.LabelPosition.CENTER}
          rankMargin={100}
          nodeMargin={30}
          paddingX={16}
          paddingY={16}
          showArrowHeads
          zoom="enable-on-click"
        />
      </div>
    </Box>
  );
}
