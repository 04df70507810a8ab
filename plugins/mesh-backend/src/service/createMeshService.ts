import type {
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { NotFoundError } from '@backstage/errors';
import {
  MESH_REQUEST_LIMITS,
  type ServiceSummary,
  type Workload,
} from '@mesh-portal/plugin-mesh-common';
import type { MeshConfig } from '../config';
import type { EntityIndex } from '../entities';
import type { HistoryStore } from '../history';
import { DAY_MS } from '../history/period';
import type { SnapshotManager, WorkloadIndex } from '../snapshot';
import { linkTemplatesFrom } from '../config/telemetryConfig';
import type { TelemetryService } from '../telemetry/types';
import { createWorkloadDirectory } from '../entities';
import { clientTlsTowardLatest } from '../telemetry/clientTlsLookup';
import type { CallerAccess } from './access/CallerAccess';
import {
  AccessResolver,
  edgeEndVisible,
  scopeFindings,
  ScopedGraphs,
  scopeHistory,
  scopeInboundMtls,
} from './access';
import { AuditView } from './auditView';
import { buildEntityMesh } from './entityView';
import { buildReadiness } from './readinessView';
import type { MeshService } from './types';

/**
 * Dependencies of {@link createMeshService}.
 * @public
 */
export interface MeshServiceOptions {
  config: MeshConfig;
  logger: LoggerService;
  catalog: CatalogService;
  permissions: PermissionsService;
  snapshot: SnapshotManager;
  entities: EntityIndex;
  /** Telemetry, when configured: traffic routes and observed mTLS in the audit. */
  telemetry?: TelemetryService;
  /** The coverage history store, when configured. */
  history?: HistoryStore;
}

function servicesByKey(services: ServiceSummary[]) {
  return new Map(
    services.map(s => [`${s.cluster}/${s.namespace}/${s.name}`, s]),
  );
}

/**
 * Creates the {@link MeshService}. Every method asks the
 * {@link AccessResolver} who the caller is and what they may see, then
 * passes its answer through the matching `scope*` function.
 * @public
 */
export function createMeshService(options: MeshServiceOptions): MeshService {
  const { config, snapshot, entities, telemetry, history } = options;
  const access = new AccessResolver(options);
  const audit = new AuditView(options);
  // Graph views are shared until the next collection: scope each once per
  // caller visibility (`scopeGraph` still decides what is kept).
  const scopedGraphs = new ScopedGraphs();
  const linkTemplates = linkTemplatesFrom(config.links);

  function requireTelemetry(): TelemetryService {
    if (!telemetry) throw new NotFoundError('Telemetry is not configured');
    return telemetry;
  }

  const directory = {
    ...createWorkloadDirectory({ snapshot, entities }),
    clientTlsToward: clientTlsTowardLatest(() => snapshot.view().index.model),
  };

  /** Readiness of `targets` (ids) as `caller` may see it. */
  async function readinessOf(
    targetIds: (index: WorkloadIndex) => Workload[],
    window: string | undefined,
    caller: CallerAccess,
  ) {
    const data = await requireTelemetry().getInboundObservations(window);
    const { index } = snapshot.view();
    const targets = targetIds(index).filter(
      w => !w.membership.infrastructure && caller.canSeeWorkload(w.id),
    );
    const built = buildReadiness(
      {
        index,
        objectsOf: cluster => snapshot.clusterObjects(cluster),
        directory,
        ownerOf: id => entities.ownerOf(id),
        observations: data.observations,
      },
      targets,
      caller,
    );
    return {
      window: data.window,
      dataTime: data.dataTime,
      ...built,
      sources: data.sources,
    };
  }

  return {
    hasTelemetry: Boolean(telemetry),
    hasHistory: Boolean(history),

    async getEntityMesh(entityRef, { credentials }) {
      const allowed = await access.requireEntity(entityRef, credentials);
      return buildEntityMesh({
        ...allowed,
        view: snapshot.view(),
        statuses: snapshot.clusterStatuses(),
        entities,
        linkTemplates,
      });
    },

    async getEntityGraph(entityRef, query, { credentials }) {
      const source = requireTelemetry();
      const { ref, access: caller } = await access.requireEntity(
        entityRef,
        credentials,
      );
      const graph = await source.getEntityGraph(ref, {
        ...query,
        visibleEntities: caller.visibleEntityRefs(),
        hiddenWorkloads: caller.hiddenContestedWorkloads(),
      });
      return scopedGraphs.of(graph, caller);
    },

    async getInboundMtls(entityRef, query, { credentials }) {
      const source = requireTelemetry();
      const { ref, access: caller } = await access.requireEntity(
        entityRef,
        credentials,
      );
      const response = await source.getInboundMtls(ref, {
        ...query,
        visibleEntities: caller.visibleEntityRefs(),
        hiddenWorkloads: caller.hiddenContestedWorkloads(),
      });
      return scopeInboundMtls(response, caller);
    },

    async getEntityReadiness(entityRef, query, { credentials }) {
      requireTelemetry();
      const { ref, access: caller } = await access.requireEntity(
        entityRef,
        credentials,
      );
      const readiness = await readinessOf(
        index =>
          entities
            .workloadsOf(ref)
            .flatMap(id => index.byId.get(id) ?? [])
            .sort((a, b) => a.id.localeCompare(b.id)),
        query.window,
        caller,
      );
      return { entityRef: ref, ...readiness };
    },

    async getReadinessAudit(query, { credentials }) {
      requireTelemetry();
      const caller = await access.requireAudit(credentials);
      return readinessOf(index => index.model.workloads, query.window, caller);
    },

    async getMeshGraph(query, { credentials }) {
      const source = requireTelemetry();
      const caller = await access.requireAudit(credentials);
      // Unowned workloads are listed by the audit too, so the graph keeps them.
      const graph = await source.getMeshGraph({
        ...query,
        visibleEntities: caller.visibleEntityRefs(),
        hiddenWorkloads: caller.hiddenContestedWorkloads(),
        includeUnowned: true,
      });
      return scopedGraphs.of(graph, caller);
    },

    async getEdgeDetail(query, { credentials }) {
      const source = requireTelemetry();
      const caller = await access.forCaller(credentials);
      if (
        !edgeEndVisible(query.source, caller) ||
        !edgeEndVisible(query.destination, caller)
      ) {
        // The same answer as for an edge that does not exist: nothing tells
        // which end is hidden, or that it exists.
        throw new NotFoundError('No such edge');
      }
      return source.getEdgeDetail(query.source, query.destination, {
        window: query.window,
      });
    },

    async getAudit(query, { credentials }) {
      return audit.page(query, await access.requireAudit(credentials));
    },

    async listAuditRows(query, { credentials }) {
      const caller = await access.requireAudit(credentials);
      return (await audit.rows(query, caller)).rows;
    },

    async getAuditFindings(query, { credentials }) {
      return audit.findings(query, await access.requireAudit(credentials));
    },

    async getHistory(query, { credentials }) {
      if (!history) throw new NotFoundError('History is not configured');
      const caller = await access.requireAudit(credentials);
      const days = query.days ?? MESH_REQUEST_LIMITS.historyDaysDefault;
      const response = await history.query({
        groupBy: query.groupBy ?? 'all',
        keys: query.key,
        // `days` periods back including today's.
        since: new Date(Date.now() - (days - 1) * DAY_MS),
      });
      return scopeHistory(response, caller);
    },

    async getClusters({ credentials }) {
      const { index } = snapshot.view();
      const meshInfo = new Map(index.model.clusters.map(c => [c.cluster, c]));
      const clusters = snapshot.clusterStatuses().map(status => ({
        ...status,
        mesh: meshInfo.get(status.name),
      }));
      // Cross-cluster findings name services and workloads: they are audit
      // data, so only audit readers get them, scoped like every finding.
      if (!(await access.mayReadAudit(credentials))) {
        return { clusters, findings: [] };
      }
      const caller = await access.forCaller(credentials);
      return {
        clusters,
        findings: scopeFindings(
          index.model.findings.filter(finding => !finding.cluster),
          caller,
          servicesByKey(index.model.services),
        ),
      };
    },
  };
}
