import useAsync from 'react-use/esm/useAsync';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import {
  parseWorkloadId,
  type EdgeDetailResponse,
  type GraphEdge,
  type GraphNode,
} from '@mesh-portal/plugin-mesh-common';
import { meshApiRef } from '../../api/MeshApi';
import { edgeMtlsText, edgeTrafficParts } from '../shared/edgeLabel';
import {
  formatBytesRate,
  formatLatency,
  formatPercent,
  formatRate,
} from '../shared/format';
import { DataAge } from '../shared/DataAge';
import { TelemetryStatusPanel } from '../shared/TelemetryStatusPanel';
import { trafficNodeLines } from '../shared/TrafficGraph';
import { ResponsesTable } from './ResponsesTable';
import type { GraphSelection } from './selection';
import { Sparkline } from './Sparkline';
import { DetailSection } from './DetailSection';

/** Whether the backend can read this pair in detail: two known workloads. */
export function edgeDetailAvailable(
  source: GraphNode | undefined,
  target: GraphNode | undefined,
): boolean {
  const known = (node?: GraphNode) =>
    node?.type === 'workload' &&
    (parseWorkloadId(node.id)?.kind ?? 'workload') !== 'workload';
  return known(source) && known(target);
}

function Latency(props: { detail: EdgeDetailResponse }) {
  const { latencyMs, latencyFromSource } = props.detail;
  if (!latencyMs) return null;
  const parts = (['p50', 'p95', 'p99'] as const)
    .filter(q => latencyMs[q] !== undefined)
    .map(q => `${q} ${formatLatency(latencyMs[q]!)}`);
  return (
    <DetailSection title="Latency">
      <Typography variant="body2" data-testid="mesh-edge-latency">
        {parts.join(' · ')}
      </Typography>
      {latencyFromSource && (
        <Typography variant="caption" color="textSecondary">
          From the client's histogram: the server reported none.
        </Typography>
      )}
    </DetailSection>
  );
}

function Security(props: {
  detail: EdgeDetailResponse;
  sourceName: string;
  /** The graph's edges of the pair: their share may come from configuration. */
  edges: GraphEdge[];
}) {
  const { detail, sourceName, edges } = props;
  const configured = edges.find(
    e => e.mtlsShare !== undefined && e.mtlsFromConfiguration,
  );
  const share = detail.mtlsShare ?? configured?.mtlsShare;
  return (
    <DetailSection title="Mutual TLS">
      {share === undefined ? (
        <Typography variant="body2">
          Unknown: the server's proxy reported no security for this traffic.
        </Typography>
      ) : (
        <Typography variant="body2" data-testid="mesh-edge-mtls">
          {formatPercent(share)} mutual TLS
          {share < 1 &&
            ` · ${formatPercent(1 - share)} plaintext from ${sourceName}`}
        </Typography>
      )}
      {detail.mtlsShare === undefined && configured && (
        <Typography variant="caption" color="textSecondary">
          From the configuration: the server's proxy reported none of this
          traffic, and the client's DestinationRule or the server's missing
          proxy decides it.
        </Typography>
      )}
    </DetailSection>
  );
}

