import type { GraphNode } from '@mesh-portal/plugin-mesh-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { formatPercent } from '../shared/format';
import { EDGE_ERROR_THRESHOLDS } from './graphModel';
import { NodeShape } from './graph/nodeShape';
import { NodeShapeGlyph } from './graph/NodeShapeGlyph';
import { SidecarBadge } from '../shared/SidecarBadge';
import { useGraphColors } from './useGraphColors';

const useStyles = makeStyles(theme => ({
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: theme.spacing(1.5),
    rowGap: theme.spacing(0.5),
    alignItems: 'center',
    marginBottom: theme.spacing(1),
  },
  item: { display: 'flex', alignItems: 'center', gap: theme.spacing(0.75) },
}));

const Item = ({
  children,
  label,
}: {
  children: JSX.Element;
  label: string;
}) => {
  const classes = useStyles();
  return (
    <Box className={classes.item}>
      <svg width={28} height={14} aria-hidden>
        {children}
      </svg>
      <Typography variant="caption">{label}</Typography>
    </Box>
  );
};

/** What the explorer's colours, dashes and shapes mean. */
export const GraphLegend = () => {
  const classes = useStyles();
  const colors = useGraphColors();
  const line = (props: Record<string, unknown>) => (
    <line x1={1} y1={7} x2={27} y2={7} strokeWidth={2} {...props} />
  );
  const glyph = (
    shape: NodeShape,
    fill: string,
    { dashed = false, hollow = false } = {},
  ) => (
    <g transform="translate(14,7)">
      <NodeShapeGlyph
        shape={shape}
        fill={fill}
        stroke={colors.nodeStroke}
        dashed={dashed}
        hollow={hollow}
        r={5}
      />
    </g>
  );
  const fillOf = (
    membership: GraphNode['membership'],
    type: GraphNode['type'] = 'entity',
  ) => colors.nodeFill({ id: '', name: '', type, membership });
  return (
    <Box className={classes.legend} aria-label="Legend" role="region">
      <Item label="HTTP">{line({ stroke: colors.protocol.http })}</Item>
      <Item label="gRPC">{line({ stroke: colors.protocol.grpc })}</Item>
      <Item label="TCP">{line({ stroke: colors.protocol.tcp })}</Item>
      <Item
        label={`Errors ${formatPercent(
          EDGE_ERROR_THRESHOLDS.degraded,
        )} to ${formatPercent(EDGE_ERROR_THRESHOLDS.failing)}`}
      >
        {line({ stroke: colors.degraded, strokeWidth: 2.5 })}
      </Item>
      <Item
        label={`Errors ${formatPercent(EDGE_ERROR_THRESHOLDS.failing)} or more`}
      >
        {line({ stroke: colors.failing, strokeWidth: 3.5 })}
      </Item>
      <Item label="Cross-cluster (halo)">
        <g>
          {line({
            stroke: colors.crossCluster,
            strokeWidth: 8,
            strokeOpacity: 0.35,
          })}
          {line({ stroke: colors.mutedText })}
        </g>
      </Item>
      <Item label="Thicker: busier">
        {line({ stroke: colors.mutedText, strokeWidth: 3.5 })}
      </Item>
      <Item label="mTLS (solid)">{line({ stroke: colors.mutedText })}</Item>
      <Item label="Some plaintext (dashed)">
        {line({ stroke: colors.mutedText, strokeDasharray: '6 4' })}
      </Item>
      <Item label="mTLS unknown (dotted)">
        {line({ stroke: colors.mutedText, strokeDasharray: '1.5 3' })}
      </Item>
      <Item label="In the mesh (circle)">
        {glyph('circle', fillOf('sidecar'))}
      </Item>
      <Item label="Partly meshed (diamond)">
        {glyph('diamond', fillOf('partial'))}
      </Item>
      <Item label="Not in the mesh (square)">
        {glyph('square', fillOf('none'))}
      </Item>
      <Item label="Membership unknown">
        {glyph('circle', fillOf('unknown'))}
      </Item>
      <Item label="Unknown source (dashed)">
        {glyph('circle', fillOf(undefined, 'unknown'), { dashed: true })}
      </Item>
      <Item label="External host (triangle)">
        {glyph('triangle', fillOf(undefined, 'external'))}
      </Item>
      <Item label="Native sidecar (dot; none: classic)">
        <g>
          {glyph('circle', fillOf('sidecar'))}
          <SidecarBadge
            fill={colors.text}
            ring={colors.nodeStroke}
            x={18}
            y={4}
          />
        </g>
      </Item>
      <Item label="Idle: no traffic (hollow)">
        {glyph('circle', fillOf('sidecar'), { hollow: true })}
      </Item>
    </Box>
  );
};
