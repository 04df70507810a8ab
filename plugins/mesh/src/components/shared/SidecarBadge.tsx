import { NODE_RADIUS } from '../MeshExplorerPage/graph/edgeCurve';

/** Props of {@link SidecarBadge}. */
export interface SidecarBadgeProps {
  /** Dot colour (the text colour of the drawing). */
  fill: string;
  /** Ring around the dot (the paper behind the drawing), so it reads on any node colour. */
  ring: string;
  /** Centre of the badge; by default the node glyph's upper right. */
  x?: number;
  y?: number;
}

/**
 * The dot on a node whose proxy is a native sidecar (an init container with
 * `restartPolicy: Always`, M4). Classic sidecars, the common case, get none;
 * the node's tooltip, accessible name and the drawer name both kinds in
 * words. A shape, not a letter: text this small would be unreadable.
 */
export const SidecarBadge = ({
  fill,
  ring,
  x = NODE_RADIUS * 0.8,
  y = -NODE_RADIUS * 0.8,
}: SidecarBadgeProps) => (
  <circle
    cx={x}
    cy={y}
    r={3.5}
    fill={fill}
    stroke={ring}
    strokeWidth={1.5}
    data-testid="sidecar-badge"
    aria-hidden
  />
);
