import type { EdgeProtocol, GraphNode } from '@mesh-portal/plugin-mesh-common';
import { useMemo } from 'react';
import { Theme, useTheme } from '@material-ui/core/styles';
import type { EdgeSecurity } from './graphModel';

/** Colours of the explorer's drawing, from the theme where it has them. */
export interface GraphColors {
  protocol: Record<EdgeProtocol, string>;
  /** Edges at or above the failing error share. */
  failing: string;
  /** Edges at or above the degraded error share. */
  degraded: string;
  /** The band under a cross-cluster edge. */
  crossCluster: string;
  security: Record<EdgeSecurity, string>;
  text: string;
  mutedText: string;
  groupFill: string;
  groupStroke: string;
  /** Outline of a cluster's region. */
  regionStroke: string;
  nodeStroke: string;
  focusRing: string;
  nodeFill: (node: GraphNode) => string;
}

/** Failing edges: magenta, apart from red (outside the mesh) and the protocol hues. */
const FAILING_EDGE = '#e91e63';
/** Degraded edges: amber, between the protocol hues and magenta. */
const DEGRADED_EDGE = '#ffa000';

/**
 * Protocol hues are mid-tone (Material 400/500) so they read on light and
 * dark paper alike; status colours come from the theme palette.
 */
export function useGraphColors(): GraphColors {
  const theme = useTheme<Theme>();
  // Memoised on the theme: the drawing's memoised parts compare colours by
  // identity, and a new object each render would redraw all 2,500 elements.
  return useMemo(() => colorsOf(theme.palette), [theme.palette]);
}

function colorsOf(palette: Theme['palette']): GraphColors {
  const grey = palette.type === 'dark' ? '#9e9e9e' : '#757575';
  return {
    protocol: { http: '#2196f3', grpc: '#ab47bc', tcp: '#8d6e63' },
    // Not the theme's red: red nodes mean "not in the mesh".
    failing: FAILING_EDGE,
    degraded: DEGRADED_EDGE,
    crossCluster: palette.primary.light,
    security: {
      mtls: palette.success.main,
      plaintext: palette.error.main,
      unknown: grey,
    },
    text: palette.text.primary,
    mutedText: palette.text.secondary,
    groupFill: palette.action.hover,
    groupStroke: palette.divider,
    regionStroke: palette.text.disabled,
    nodeStroke: palette.background.paper,
    focusRing: palette.primary.main,
    nodeFill: (node: GraphNode) => {
      if (node.type === 'external') return palette.info.main;
      if (node.type === 'unknown') return grey;
      switch (node.membership) {
        case 'sidecar':
        case 'ambient':
          return palette.success.main;
        case 'none':
          return palette.error.main;
        case 'partial':
        case 'ambient-pending':
          return palette.warning.main;
        default:
          return grey;
      }
    },
  };
}