function DetailBody(props: {
  detail: EdgeDetailResponse;
  sourceName: string;
  edges: GraphEdge[];
}) {
  const { detail, sourceName, edges } = props;
  const unit = detail.rate.unit;
  const total =
    unit === 'requests'
      ? detail.requestsPerSecond
      : detail.tcp?.bytesFromClient;
  const format = unit === 'requests' ? formatRate : formatBytesRate;
  const current = total === undefined ? 'no traffic' : format(total);
  return (
    <>
      <DetailSection title={`Rate over the last ${detail.window}`}>
        <Box display="flex" alignItems="center" style={{ gap: 12 }}>
          <Typography variant="h6" component="p" data-testid="mesh-edge-rate">
            {current}
          </Typography>
          <Sparkline
            points={detail.rate.points}
            label={`${
              unit === 'requests' ? 'Requests' : 'Bytes'
            } per second over the last ${detail.window}, one point every ${
              detail.rate.stepSeconds
            } s`}
          />
        </Box>
        {/* The backend's own age: the drawer may be open a while. */}
        <DataAge ageSeconds={detail.ageSeconds} lastSuccess={detail.dataTime} />
      </DetailSection>
      {detail.responses.length > 0 && (
        <DetailSection title="Responses">
          <ResponsesTable
            responses={detail.responses}
            total={detail.requestsPerSecond ?? 0}
          />
        </DetailSection>
      )}
      <Latency detail={detail} />
      {detail.tcp && (
        <DetailSection title="TCP">
          <Typography variant="body2">
            {formatBytesRate(detail.tcp.bytesFromClient)} sent by the client ·{' '}
            {formatBytesRate(detail.tcp.bytesFromServer)} sent back
          </Typography>
          {detail.tcp.flags.length > 0 && (
            <Typography variant="body2">
              Flags: {detail.tcp.flags.join(', ')}
            </Typography>
          )}
        </DetailSection>
      )}
      <Security detail={detail} sourceName={sourceName} edges={edges} />
      <TelemetryStatusPanel sources={detail.sources} />
    </>
  );
}

/** Props of {@link EdgeDetailPanel}. */
export interface EdgeDetailPanelProps {
  source?: GraphNode;
  target?: GraphNode;
  sourceId: string;
  targetId: string;
  /** The graph's edges of this pair (one per protocol). */
  edges: GraphEdge[];
  window: string;
  onSelect: (selection: GraphSelection) => void;
}

/**
 * One edge: the graph's summary at once, then the backend's detail (codes,
 * flags, quantiles, bytes, mTLS, rate over the window) for workload pairs.
 */
export function EdgeDetailPanel(props: EdgeDetailPanelProps) {
  const { source, target, sourceId, targetId, edges, window, onSelect } = props;
  const meshApi = useApi(meshApiRef);
  const available = edgeDetailAvailable(source, target);
  const detail = useAsync(
    async () =>
      available
        ? meshApi.getEdgeDetail({
            source: sourceId,
            destination: targetId,
            window,
          })
        : undefined,
    [meshApi, available, sourceId, targetId, window],
  );
  const sourceName = source ? trafficNodeLines(source)[0] : sourceId;
  const targetName = target ? trafficNodeLines(target)[0] : targetId;
  return (
    <>
      <Typography variant="h5" component="h2" id="mesh-drawer-title">
        {sourceName} → {targetName}
      </Typography>
      <Box display="flex" flexWrap="wrap" style={{ gap: 8 }} mb={2} mt={1}>
        <Button
          size="small"
          variant="outlined"
          onClick={() => onSelect({ kind: 'node', id: sourceId })}
        >
          Client: {sourceName}
        </Button>
        <Button
          size="small"
          variant="outlined"
          onClick={() => onSelect({ kind: 'node', id: targetId })}
        >
          Server: {targetName}
        </Button>
      </Box>
      {edges.map(edge => (
        <Typography
          key={edge.protocol}
          variant="body2"
          data-testid="mesh-edge-summary"
        >
          {edge.protocol.toUpperCase()}
          {edge.crossCluster ? ' · cross-cluster' : ''} ·{' '}
          {[...edgeTrafficParts(edge), edgeMtlsText(edge)].join(' · ')}
        </Typography>
      ))}
      {!available && (
        <Typography variant="body2" color="textSecondary" paragraph>
          Response codes, flags and the rate over time are read per pair of
          workloads: switch the graph to workloads to see them for this edge.
        </Typography>
      )}
      {available && detail.loading && <Progress />}
      {available && detail.error && <ResponseErrorPanel error={detail.error} />}
      {detail.value && (
        <DetailBody
          detail={detail.value}
          sourceName={sourceName}
          edges={edges}
        />
      )}
    </>
  );
}
