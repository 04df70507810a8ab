import { useCallback, useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Grid from '@material-ui/core/Grid';
import {
  Content,
  ContentHeader,
  EmptyState,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  MESH_SNAPSHOT_SIGNAL_CHANNEL,
  type AuditQuery,
  type AuditRow,
} from '@mesh-portal/plugin-mesh-common';
import { meshApiRef } from '../../api/MeshApi';
import { useMeshLiveUpdates } from '../../hooks';
import { ClusterErrorPanel } from '../shared/ClusterErrorPanel';
import { TelemetryStatusPanel } from '../shared/TelemetryStatusPanel';
import { AuditFilters, toAuditQuery, toFindingsQuery } from './auditFilters';
import { AuditFindingsDialog } from './AuditFindingsDialog';
import { AuditFilterOptions, AuditFiltersBar } from './AuditFiltersBar';
import { AuditTable } from './AuditTable';
import { BreakdownDimension, BreakdownPanel } from './BreakdownPanel';
import { CoverageHistoryCard } from './CoverageHistoryCard';
import { ExportCsvButton } from './ExportCsvButton';
import { HeadlineFigures } from './HeadlineFigures';
import { ReadyToTightenCard } from './ReadyToTightenCard';
import { useAuditFilters } from './useAuditFilters';
import { useMyTeams } from './useMyTeams';

/**
 * Props of {@link MeshAuditPage}.
 * @public
 */
export interface MeshAuditPageProps {
  /** Page title; defaults to "Mesh mTLS audit". */
  title?: string;
}

/** Whether the query narrows the rows (paging and sorting do not). */
function isFiltered(query: AuditQuery): boolean {
  const { owner, cluster, namespace, system, state, notStrict, q } = query;
  return (
    [owner, cluster, namespace, system, state].some(list => !!list?.length) ||
    !!notStrict ||
    !!q
  );
}

/** The findings dialog's title for what was clicked. */
function findingsTitle(open: string, rows: AuditRow[]): string {
  switch (open) {
    case 'all':
      return 'Findings';
    case 'error':
      return 'Errors';
    case 'warning':
      return 'Warnings';
    case 'info':
      return 'Info findings';
    default: {
      const row = rows.find(r => r.workloadId === open);
      return `Findings of ${row ? row.workload : open}`;
    }
  }
}

function keysOf(
  ...breakdowns: Array<Record<string, unknown> | undefined>
): string[] {
  const keys = new Set<string>();
  breakdowns.forEach(b => Object.keys(b ?? {}).forEach(k => k && keys.add(k)));
  return [...keys];
}

/**
 * The mesh-wide mTLS audit for team leads: coverage figures, breakdowns,
 * the trend, and every workload, filtered through the URL query string.
 * @public
 */
export const MeshAuditPage = ({
  title = 'Mesh mTLS audit',
}: MeshAuditPageProps) => {
  const meshApi = useApi(meshApiRef);
  const [filters, setFilters] = useAuditFilters();
  const myTeams = useMyTeams();
  const query = useMemo(
    () => toAuditQuery(filters, myTeams.refs),
    [filters, myTeams.refs],
  );
  const queryKey = JSON.stringify(query);
  // With "my teams" on, wait for the identity rather than briefly querying everyone.
  const waitForTeams = filters.myTeams && myTeams.loading;

  // Filter choices come from the unfiltered audit, so narrowing one filter
  // does not make the other choices disappear.
  // A new mesh snapshot (Backstage signals, when installed) reloads both.
  const { updates } = useMeshLiveUpdates(MESH_SNAPSHOT_SIGNAL_CHANNEL);
  const unfiltered = useAsync(
    () => meshApi.getAudit({ offset: 0, limit: 1 }),
    // updates: reload when mesh signals a new snapshot.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [meshApi, updates],
  );
  const audit = useAsync(
    async () => (waitForTeams ? undefined : meshApi.getAudit(query)),
    // queryKey stands for `query`, so equal filters do not refetch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [meshApi, queryKey, waitForTeams, updates],
  );
  const options: AuditFilterOptions = useMemo(
    () => ({
      owner: keysOf(unfiltered.value?.byOwner, audit.value?.byOwner),
      cluster: keysOf(unfiltered.value?.byCluster, audit.value?.byCluster),
      namespace: keysOf(
        unfiltered.value?.byNamespace,
        audit.value?.byNamespace,
      ),
      system: keysOf(unfiltered.value?.bySystem, audit.value?.bySystem),
    }),
    [unfiltered.value, audit.value],
  );

  const onBreakdownSelect = useCallback(
    (dimension: BreakdownDimension, key: string) => {
      const change: Partial<AuditFilters> = { [dimension]: [key] };
      // Picking an owner is a choice of its own: it replaces "my teams".
      if (dimension === 'owner') change.myTeams = false;
      setFilters(change);
    },
    [setFilters],
  );

  const openFindings = useCallback(
    (which: string) => setFilters({ findings: which }),
    [setFilters],
  );
  const closeFindings = useCallback(
    () => setFilters({ findings: undefined }),
    [setFilters],
  );

  const value = audit.value;
  const firstLoad = !value && (audit.loading || waitForTeams);
  const meshIsEmpty =
    value && value.totals.total === 0 && unfiltered.value?.totals.total === 0;

  return (
    <Page themeId="tool">
      <Header
        title={title}
        subtitle="How much of the mesh is protected by mutual TLS"
      />
      <Content>
        <ContentHeader title="">
          <ExportCsvButton query={toAuditQuery(filters, myTeams.refs, false)} />
        </ContentHeader>
        {audit.error && <ResponseErrorPanel error={audit.error} />}
        {firstLoad && <Progress />}
        {value && (
          <Grid container spacing={3}>
            {value.clusters.length > 0 && (
              <Grid item xs={12}>
                <ClusterErrorPanel clusters={value.clusters} />
              </Grid>
            )}
            {value.sources && value.sources.some(s => !s.ok) && (
              <Grid item xs={12}>
                <TelemetryStatusPanel sources={value.sources} />
              </Grid>
            )}
            {meshIsEmpty ? (
              <Grid item xs={12}>
                <EmptyState
                  missing="data"
                  title="No workloads in the mesh yet"
                  description="The backend has not read any workloads from the configured clusters. Check the cluster settings under kubernetes.clusterLocatorMethods."
                />
              </Grid>
            ) : (
              <>
                <Grid item xs={12}>
                  <HeadlineFigures
                    audit={value}
                    filtered={isFiltered(query)}
                    unfilteredTotals={unfiltered.value?.totals}
                    notStrictOnly={filters.notStrict}
                    onOpenFindings={openFindings}
                  />
                </Grid>
                <Grid item xs={12} lg={6}>
                  <BreakdownPanel
                    audit={value}
                    selected={{
                      owner: filters.owner,
                      cluster: filters.cluster,
                      namespace: filters.namespace,
                      system: filters.system,
                    }}
                    onSelect={onBreakdownSelect}
                  />
                </Grid>
                <Grid item xs={12} lg={6}>
                  <CoverageHistoryCard query={query} />
                </Grid>
                <Grid item xs={12}>
                  <InfoCard
                    title="Workloads"
                    subheader={`${value.totalItems} matching`}
                  >
                    <AuditFiltersBar
                      filters={filters}
                      options={options}
                      onChange={setFilters}
                      hasTeams={myTeams.refs.length > 0}
                    />
                    <AuditTable
                      rows={value.items}
                      totalItems={value.totalItems}
                      sources={value.sources}
                      filters={filters}
                      loading={audit.loading}
                      onChange={setFilters}
                      onOpenFindings={openFindings}
                    />
                  </InfoCard>
                </Grid>
                <Grid item xs={12}>
                  <ReadyToTightenCard />
                </Grid>
              </>
            )}
          </Grid>
        )}
        {filters.findings && !waitForTeams && (
          <AuditFindingsDialog
            query={toFindingsQuery(filters, myTeams.refs)}
            title={findingsTitle(filters.findings, value?.items ?? [])}
            onClose={closeFindings}
          />
        )}
      </Content>
    </Page>
  );
};
