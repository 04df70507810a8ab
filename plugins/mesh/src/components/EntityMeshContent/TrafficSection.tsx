import { ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import Skeleton from '@material-ui/lab/Skeleton';
import type { GraphResponse } from '@mesh-portal/plugin-mesh-common';
import type { PolledAsyncState } from '../../hooks';
import {
  DataAge,
  TelemetryStatusPanel,
  TrafficEdgeTable,
  TrafficGraph,
} from '../shared';
import { TrafficControls, TrafficSettings } from './TrafficControls';
import { GraphDetailDrawer, useGraphSelection } from '../GraphDetailDrawer';

/**
 * Props of {@link TrafficSection}.
 */
export interface TrafficSectionProps {
  graph: PolledAsyncState<GraphResponse>;
  settings: TrafficSettings;
  onSettingsChange: (settings: TrafficSettings) => void;
  /** Ref of the page's entity, whose nodes are highlighted. */
  entityRef: string;
}

/** What the graph shows, e.g. `1 hop · last 5m · workloads`. */
function describeSettings(settings: TrafficSettings): string {
  const hops = settings.depth === 1 ? '1 hop' : `${settings.depth} hops`;
  const nodes = settings.view === 'service' ? 'services' : 'workloads';
  return `${hops} · last ${settings.window} · ${nodes}`;
}

function TrafficBody(
  props: TrafficSectionProps & ReturnType<typeof useSelectionProps>,
) {
  const { graph, settings, entityRef } = props;
  if (graph.loading) {
    return (
      <Box data-testid="mesh-traffic-loading">
        <Typography variant="caption" color="textSecondary" paragraph>
          Loading {describeSettings(settings)}…
        </Typography>
        <Skeleton variant="rect" height={320} />
      </Box>
    );
  }
  if (!graph.value) {
    return graph.error ? <ResponseErrorPanel error={graph.error} /> : null;
  }
  const { nodes, edges, sources, window } = graph.value;
  const allFailed = sources.length > 0 && sources.every(source => !source.ok);
  const focus = nodes
    .filter(node => node.entityRef === entityRef)
    .map(node => node.id);
  const { selection, select } = props;
  return (
    <>
      {graph.error && <ResponseErrorPanel error={graph.error} />}
      <Typography
        variant="caption"
        color="textSecondary"
        paragraph
        data-testid="mesh-traffic-shown"
      >
        Showing {describeSettings(settings)}
        {graph.reloading ? ' (refreshing)' : ''}
      </Typography>
      {sources.length === 0 && (
        <Typography variant="body2" color="textSecondary" paragraph>
          Telemetry unavailable: no Prometheus source is configured for these
          clusters, so no traffic can be shown.
        </Typography>
      )}
      <TelemetryStatusPanel sources={sources} />
      {graph.value.truncated && (
        <Typography variant="body2" color="textSecondary" paragraph>
          Showing {nodes.length} of {graph.value.totalNodes ?? 'more'} nodes:
          the graph was cut at the node limit.
        </Typography>
      )}
      {edges.length === 0 && !allFailed && sources.length > 0 && (
        <Typography variant="body2" paragraph>
          No traffic observed to or from this entity in the last {window}.
        </Typography>
      )}
      {edges.length > 0 &&
        (settings.display === 'graph' ? (
          <TrafficGraph
            nodes={nodes}
            edges={edges}
            focusNodeIds={focus}
            onNodeClick={node => select({ kind: 'node', id: node.id })}
            onEdgeClick={edge =>
              select({ kind: 'edge', source: edge.source, target: edge.target })
            }
          />
        ) : (
          <TrafficEdgeTable
            nodes={nodes}
            edges={edges}
            onEdgeClick={edge =>
              select({ kind: 'edge', source: edge.source, target: edge.target })
            }
          />
        ))}
      {/* The backend's own age when it sends one: no browser clock skew. */}
      <DataAge
        subject={`Traffic over the last ${window}`}
        ageSeconds={graph.value.ageSeconds}
        lastSuccess={graph.value.dataTime}
      />
      <GraphDetailDrawer
        selection={selection}
        nodes={nodes}
        edges={edges}
        window={window}
        onSelect={select}
      />
    </>
  );
}

/** The drawer's selection, kept in the URL. */
function useSelectionProps() {
  const [selection, select] = useGraphSelection();
  return { selection, select };
}

/**
 * The entity's traffic neighbourhood: selectors, telemetry status, and the
 * graph or the edge table.
 */
export function TrafficSection(props: TrafficSectionProps) {
  const selection = useSelectionProps();
  return (
    <>
      <TrafficControls
        settings={props.settings}
        onChange={props.onSettingsChange}
      />
      {/* A fixed-height slot, so the page does not jump when it appears. */}
      <Box height={4} marginBottom={1}>
        {(props.graph.loading || props.graph.reloading) && (
          <LinearProgress aria-label="Loading traffic" />
        )}
      </Box>
      <TrafficBody {...props} {...selection} />
    </>
  );
}
