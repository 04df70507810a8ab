import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  GRPC_STATUS_NAMES,
  describeResponseFlags,
  type EdgeResponseBreakdown,
} from '@mesh-portal/plugin-mesh-common';
import { makeStyles } from '@material-ui/core/styles';
import { formatPercent, formatRate } from '../shared/format';

const useStyles = makeStyles({
  // Codes and rates never break inside (the drawer is narrow).
  nowrap: { whiteSpace: 'nowrap' },
});

function codeText(row: EdgeResponseBreakdown): string {
  return row.code === '0' ? '0 (no response)' : row.code;
}

function grpcText(row: EdgeResponseBreakdown): string {
  if (row.grpcStatus === undefined || row.grpcStatus === '') return '';
  const name = GRPC_STATUS_NAMES[row.grpcStatus];
  return name ? `${row.grpcStatus} ${name}` : row.grpcStatus;
}

/**
 * Requests of an edge by response code, gRPC status and Envoy response
 * flags, each flag with its meaning written out (not only in a tooltip), and
 * which proxy reported them.
 */
export function ResponsesTable(props: {
  responses: EdgeResponseBreakdown[];
  total: number;
}) {
  const { responses, total } = props;
  const classes = useStyles();
  const grpc = responses.some(r => r.grpcStatus !== undefined);
  return (
    <Table size="small" aria-label="Responses">
      <TableHead>
        <TableRow>
          <TableCell className={classes.nowrap}>Code</TableCell>
          {grpc && (
            <TableCell className={classes.nowrap}>gRPC status</TableCell>
          )}
          <TableCell>Flags</TableCell>
          <TableCell align="right" className={classes.nowrap}>
            Rate
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {responses.map(row => {
          const flags = describeResponseFlags(row.flags);
          return (
            <TableRow
              key={`${row.protocol}:${row.code}:${row.grpcStatus}:${row.flags}`}
              data-testid="mesh-edge-response"
            >
              <TableCell className={classes.nowrap}>{codeText(row)}</TableCell>
              {grpc && (
                <TableCell className={classes.nowrap}>
                  {grpcText(row)}
                </TableCell>
              )}
              <TableCell>
                {flags.length === 0 ? (
                  <Typography variant="body2" color="textSecondary">
                    none
                  </Typography>
                ) : (
                  flags.map(flag => (
                    <Typography
                      variant="body2"
                      key={flag.flag}
                      data-testid="mesh-edge-flag"
                    >
                      <strong>{flag.flag}</strong> {flag.name}: {flag.meaning}
                    </Typography>
                  ))
                )}
                {row.reporter === 'source' && (
                  <Typography variant="caption" color="textSecondary">
                    seen by the client only
                  </Typography>
                )}
              </TableCell>
              <TableCell align="right" className={classes.nowrap}>
                {formatRate(row.requestsPerSecond)}
                {total > 0 && (
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    display="block"
                  >
                    {formatPercent(row.requestsPerSecond / total)}
                  </Typography>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
