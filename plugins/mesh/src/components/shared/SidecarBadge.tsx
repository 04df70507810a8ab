import { NODE_RADIUS } from '../MeshExplorerPage/graph/edgeCurve';

/** Props of {@link SidecarBadge}. */
export interface SidecarBadgeProps {
  /** Badge colour (the text colour of the drawing). */
  fill: string;
  /** Letter colour (the paper behind the drawing). */
  letter: string;
  /** Centre of the badge; by default the node glyph's upper right. */
  x?: number;
  y?: number;
}

/**
 * The "N" badge of a node whose proxy is a native sidecar (an init container
 * with `restartPolicy: Always`, M4). Classic sidecars, the common case, get
 * none; the node's tooltip and the drawer name both kinds in words.
 */
export const SidecarBadge = ({
  fill,
  letter,
  x = NODE_RADIUS * 0.8,
  y = -NODE_RADIUS * 0.8,
}: SidecarBadgeProps) => (
  <g transform={`translate(${x},${y})`} data-testid="sidecar-badge" aria-hidden>
    <circle r={5} fill={fill} stroke={letter} strokeWidth={1} />
    <text
      textAnchor="middle"
      dominantBaseline="central"
      fontSize={7}
      fontWeight={700}
      fill={letter}
    >
      N
    </text>
  </g>
);
