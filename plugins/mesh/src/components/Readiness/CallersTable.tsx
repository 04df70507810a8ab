import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import type { ReadinessCaller } from '@mesh-portal/plugin-mesh-common';
import { REASON_TEXT } from './readinessText';

/** Who the caller is, as far as the reader may know. */
export function callerName(caller: ReadinessCaller): string {
  if (caller.reason === 'hidden') return 'hidden callers';
  if (!caller.workload) return 'unnamed client (no workload identity)';
  return `${caller.cluster}/${caller.namespace}/${caller.workload}`;
}

function lastSeen(iso: string | undefined): string {
  return iso ? iso.replace('T', ' ').slice(0, 16) : '-';
}

/** The plaintext callers of one workload: who, why, what to do, how much, when. */
export function CallersTable(props: {
  callers: ReadinessCaller[];
  testId: string;
}) {
  return (
    <Table size="small" data-testid={props.testId}>
      <TableHead>
        <TableRow>
          <TableCell>Caller</TableCell>
          <TableCell>Owner</TableCell>
          <TableCell>Why plaintext</TableCell>
          <TableCell>What to do</TableCell>
          <TableCell align="right">Plaintext requests</TableCell>
          <TableCell align="right">Connections</TableCell>
          <TableCell>Last seen (UTC)</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.callers.map((caller, index) => (
          <TableRow key={`${callerName(caller)}-${index}`}>
            <TableCell>{callerName(caller)}</TableCell>
            <TableCell>{caller.owner ?? '-'}</TableCell>
            <TableCell>{REASON_TEXT[caller.reason]}</TableCell>
            <TableCell>{caller.action}</TableCell>
            <TableCell align="right">
              {Math.round(caller.plaintextRequests).toLocaleString('en-US')}
            </TableCell>
            <TableCell align="right">
              {Math.round(caller.plaintextConnections).toLocaleString('en-US')}
            </TableCell>
            <TableCell>{lastSeen(caller.lastSeen)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
