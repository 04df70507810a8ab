import { memo } from 'react';
import type { GraphEdge } from '@mesh-portal/plugin-mesh-common';
import {
  formatBytesRate,
  formatPercent,
  formatRate,
} from '../../shared/format';
import {
  EdgeSecurity,
  edgeSecurity,
  edgeSeverity,
  edgeWeight,
  nodeLabel,
} from '../graphModel';
import type { GraphLayout, LaidOutNode } from '../layout/groupedLayout';
import type { GraphColors } from '../useGraphColors';
import { edgeCurve } from './edgeCurve';
import { Padlock } from './Padlock';

/** Solid for mTLS, dashed for some plaintext, dotted for unknown. */
export const EDGE_DASHES: Record<EdgeSecurity, string | undefined> = {
  mtls: undefined,
  plaintext: '6 4',
  unknown: '1.5 3',
};

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

interface EdgeLineProps {
  edge: GraphEdge;
  onActivate?: (edge: GraphEdge) => void;
  from: LaidOutNode;
  to: LaidOutNode;
  colors: GraphColors;
  dimmed: boolean;
  touchesFocus: boolean;
}

/**
 * One edge, bent sideways so that it passes by the nodes between its ends.
 * Memoised: focusing or filtering only redraws the edges whose dimming
 * changes, not all 2,000.
 */
const EdgeLine = memo(function EdgeLineDrawing({
  edge,
  from,
  to,
  colors,
  dimmed,
  touchesFocus,
  onActivate,
}: EdgeLineProps) {
  const curve = edgeCurve(from, to);
  const security = edgeSecurity(edge);
  const severity = edgeSeverity(edge);
  const errors = (edge.errorRatio ?? 0) > 0;
  const stroke =
    severity === 'ok' ? colors.protocol[edge.protocol] : colors[severity];
  const width = edgeWeight(edge) + (severity === 'failing' ? 1 : 0);
  return (
    <g
      data-testid="mesh-edge"
      data-protocol={edge.protocol}
      data-security={security}
      data-errors={errors}
      data-severity={severity}
      data-cross-cluster={edge.crossCluster ?? false}
      opacity={dimmed ? 0.08 : 0.85}
      // Pointer only: by keyboard, edges are reached from a node's details
      // (a tab stop per edge would be thousands of them).
      onClick={onActivate ? () => onActivate(edge) : undefined}
      style={onActivate ? { cursor: 'pointer' } : undefined}
    >
      {onActivate && (
        // A wide invisible stroke, so a thin edge is easy to hit.
        <path
          d={curve.d}
          fill="none"
          stroke="transparent"
          strokeWidth={10}
          data-testid="mesh-edge-hit"
        />
      )}
      {edge.crossCluster && (
        // A wide pale band under the line: traffic between clusters is
        // what the regions are there to show.
        <path
          d={curve.d}
          fill="none"
          stroke={colors.crossCluster}
          strokeWidth={width + 6}
          strokeOpacity={0.35}
          strokeLinecap="round"
        />
      )}
      <path
        d={curve.d}
        fill="none"
        stroke={stroke}
        strokeWidth={width}
        strokeDasharray={EDGE_DASHES[security]}
        markerEnd={`url(#mesh-arrow-${
          severity === 'ok' ? edge.protocol : severity
        })`}
      >
        <title>
          {edgeTitle(edge, nodeLabel(from.node), nodeLabel(to.node))}
        </title>
      </path>
      {touchesFocus && security !== 'unknown' && (
        <Padlock
          x={curve.mid.x}
          y={curve.mid.y}
          open={security === 'plaintext'}
          color={colors.security[security]}
        />
      )}
    </g>
  );
});

/** Props of {@link EdgesLayer}. */
export interface EdgesLayerProps {
  edges: GraphEdge[];
  layout: GraphLayout;
  colors: GraphColors;
  focus?: string;
  lit?: Set<string>;
  /** Opens an edge's details; must be stable (the lines are memoised). */
  onEdgeActivate?: (edge: GraphEdge) => void;
}

/** Every drawn edge; those away from the focus or filters are dimmed. */
export const EdgesLayer = ({
  edges,
  layout,
  colors,
  focus,
  lit,
  onEdgeActivate,
}: EdgesLayerProps) => (
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
          onActivate={onEdgeActivate}
        />
      );
    })}
  </g>
);
