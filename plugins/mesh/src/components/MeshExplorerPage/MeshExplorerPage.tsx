import { useCallback, useMemo, useRef } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  MESH_SNAPSHOT_SIGNAL_CHANNEL,
  type GraphEdge,
  type GraphNode,
} from '@mesh-portal/plugin-mesh-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { meshApiRef } from '../../api/MeshApi';
import { useMeshLiveUpdates } from '../../hooks';
import { ClusterErrorPanel } from '../shared/ClusterErrorPanel';
import { GraphDetailDrawer, useGraphSelection } from '../GraphDetailDrawer';
import { TelemetryStatusPanel } from '../shared/TelemetryStatusPanel';
import { ExplorerEmptyState } from './ExplorerEmptyState';
import { ExplorerToolbar } from './ExplorerToolbar';
import { GraphLegend } from './GraphLegend';
import { edgeFiltersActive, nodeLabel } from './graphModel';
import { MeshGraphView } from './MeshGraphView';
import { useExplorerFilters } from './useExplorerFilters';
import { useMeshGraphModel } from './useMeshGraphModel';

/**
 * Props of {@link MeshExplorerPage}.
 * @public
 */
export interface MeshExplorerPageProps {
  /** Page title; defaults to "Mesh explorer". */
  title?: string;
}

/**
 * The whole mesh as a graph of catalog entities, for finding out what runs
 * where and who talks to whom. View, grouping, filters and focus live in the
 * URL so that a view can be shared.
 * @public
 */
export const MeshExplorerPage = ({
  title = 'Mesh explorer',
}: MeshExplorerPageProps) => {
  const meshApi = useApi(meshApiRef);
  const [filters, setFilters] = useExplorerFilters();
  const [selection, select] = useGraphSelection();
  const { view, cluster, owner, idle } = filters;
  const serverKey = JSON.stringify({ view, cluster, owner, idle });
  const { updates } = useMeshLiveUpdates(MESH_SNAPSHOT_SIGNAL_CHANNEL);

  const graph = useAsync(
    () =>
      meshApi.getMeshGraph({
        view,
        ...(cluster.length ? { cluster } : {}),
        ...(owner.length ? { owner } : {}),
        ...(idle ? { includeIdle: true } : {}),
      }),
    // serverKey stands for the filters the backend applies; updates counts
    // the new mesh snapshots signalled (Backstage signals, when installed).
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [meshApi, serverKey, updates],
  );
  const clusters = useAsync(
    () => meshApi.getClusters(),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [meshApi, updates],
  );

  // Owners seen so far: filtering by owner must not empty its own list.
  const seenOwners = useRef(new Set<string>());
  graph.value?.nodes.forEach(
    node => node.owner && seenOwners.current.add(node.owner),
  );
  const ownerOptions = [...seenOwners.current].sort();
  const clusterOptions = useMemo(
    () =>
      clusters.value?.clusters.map(c => c.name) ?? [
        ...new Set(
          graph.value?.nodes.flatMap(
            n => n.clusters ?? (n.cluster ? [n.cluster] : []),
          ),
        ),
      ],
    [clusters.value, graph.value],
  );

  const { layout, visibleEdges, focusNode, lit } = useMeshGraphModel(
    graph.value,
    filters,
  );

  // Every kind of node opens its details in the drawer, on this page; the
  // drawer links on to the entity's Mesh tab and can focus the graph.
  const onNodeActivate = useCallback(
    (node: GraphNode) => select({ kind: 'node', id: node.id }),
    [select],
  );
  const onEdgeActivate = useCallback(
    (edge: GraphEdge) =>
      select({ kind: 'edge', source: edge.source, target: edge.target }),
    [select],
  );

  // react-use keeps the last value while a new request runs: the old
  // drawing stays (dimmed) instead of blanking on every filter change.
  const response = graph.value;
  const reloading = graph.loading && response !== undefined;
  const noEdgeMatches =
    edgeFiltersActive(filters) &&
    visibleEdges.length === 0 &&
    (response?.edges.length ?? 0) > 0;
  return (
    <Page themeId="tool">
      <Header title={title} subtitle="Who talks to whom in the service mesh" />
      <Content>
        <ExplorerToolbar
          filters={filters}
          onChange={setFilters}
          nodes={response?.nodes ?? []}
          focusNode={focusNode}
          clusterOptions={clusterOptions}
          ownerOptions={ownerOptions}
        />
        {clusters.error && (
          <ResponseErrorPanel
            title="Could not read the clusters' status"
            error={clusters.error}
          />
        )}
        {clusters.value && (
          <ClusterErrorPanel clusters={clusters.value.clusters} />
        )}
        {graph.error && <ResponseErrorPanel error={graph.error} />}
        {graph.loading && !response && <Progress />}
        {response && (
          <Box
            aria-busy={reloading}
            data-testid="mesh-explorer-body"
            style={reloading ? { opacity: 0.55 } : undefined}
          >
            {reloading && <LinearProgress aria-label="Loading the graph" />}
            <TelemetryStatusPanel sources={response.sources} />
            {response.truncated && (
              <WarningPanel
                severity="info"
                title={`Showing ${response.nodes.length} of ${
                  response.totalNodes ?? 'more'
                } nodes`}
                message="The mesh is larger than the node limit, so the graph is cut. Narrow it by cluster or owner to see the rest."
              />
            )}
            {response.nodes.length === 0 ? (
              <ExplorerEmptyState
                response={response}
                filtered={cluster.length > 0 || owner.length > 0}
                onClearFilters={() =>
                  setFilters({ cluster: [], owner: [], focus: undefined })
                }
              />
            ) : (
              <>
                <Box
                  display="flex"
                  alignItems="center"
                  flexWrap="wrap"
                  mb={1}
                  style={{ gap: 8 }}
                >
                  <Typography variant="body2" color="textSecondary">
                    {response.nodes.length} nodes, {visibleEdges.length} of{' '}
                    {response.edges.length} edges shown · traffic over the last{' '}
                    {response.window}
                  </Typography>
                  {focusNode && (
                    <Chip
                      size="small"
                      color="primary"
                      label={`Focused on ${nodeLabel(focusNode)}`}
                      onDelete={() => setFilters({ focus: undefined })}
                    />
                  )}
                  {noEdgeMatches && (
                    <>
                      <Typography variant="body2" color="error">
                        No edge matches these edge filters.
                      </Typography>
                      <Button
                        size="small"
                        color="primary"
                        onClick={() =>
                          setFilters({
                            protocol: [],
                            onlyNonMtls: false,
                            onlyErrors: false,
                          })
                        }
                      >
                        Clear edge filters
                      </Button>
                    </>
                  )}
                </Box>
                {/* Above the drawing, so it is on screen whenever the graph is. */}
                <GraphLegend />
                {layout && (
                  <MeshGraphView
                    layout={layout}
                    edges={visibleEdges}
                    focus={focusNode?.id}
                    lit={lit}
                    onNodeActivate={onNodeActivate}
                    onEdgeActivate={onEdgeActivate}
                  />
                )}
                <GraphDetailDrawer
                  selection={selection}
                  nodes={response.nodes}
                  edges={response.edges}
                  window={response.window}
                  onSelect={select}
                  onFocusNode={id => setFilters({ focus: id })}
                />
              </>
            )}
          </Box>
        )}
      </Content>
    </Page>
  );
};
