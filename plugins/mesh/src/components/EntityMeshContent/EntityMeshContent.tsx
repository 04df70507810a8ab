import { useCallback, useEffect, useMemo, useRef } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  MissingAnnotationEmptyState,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import { makeStyles } from '@material-ui/core/styles';
import Skeleton from '@material-ui/lab/Skeleton';
import {
  MESH_ANNOTATION,
  type GraphResponse,
} from '@mesh-portal/plugin-mesh-common';
import { isMeshAvailable } from '../../conditions';
import {
  PolledAsyncState,
  useEntityGraph,
  useEntityMesh,
  useEntityReadiness,
  useRefreshInterval,
} from '../../hooks';
import { ClusterErrorPanel, DataAge, NoWorkloadsFound } from '../shared';
import { DependenciesList } from './DependenciesList';
import { FindingsTable } from './FindingsTable';
import { PlacementTable } from './PlacementTable';
import { ReadinessSection } from './ReadinessSection';
import type {
  TrafficDepth,
  TrafficSettings,
  TrafficView,
  TrafficWindow,
} from './TrafficControls';
import { TrafficSection } from './TrafficSection';
import {
  parseTrafficSettings,
  serializeTrafficSettings,
} from './trafficSettings';
import { useUrlState } from '../shared/useUrlState';
import { scrollAncestorsToTop } from '../shared/scrollToTop';

/**
 * Props of the Mesh tab.
 * @public
 */
export interface EntityMeshContentProps {
  /**
   * How often to reload, in milliseconds; 0 turns auto-refresh off.
   * Defaults to `mesh.refreshIntervalMs` from the config, else 30000.
   */
  refreshIntervalMs?: number;
  /** Initial depth of the traffic neighbourhood (1-3). Defaults to 1. */
  defaultDepth?: TrafficDepth;
  /** Initial rate window. Defaults to `5m`. */
  defaultWindow?: TrafficWindow;
  /** Initial node kind of the graph. Defaults to `workload`. */
  defaultView?: TrafficView;
}

function ContentSkeleton() {
  return (
    <Grid container spacing={3} data-testid="mesh-content-loading">
      <Grid item xs={12}>
        <Skeleton variant="rect" height={160} />
      </Grid>
      <Grid item xs={12}>
        <Skeleton variant="rect" height={320} />
      </Grid>
    </Grid>
  );
}

const useStyles = makeStyles(theme => ({
  separator: { margin: theme.spacing(0, 1) },
}));

/** The dependencies card's body: loading, failed, or the comparison. */
function DependenciesBody(props: {
  graph: PolledAsyncState<GraphResponse>;
  entityRef: string;
}) {
  const { graph, entityRef } = props;
  if (graph.loading) {
    return <Skeleton variant="text" data-testid="mesh-dependencies-loading" />;
  }
  if (!graph.value) {
    return graph.error ? <ResponseErrorPanel error={graph.error} /> : null;
  }
  return (
    <DependenciesList
      dependencies={graph.value.dependencies}
      window={graph.value.window}
      sources={graph.value.sources}
      entityRef={entityRef}
    />
  );
}

function MeshContentBody(props: EntityMeshContentProps) {
  const classes = useStyles();
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const interval = useRefreshInterval(props.refreshIntervalMs);
  const defaults = useMemo<TrafficSettings>(
    () => ({
      depth: props.defaultDepth ?? 1,
      window: props.defaultWindow ?? '5m',
      view: props.defaultView ?? 'workload',
      display: 'graph',
    }),
    [props.defaultDepth, props.defaultWindow, props.defaultView],
  );
  // Depth, window, view and display live in the URL: a reload or a shared
  // link shows the same graph, and Back undoes a change.
  const [settings, setSettings] = useUrlState<TrafficSettings>(
    useCallback(params => parseTrafficSettings(params, defaults), [defaults]),
    useCallback(value => serializeTrafficSettings(value, defaults), [defaults]),
  );
  const mesh = useEntityMesh(interval);
  const graph = useEntityGraph(
    { depth: settings.depth, window: settings.window, view: settings.view },
    interval,
  );
  const readiness = useEntityReadiness(interval);

  if (mesh.loading) {
    return <ContentSkeleton />;
  }
  if (!mesh.value) {
    return mesh.error ? <ResponseErrorPanel error={mesh.error} /> : null;
  }
  const { clusters, workloads, findings, links } = mesh.value;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        {mesh.error && <ResponseErrorPanel error={mesh.error} />}
        <ClusterErrorPanel clusters={clusters} />
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="Placement"
          subheader={clusters.map((cluster, index) => (
            <span key={cluster.name}>
              {index > 0 && <span className={classes.separator}>·</span>}
              <DataAge
                subject={cluster.name}
                ageSeconds={cluster.ageSeconds}
                lastSuccess={cluster.lastSuccess}
                stale={cluster.stale || !cluster.ok}
              />
            </span>
          ))}
        >
          {workloads.length === 0 ? (
            <NoWorkloadsFound
              entity={entity}
              clusters={clusters.map(cluster => cluster.name)}
            />
          ) : (
            <PlacementTable workloads={workloads} links={links} />
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="STRICT readiness">
          <ReadinessSection readiness={readiness} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Findings">
          <FindingsTable findings={findings} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Traffic">
          <TrafficSection
            graph={graph}
            settings={settings}
            onSettingsChange={setSettings}
            entityRef={entityRef}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Declared versus observed dependencies">
          <DependenciesBody graph={graph} entityRef={entityRef} />
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/**
 * The Mesh tab of an entity page: placement and mTLS per port with the
 * deciding policy, STRICT readiness with what to apply, findings with fixes, the traffic graph of the entity's
 * neighbourhood, and declared versus observed dependencies.
 * @public
 */
export function EntityMeshContent(props: EntityMeshContentProps) {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  // Arriving from another entity's graph, the page would keep the old
  // scroll position: every entity's tab starts at the top.
  const top = useRef<HTMLDivElement>(null);
  useEffect(() => scrollAncestorsToTop(top.current), [entityRef]);
  if (!isMeshAvailable(entity)) {
    return <MissingAnnotationEmptyState annotation={MESH_ANNOTATION} />;
  }
  // Keyed by entity so that nothing (data, selectors) carries over when the
  // page switches to another entity.
  return (
    <div ref={top}>
      <MeshContentBody key={entityRef} {...props} />
    </div>
  );
}
