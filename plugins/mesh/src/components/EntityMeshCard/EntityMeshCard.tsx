import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  InfoCardVariants,
  MissingAnnotationEmptyState,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  entityRouteParams,
  entityRouteRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Skeleton from '@material-ui/lab/Skeleton';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import {
  FindingSeverity,
  MESH_ANNOTATION,
} from '@mesh-portal/plugin-mesh-common';
import { isMeshAvailable } from '../../conditions';
import { useEntityMesh, useInboundMtls, useRefreshInterval } from '../../hooks';
import { meshEntityContentRouteRef } from '../../routes';
import {
  ClusterErrorPanel,
  DataAge,
  MembershipChip,
  MtlsChip,
  MtlsShareChip,
  NoWorkloadsFound,
  SeverityChip,
  StatusChip,
  TelemetryUnavailableChip,
  telemetryUnavailableReason,
  useOptionalRouteRef,
  workloadMtlsMode,
  workloadMtlsReason,
} from '../shared';

const SEVERITIES: FindingSeverity[] = ['error', 'warning', 'info'];

const useStyles = makeStyles(theme => ({
  section: { marginBottom: theme.spacing(2) },
  workload: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
}));

/**
 * Props of the mesh overview card.
 * @public
 */
export interface EntityMeshCardProps {
  /**
   * How often to reload, in milliseconds; 0 turns auto-refresh off.
   * Defaults to `mesh.refreshIntervalMs` from the config, else 30000.
   */
  refreshIntervalMs?: number;
  /** InfoCard variant; `gridItem` fills the grid cell. */
  variant?: InfoCardVariants;
  /**
   * Path of the Mesh tab relative to the entity page, used for the link
   * when the tab's route is not registered. Defaults to `mesh`.
   */
  tabPath?: string;
}

/** Where the card's link goes: the tab's route, else the entity page + tabPath. */
function useTabLink(tabPath: string): string | undefined {
  const { entity } = useEntity();
  const contentRoute = useOptionalRouteRef(meshEntityContentRouteRef);
  const entityRoute = useOptionalRouteRef(entityRouteRef);
  if (contentRoute) {
    try {
      // Resolves with the entity params of the current location, i.e. when
      // the card is on that entity's page.
      return contentRoute();
    } catch {
      // Not on an entity page route: fall back to the entity route below.
    }
  }
  if (entityRoute) {
    return `${entityRoute(entityRouteParams(entity))}/${tabPath}`;
  }
  return undefined;
}

function CardSkeleton() {
  return (
    <Box data-testid="mesh-card-loading">
      <Skeleton variant="text" width="40%" />
      <Skeleton variant="text" width="80%" />
      <Skeleton variant="text" width="40%" />
      <Skeleton variant="text" width="80%" />
    </Box>
  );
}

function CardBody(props: { refreshIntervalMs?: number }) {
  const classes = useStyles();
  const { entity } = useEntity();
  const interval = useRefreshInterval(props.refreshIntervalMs);
  const mesh = useEntityMesh(interval);
  const inbound = useInboundMtls(interval);

  if (mesh.loading) {
    return <CardSkeleton />;
  }
  if (!mesh.value) {
    return mesh.error ? <ResponseErrorPanel error={mesh.error} /> : null;
  }
  const { clusters, workloads, findings } = mesh.value;
  const failingTelemetry = inbound.value?.sources.filter(source => !source.ok);
  // With no answering source, "no traffic observed" would be a guess.
  const telemetryDown =
    inbound.value && telemetryUnavailableReason(inbound.value.sources);

  return (
    <>
      {mesh.error && <ResponseErrorPanel error={mesh.error} />}
      <ClusterErrorPanel clusters={clusters} />
      {workloads.length === 0 ? (
        <NoWorkloadsFound
          compact
          entity={entity}
          clusters={clusters.map(cluster => cluster.name)}
        />
      ) : (
        clusters
          .filter(cluster =>
            workloads.some(workload => workload.cluster === cluster.name),
          )
          .map(cluster => (
            <Box key={cluster.name} className={classes.section}>
              <Typography variant="subtitle2" component="h3">
                {cluster.name}{' '}
                <DataAge
                  ageSeconds={cluster.ageSeconds}
                  lastSuccess={cluster.lastSuccess}
                  stale={cluster.stale || !cluster.ok}
                />
              </Typography>
              {workloads
                .filter(workload => workload.cluster === cluster.name)
                .map(workload => (
                  <Box
                    key={workload.id}
                    className={classes.workload}
                    data-testid={`mesh-card-workload-${workload.id}`}
                  >
                    <Typography variant="body2">
                      {workload.namespace}/{workload.name}
                    </Typography>
                    <MembershipChip
                      state={workload.membership.state}
                      reason={workload.membership.reason}
                    />
                    <MtlsChip
                      mode={workloadMtlsMode(workload)}
                      enforced={workload.mtls.enforced}
                      reason={workloadMtlsReason(workload)}
                    />
                  </Box>
                ))}
            </Box>
          ))
      )}
      <Box className={classes.section}>
        <Typography variant="subtitle2" component="h3">
          Observed inbound traffic
        </Typography>
        {inbound.loading && <Skeleton variant="text" width="30%" />}
        {inbound.value &&
          (telemetryDown ? (
            <TelemetryUnavailableChip reason={telemetryDown} />
          ) : (
            <MtlsShareChip
              share={inbound.value.mtlsShare}
              window={inbound.value.window}
            />
          ))}
        {inbound.error && !inbound.value && (
          <Typography variant="body2" color="textSecondary">
            Telemetry unavailable: {inbound.error.message}
          </Typography>
        )}
        {inbound.value?.sources.length === 0 && (
          <Typography variant="body2" color="textSecondary">
            No Prometheus source is configured for these clusters.
          </Typography>
        )}
        {failingTelemetry?.map(source => (
          <Typography key={source.name} variant="body2" color="textSecondary">
            Telemetry unavailable from {source.name}:{' '}
            {source.error ?? 'no answer'}
          </Typography>
        ))}
      </Box>
      <Box>
        <Typography variant="subtitle2" component="h3">
          Findings
        </Typography>
        {findings.length === 0 ? (
          <StatusChip
            label="No findings"
            tone="ok"
            icon={<CheckCircleIcon />}
          />
        ) : (
          SEVERITIES.map(severity => {
            const count = findings.filter(
              finding => finding.severity === severity,
            ).length;
            return count > 0 ? (
              <SeverityChip key={severity} severity={severity} count={count} />
            ) : null;
          })
        )}
      </Box>
    </>
  );
}

/**
 * The mesh overview card: per cluster, each workload's membership and
 * effective mTLS, the observed inbound mTLS share, findings by severity and
 * the data age, with a link to the Mesh tab.
 * @public
 */
export function EntityMeshCard(props: EntityMeshCardProps) {
  const { refreshIntervalMs, variant = 'gridItem', tabPath = 'mesh' } = props;
  const { entity } = useEntity();
  const link = useTabLink(tabPath);
  const available = isMeshAvailable(entity);
  return (
    <InfoCard
      title="Service mesh"
      variant={variant}
      deepLink={
        available && link ? { title: 'Open the Mesh tab', link } : undefined
      }
    >
      {available ? (
        // Keyed by entity so that no state carries over to another entity.
        <CardBody
          key={stringifyEntityRef(entity)}
          refreshIntervalMs={refreshIntervalMs}
        />
      ) : (
        <MissingAnnotationEmptyState annotation={MESH_ANNOTATION} />
      )}
    </InfoCard>
  );
}
