import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { LinkOut, Workload } from '@internal/plugin-mesh-common';
import { MembershipChip, MtlsChip } from '../shared';
import { LinkOuts } from './LinkOuts';
import { MtlsWhyButton } from './MtlsWhyButton';

const useStyles = makeStyles(theme => ({
  port: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
  },
  notReady: { color: theme.palette.error.main, fontWeight: 'bold' },
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
  const hasLinks = Boolean(links && Object.keys(links).length > 0);
  return (
    <Table size="small" aria-label="Placement">
      <TableHead>
        <TableRow>
          <TableCell>Cluster</TableCell>
          <TableCell>Namespace</TableCell>
          <TableCell>Workload</TableCell>
          <TableCell>Kind</TableCell>
          <TableCell>Ready/desired</TableCell>
          <TableCell>Versions</TableCell>
          <TableCell>Membership</TableCell>
          <TableCell>mTLS per port</TableCell>
          {hasLinks && <TableCell>Links</TableCell>}
        </TableRow>
      </TableHead>
      <TableBody>
        {workloads.map(workload => (
          <TableRow
            key={workload.id}
            data-testid={`mesh-placement-${workload.id}`}
          >
            <TableCell>{workload.cluster}</TableCell>
            <TableCell>{workload.namespace}</TableCell>
            <TableCell>{workload.name}</TableCell>
            <TableCell>{workload.kind}</TableCell>
            <TableCell>
              <Replicas workload={workload} />
            </TableCell>
            <TableCell>{workload.versions.join(', ') || '—'}</TableCell>
            <TableCell>
              <MembershipChip
                state={workload.membership.state}
                reason={workload.membership.reason}
              />
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
  );
}
