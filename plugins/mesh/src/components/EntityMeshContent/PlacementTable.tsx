import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { LinkOut, Workload } from '@mesh-portal/plugin-mesh-common';
import { MembershipChip, MtlsChip } from '../shared';
import { sidecarKindText } from '../shared/sidecarKind';
import { LinkOuts } from './LinkOuts';
import { MtlsWhyButton } from './MtlsWhyButton';

const useStyles = makeStyles(theme => ({
  // Narrower gutters than MUI's: at 1024 px the mTLS chips must stay inside
  // the card rather than behind a sideways scroll.
  table: {
    '& th, & td': {
      paddingLeft: theme.spacing(1),
      paddingRight: theme.spacing(1),
    },
  },
  port: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
  },
  notReady: { color: theme.palette.error.main, fontWeight: 'bold' },
  // Short values and headers never break inside a word; the container
  // scrolls sideways instead when the page is narrow.
  nowrap: { whiteSpace: 'nowrap' },
}));

function Replicas(props: { workload: Workload }) {
  const classes = useStyles();
  const { ready, desired, current } = props.workload.replicas;
  const target = desired ?? current;
  const short = ready < target;
  return (
    <Typography
      variant="body2"
      className={short ? classes.notReady : undefined}
      aria-label={`${ready} of ${target} ready${
        short ? ' (not all ready)' : ''
      }`}
    >
      {ready}/{target}
      {short ? ' (not all ready)' : ''}
    </Typography>
  );
}

function PortModes(props: { workload: Workload }) {
  const classes = useStyles();
  const { workload } = props;
  if (workload.mtls.ports.length === 0) {
    return (
      <Box className={classes.port}>
        <Typography variant="body2">all ports</Typography>
        <MtlsChip
          mode={workload.mtls.workload.mode}
          enforced={workload.mtls.enforced}
        />
        <MtlsWhyButton
          decision={workload.mtls.workload}
          subject={`workload ${workload.name}`}
          enforced={workload.mtls.enforced}
          ambientTransport={workload.mtls.ambientTransport}
          membership={workload.membership}
        />
      </Box>
    );
  }
  return (
    <>
      {workload.mtls.ports.map(port => (
        <Box
          key={port.port}
          className={classes.port}
          data-testid={`mesh-port-${workload.id}-${port.port}`}
        >
          <Typography variant="body2">
            {port.port}
            {port.name ? ` (${port.name})` : ''}
          </Typography>
          <MtlsChip
            mode={port.decision.mode}
            enforced={workload.mtls.enforced}
          />
          <MtlsWhyButton
            decision={port.decision}
            subject={`port ${port.port}`}
            enforced={workload.mtls.enforced}
            ambientTransport={workload.mtls.ambientTransport}
            membership={workload.membership}
          />
        </Box>
      ))}
    </>
  );
}

/**
 * Props of {@link PlacementTable}.
 */
export interface PlacementTableProps {
  workloads: Workload[];
  links?: Record<string, LinkOut[]>;
}

/**
 * Where the entity runs: one row per workload, with replicas, versions,
 * membership and the effective mTLS per port with its reason.
 */
export function PlacementTable(props: PlacementTableProps) {
  const { workloads, links } = props;
  const classes = useStyles();
  const hasLinks = Boolean(links && Object.keys(links).length > 0);
  const headers = [
    'Cluster',
    'Namespace',
    'Workload',
    'Ready',
    'Versions',
    'Membership',
    'mTLS per port',
    ...(hasLinks ? ['Links'] : []),
  ];
  return (
    <TableContainer>
      <Table size="small" aria-label="Placement" className={classes.table}>
        <TableHead>
          <TableRow>
            {headers.map(header => (
              <TableCell key={header} className={classes.nowrap}>
                {header}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {workloads.map(workload => (
            <TableRow
              key={workload.id}
              data-testid={`mesh-placement-${workload.id}`}
            >
              <TableCell className={classes.nowrap}>
                {workload.cluster}
              </TableCell>
              <TableCell className={classes.nowrap}>
                {workload.namespace}
              </TableCell>
              <TableCell>
                <Typography variant="body2" className={classes.nowrap}>
                  {workload.name}
                </Typography>
                <Typography variant="caption" color="textSecondary">
                  {workload.kind}
                </Typography>
              </TableCell>
              <TableCell className={classes.nowrap}>
                <Replicas workload={workload} />
              </TableCell>
              <TableCell>{workload.versions.join(', ') || '—'}</TableCell>
              <TableCell>
                <MembershipChip
                  state={workload.membership.state}
                  reason={workload.membership.reason}
                />
                {sidecarKindText(workload) && (
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    display="block"
                  >
                    {sidecarKindText(workload)}
                  </Typography>
                )}
              </TableCell>
              <TableCell>
                <PortModes workload={workload} />
              </TableCell>
              {hasLinks && (
                <TableCell>
                  <LinkOuts links={links?.[workload.id]} />
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
