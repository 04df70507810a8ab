import { useCallback, useEffect, useRef } from 'react';
import type { GraphEdge, GraphNode } from '@mesh-portal/plugin-mesh-common';
import Box from '@material-ui/core/Box';
import type { GraphLayout, LaidOutNode } from './layout/groupedLayout';
import { EdgesLayer } from './graph/EdgesLayer';
import { BoxLook, LabelledBox } from './graph/LabelledBox';
import { NodeGlyph } from './graph/NodeGlyph';
import { useGraphStyles } from './graph/useGraphStyles';
import { ZoomControls } from './graph/ZoomControls';
import { useGraphColors } from './useGraphColors';
import { usePanZoom, ZOOM_STEP } from './usePanZoom';

/**
 * Props of {@link MeshGraphView}.
 * @public
 */
export interface MeshGraphViewProps {
  layout: GraphLayout;
  /** The edges to draw (already filtered). */
  edges: GraphEdge[];
  /** Node in focus; its neighbourhood stays lit and the view centres on it. */
  focus?: string;
  /** Nodes drawn at full strength; others are dimmed. All when undefined. */
  lit?: Set<string>;
  onNodeActivate: (node: GraphNode) => void;
  /** Opens an edge's details. */
  onEdgeActivate?: (edge: GraphEdge) => void;
}

/**
 * The explorer's drawing: group boxes, edges and nodes in one SVG with pan
 * and zoom. Hidden edges are not drawn at all; dimmed ones stay for context.
 * @public
 */
export const MeshGraphView = ({
  layout,
  edges,
  focus,
  lit,
  onNodeActivate,
  onEdgeActivate,
}: MeshGraphViewProps) => {
  const classes = useGraphStyles();
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
  const activateEdge = useCallback(
    (edge: GraphEdge) => {
      if (!wasDragged()) onEdgeActivate?.(edge);
    },
    [wasDragged, onEdgeActivate],
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

  const regionLook: BoxLook = {
    radius: 12,
    fill: 'none',
    stroke: colors.regionStroke,
    strokeWidth: 2,
    labelAt: { x: 16, y: 24 },
    labelClassName: classes.regionLabel,
    labelWeight: 700,
    labelColor: colors.text,
  };
  const groupLook: BoxLook = {
    radius: 8,
    fill: colors.groupFill,
    stroke: colors.groupStroke,
    labelAt: { x: 12, y: 20 },
    labelClassName: classes.groupLabel,
    labelWeight: 600,
    labelColor: colors.mutedText,
  };
  const arrowColors = {
    ...colors.protocol,
    failing: colors.failing,
    degraded: colors.degraded,
  };
  return (
    <Box className={classes.frame}>
      <svg
        ref={svgRef}
        className={classes.svg}
        role="group"
        // Focusable, so the keyboard can pan and zoom (see usePanZoom).
        tabIndex={0}
        aria-label={`Mesh graph: ${layout.nodes.size} nodes, ${edges.length} edges`}
        data-testid="mesh-graph"
      >
        <desc>
          Drag or use the arrow keys to pan; the wheel, a pinch, plus and minus
          zoom; 0 fits the whole mesh.
        </desc>
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
          {layout.regions.map(region => (
            <LabelledBox
              key={region.key}
              box={region}
              look={regionLook}
              testId="mesh-region"
            />
          ))}
          {layout.groups.map(group => (
            <LabelledBox
              key={group.key}
              box={group}
              look={groupLook}
              testId="mesh-group"
            />
          ))}
          <EdgesLayer
            edges={edges}
            layout={layout}
            colors={colors}
            focus={focus}
            lit={lit}
            onEdgeActivate={onEdgeActivate ? activateEdge : undefined}
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
      <ZoomControls zoomBy={zoomBy} fit={fit} step={ZOOM_STEP} />
    </Box>
  );
};
