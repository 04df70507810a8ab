import type { GraphResponse } from '@mesh-portal/plugin-mesh-common';
import Button from '@material-ui/core/Button';
import { EmptyState } from '@backstage/core-components';

/** Props of {@link ExplorerEmptyState}. */
export interface ExplorerEmptyStateProps {
  response: GraphResponse;
  /** True when the backend was asked for some clusters or owners only. */
  filtered: boolean;
  /** Drops the cluster and owner filters. */
  onClearFilters: () => void;
}

/**
 * Why the graph has no nodes. An empty graph means "no traffic" only when
 * every telemetry source answered and nothing was filtered out; otherwise
 * saying so would send people to check scrapes that are fine.
 */
export const ExplorerEmptyState = ({
  response,
  filtered,
  onClearFilters,
}: ExplorerEmptyStateProps) => {
  const { sources } = response;
  if (sources.length === 0) {
    return (
      <EmptyState
        missing="info"
        title="No telemetry source configured"
        description="The graph is drawn from Istio's Prometheus metrics, and the backend has no Prometheus source for any cluster. Set mesh.clusters[].prometheus.url, or mesh.prometheus.url for a shared one."
      />
    );
  }
  if (sources.every(source => !source.ok)) {
    return (
      <EmptyState
        missing="data"
        title="Telemetry unavailable"
        description={`None of the telemetry sources answered (${sources
          .map(s => s.name)
          .join(
            ', ',
          )}), so no traffic can be shown. The reasons are listed above.`}
      />
    );
  }
  if (filtered) {
    return (
      <EmptyState
        missing="data"
        title="Nothing matches these filters"
        description="No traffic was observed for the chosen clusters and owners."
        action={
          <Button variant="contained" color="primary" onClick={onClearFilters}>
            Clear filters
          </Button>
        }
      />
    );
  }
  return (
    <EmptyState
      missing="data"
      title="No traffic observed"
      description={`No requests between workloads were observed in the last ${response.window}. Check that Prometheus scrapes the Istio proxies.`}
    />
  );
};
