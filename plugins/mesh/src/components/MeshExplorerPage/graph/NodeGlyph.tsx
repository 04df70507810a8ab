import { memo } from 'react';
import type { GraphNode } from '@mesh-portal/plugin-mesh-common';
import { nodeSidecarText } from '../../shared/sidecarKind';
import { nodeLabel } from '../graphModel';
import type { LaidOutNode } from '../layout/groupedLayout';
import type { GraphColors } from '../useGraphColors';
import { NODE_RADIUS } from './edgeCurve';
import { nodeShapeOf } from './nodeShape';
import { NodeShapeGlyph } from './NodeShapeGlyph';
import { SidecarBadge } from '../../shared/SidecarBadge';
import { useGraphStyles } from './useGraphStyles';

const truncate = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/** Props of {@link NodeGlyph}. */
export interface NodeGlyphProps {
  item: LaidOutNode;
  colors: GraphColors;
  focused: boolean;
  dimmed: boolean;
  onActivate: (node: GraphNode) => void;
}

/** One node: its glyph, label, focus ring and keyboard activation. */
export const NodeGlyph = memo(function NodeGlyphDrawing({
  item,
  colors,
  focused,
  dimmed,
  onActivate,
}: NodeGlyphProps) {
  const classes = useGraphStyles();
  const { node } = item;
  const label = nodeLabel(node);
  const short = truncate(label, 22);
  // Shown when zoomed out to fit a larger mesh: cells are then too narrow
  // for the full label, and overlapping labels help nobody.
  const brief = truncate(label, 10);
  return (
    <g
      className={classes.node}
      transform={`translate(${item.x},${item.y})`}
      opacity={dimmed ? 0.15 : 1}
      data-testid="mesh-node"
      data-node-id={node.id}
      data-focused={focused}
      data-dimmed={dimmed}
      data-idle={node.idle || undefined}
      data-sidecar={nodeSidecarText(node)}
      role="button"
      tabIndex={0}
      aria-label={[
        label,
        nodeSidecarText(node),
        node.idle && 'no traffic in the window',
      ]
        .filter(Boolean)
        .join(', ')
        .concat(': show details')}
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
          node.cluster && `cluster ${node.cluster}`,
          node.owner && `owner ${node.owner}`,
          node.membership,
          nodeSidecarText(node),
          node.idle && 'idle: no traffic in the window',
        ]
          .filter(Boolean)
          .join(' · ')}
      </title>
      <circle
        className={focused ? undefined : classes.ring}
        r={NODE_RADIUS + 5}
        fill="none"
        stroke={colors.focusRing}
        strokeWidth={2.5}
      />
      <NodeShapeGlyph
        shape={nodeShapeOf(node)}
        fill={colors.nodeFill(node)}
        stroke={colors.nodeStroke}
        dashed={node.type === 'unknown'}
        hollow={node.idle}
      />
      {node.nativeSidecar && (
        <SidecarBadge fill={colors.text} ring={colors.nodeStroke} />
      )}
      {[
        { text: short, className: classes.fullLabel },
        { text: brief, className: classes.briefLabel },
      ].map(variant => (
        <text
          key={variant.className}
          className={`${classes.label} ${variant.className}`}
          y={NODE_RADIUS + 4}
          dominantBaseline="hanging"
          textAnchor="middle"
          fontWeight={focused ? 700 : 400}
          fill={colors.text}
        >
          {variant.text}
        </text>
      ))}
    </g>
  );
});
