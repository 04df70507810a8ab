import { WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ClusterStatus } from '@mesh-portal/plugin-mesh-common';
import { formatAge } from './format';

/**
 * Props of {@link ClusterErrorPanel}.
 * @public
 */
export interface ClusterErrorPanelProps {
  clusters: ClusterStatus[];
}

/** The age of the data shown, for a panel title, e.g. `showing data from 27 s ago`. */
function servedDataAge(cluster: ClusterStatus): string {
  if (cluster.ageSeconds !== undefined) {
    return `showing data from ${formatAge(cluster.ageSeconds)} ago`;
  }
  if (cluster.lastSuccess) {
    return `showing data read at ${cluster.lastSuccess}`;
  }
  return 'no data read yet';
}

function servedDataNote(cluster: ClusterStatus): string {
  if (cluster.ageSeconds !== undefined) {
    return `Showing the data read ${formatAge(cluster.ageSeconds)} ago.`;
  }
  if (cluster.lastSuccess) {
    return `Showing the data read at ${cluster.lastSuccess}.`;
  }
  return 'No data from this cluster has been read yet.';
}

/**
 * One warning panel per cluster that failed to refresh, is stale or lacks
 * Istio, placed next to the data so the other clusters stay visible (as the
 * Kubernetes plugin does). Renders nothing when every cluster is healthy.
 * @public
 */
export function ClusterErrorPanel(props: ClusterErrorPanelProps) {
  const troubled = props.clusters.filter(
    cluster => !cluster.ok || cluster.stale || cluster.missingApis?.length,
  );
  if (troubled.length === 0) {
    return null;
  }
  // The bottom margin keeps the panels off the data that follows them.
  return (
    <Box marginBottom={2}>
      {troubled.map(cluster => {
        if (!cluster.ok) {
          return (
            <WarningPanel
              key={cluster.name}
              severity="error"
              // Open: the reason and what is shown instead matter more than space.
              defaultExpanded
              title={`Cluster ${
                cluster.name
              }: the last refresh failed, ${servedDataAge(cluster)}`}
              message={cluster.error ?? 'The cluster could not be read.'}
            >
              <Typography variant="body2">{servedDataNote(cluster)}</Typography>
            </WarningPanel>
          );
        }
        if (cluster.stale) {
          return (
            <WarningPanel
              key={cluster.name}
              severity="warning"
              title={`Cluster ${
                cluster.name
              }: the data is stale, ${servedDataAge(cluster)}`}
              message={servedDataNote(cluster)}
            />
          );
        }
        return (
          <WarningPanel
            key={cluster.name}
            severity="info"
            title={`Cluster ${cluster.name}: Istio is not installed`}
            message={`These Istio APIs are missing: ${cluster.missingApis?.join(
              ', ',
            )}. Its workloads are shown as outside the mesh.`}
          />
        );
      })}
    </Box>
  );
}
