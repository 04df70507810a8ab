import { Link } from '@backstage/core-components';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import Button from '@material-ui/core/Button';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { GraphEdge, GraphNode } from '@mesh-portal/plugin-mesh-common';
import {
  formatBytesRate,
  formatLatency,
  formatPercent,
  formatRate,
} from './format';
import { trafficNodeLines } from './TrafficGraph';
import { edgeErrorSplitText } from './edgeLabel';
import { useOptionalRouteRef } from './useOptionalRouteRef';

function edgeRateText(edge: GraphEdge): string {
  if (edge.requestsPerSecond !== undefined) {
    return formatRate(edge.requestsPerSecond);
  }
  if (edge.bytesPerSecond !== undefined) {
    return formatBytesRate(edge.bytesPerSecond);
  }
  return '—';
}

function NodeCell(props: {
  node?: GraphNode;
  id: string;
  entityRoute?: (params: any) => string;
}) {
  const { node, id, entityRoute } = props;
  if (!node) {
    return <Typography variant="body2">{id}</Typography>;
  }
  const [title, subtitle] = trafficNodeLines(node);
  return (
    <>
      {node.entityRef && entityRoute ? (
        <Link to={entityRoute(entityRouteParams(node.entityRef))}>{title}</Link>
      ) : (
        <Typography variant="body2">{title}</Typography>
      )}
      <Typography variant="caption" color="textSecondary" display="block">
        {subtitle}
      </Typography>
    </>
  );
}

/** A small caption under a figure, when there is something to add. */
function SecondLine(props: { text?: string }) {
  if (!props.text) return null;
  return (
    <Typography variant="caption" color="textSecondary" display="block">
      {props.text}
    </Typography>
  );
}

/**
 * Props of {@link TrafficEdgeTable}.
 * @public
 */
export interface TrafficEdgeTableProps {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** When given, each row gets a "Details" button calling it. */
  onEdgeClick?: (edge: GraphEdge) => void;
}

/**
 * The edges of a traffic graph as a table, for people who prefer reading
 * (and for screen readers): source, destination, protocol, rate, errors
 * (with 4xx, 5xx, no response and gRPC apart, G10), p95 and the mTLS share.
 * @public
 */
export function TrafficEdgeTable(props: TrafficEdgeTableProps) {
  const { nodes, edges, onEdgeClick } = props;
  const entityRoute = useOptionalRouteRef(entityRouteRef);
  const byId = new Map(nodes.map(node => [node.id, node]));
  const sorted = [...edges].sort(
    (a, b) =>
      (b.requestsPerSecond ?? b.bytesPerSecond ?? 0) -
      (a.requestsPerSecond ?? a.bytesPerSecond ?? 0),
  );
  return (
    <Table size="small" aria-label="Traffic edges">
      <TableHead>
        <TableRow>
          <TableCell>From</TableCell>
          <TableCell>To</TableCell>
          <TableCell>Protocol</TableCell>
          <TableCell align="right">Rate</TableCell>
          <TableCell align="right">Errors</TableCell>
          <TableCell align="right">p95</TableCell>
          <TableCell align="right">mTLS</TableCell>
          {onEdgeClick && <TableCell aria-label="Details" />}
        </TableRow>
      </TableHead>
      <TableBody>
        {sorted.map(edge => (
          <TableRow key={`${edge.source}->${edge.target}:${edge.protocol}`}>
            <TableCell>
              <NodeCell
                id={edge.source}
                node={byId.get(edge.source)}
                entityRoute={entityRoute}
              />
            </TableCell>
            <TableCell>
              <NodeCell
                id={edge.target}
                node={byId.get(edge.target)}
                entityRoute={entityRoute}
              />
            </TableCell>
            <TableCell>
              {edge.protocol.toLocaleUpperCase('en-US')}
              {edge.crossCluster ? ' (cross-cluster)' : ''}
            </TableCell>
            <TableCell align="right">{edgeRateText(edge)}</TableCell>
            <TableCell align="right">
              {edge.errorRatio !== undefined
                ? formatPercent(edge.errorRatio)
                : '—'}
              <SecondLine text={edgeErrorSplitText(edge)} />
            </TableCell>
            <TableCell align="right">
              {edge.latencyMs?.p95 !== undefined
                ? formatLatency(edge.latencyMs.p95)
                : '—'}
              <SecondLine
                text={
                  edge.latencyMs && edge.latencyFromSource
                    ? "client's histogram"
                    : undefined
                }
              />
            </TableCell>
            <TableCell align="right">
              {edge.mtlsShare !== undefined
                ? formatPercent(edge.mtlsShare)
                : 'unknown'}
              <SecondLine
                text={
                  edge.mtlsShare !== undefined && edge.mtlsFromConfiguration
                    ? 'from configuration'
                    : undefined
                }
              />
            </TableCell>
            {onEdgeClick && (
              <TableCell>
                <Button
                  size="small"
                  color="primary"
                  onClick={() => onEdgeClick(edge)}
                >
                  Details
                </Button>
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
