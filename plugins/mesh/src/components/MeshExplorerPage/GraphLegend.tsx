import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useGraphColors } from './useGraphColors';

const useStyles = makeStyles(theme => ({
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    alignItems: 'center',
    marginTop: theme.spacing(1),
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
  const dot = (fill: string, dashed = false) => (
    <circle
      cx={14}
      cy={7}
      r={5.5}
      fill={fill}
      stroke={colors.nodeStroke}
      strokeDasharray={dashed ? '2 2' : undefined}
    />
  );
  return (
    <Box className={classes.legend} aria-label="Legend" role="region">
      <Item label="HTTP">{line({ stroke: colors.protocol.http })}</Item>
      <Item label="gRPC">{line({ stroke: colors.protocol.grpc })}</Item>
      <Item label="TCP">{line({ stroke: colors.protocol.tcp })}</Item>
      <Item label="Errors">
        {line({ stroke: colors.error, strokeWidth: 3 })}
      </Item>
      <Item label="mTLS (solid)">{line({ stroke: colors.mutedText })}</Item>
      <Item label="Some plaintext (dashed)">
        {line({ stroke: colors.mutedText, strokeDasharray: '6 4' })}
      </Item>
      <Item label="mTLS unknown (dotted)">
        {line({ stroke: colors.mutedText, strokeDasharray: '1.5 3' })}
      </Item>
      <Item label="In the mesh">{dot(colors.security.mtls)}</Item>
      <Item label="Partly meshed">
        {dot(
          colors.nodeFill({
            id: '',
            type: 'entity',
            name: '',
            membership: 'partial',
          }),
        )}
      </Item>
      <Item label="Not in the mesh">{dot(colors.security.plaintext)}</Item>
      <Item label="Membership unknown">{dot(colors.security.unknown)}</Item>
      <Item label="Unknown source (dashed)">
        {dot(colors.security.unknown, true)}
      </Item>
      <Item label="External host">
        {dot(colors.nodeFill({ id: '', type: 'external', name: '' }))}
      </Item>
    </Box>
  );
};
