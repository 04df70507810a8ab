import type {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  meshAuditReadPermission,
  meshEntityReadPermission,
  type AuditQuery,
  type AuditRow,
  type Finding,
  type LinkOut,
  type ServiceSummary,
} from '@internal/plugin-mesh-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { MeshConfig } from '../config';
import {
  EntityIndex,
  matchEntityWorkloads,
  selectorOfEntity,
} from '../entities';
import type { SnapshotManager } from '../snapshot';
import type { TelemetryService } from '../telemetry/types';
import { renderLinks } from '../telemetry/links';
import {
  countFindings,
  matchesAuditQuery,
  sortAuditRows,
  summarizeRows,
  toAuditRow,
} from './auditRows';
import type { MeshService } from './types';
import { CatalogVisibility } from './visibility';

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
  /** Telemetry, when configured: adds the observed mTLS share to the audit. */
  telemetry?: TelemetryService;
}

/** How long the audit waits for observed mTLS shares before answering without them. */
const TELEMETRY_WAIT_MS = 1_000;

const LINK_TITLES = { grafana: 'Grafana', traces: 'Traces', kiali: 'Kiali' };

/**
 * Creates the {@link MeshService}.
 * @public
 */
export function createMeshService(options: MeshServiceOptions): MeshService {
  const { config, logger, catalog, permissions, snapshot, entities } = options;
  const visibility = new CatalogVisibility(catalog, permissions);
  const linkTemplates = (
    Object.keys(LINK_TITLES) as Array<keyof typeof LINK_TITLES>
  )
    .filter(kind => config.links[kind])
    .map(kind => ({
      title: LINK_TITLES[kind],
      kind,
      url: config.links[kind]!,
    }));

  async function observedShares(): Promise<Map<string, number>> {
    if (!options.telemetry) return new Map();
    let timer: NodeJS.Timeout | undefined;
    try {
      // Telemetry is an extra column: a slow or unreachable Prometheus must
      // never hold the audit up, so give it a short head start only.
      return await Promise.race([
        options.telemetry.getObservedMtlsByWorkload(),
        new Promise<Map<string, number>>(resolve => {
          timer = setTimeout(() => resolve(new Map()), TELEMETRY_WAIT_MS);
        }),
      ]);
    } catch (error) {
      logger.debug('Observed mTLS shares unavailable', {
        error: (error as Error)?.message,
      });
      return new Map();
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The entity, if the caller can read it in the catalog (asked with the
   * caller's credentials, so invisible and missing look the same: 404) and
   * holds `mesh.entity.read` for it (403).
   */
  async function authorizedEntity(
    entityRef: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const ref = stringifyEntityRef(entityRef);
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${ref} found`);
    }
    const [decision] = await permissions.authorize(
      [{ permission: meshEntityReadPermission, resourceRef: ref }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed to read the mesh view of ${ref}`);
    }
    return entity;
  }

  const service: MeshService = {
    async authorizeEntity(entityRef, { credentials }) {
      return stringifyEntityRef(await authorizedEntity(entityRef, credentials));
    },

    async authorizeAudit({ credentials }) {
      const [decision] = await permissions.authorize(
        [{ permission: meshAuditReadPermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError('Not allowed to read the mesh audit');
      }
    },

    async visibleEntityRefs({ credentials }) {
      // Normally loaded by the `mesh-entities` task; a request may come first.
      if (!entities.isLoaded()) await entities.reload();
      const refs = entities.refs();
      return visibility.visible(refs, entities.claimsVersion(), credentials);
    },

    async getEntityMesh(entityRef, { credentials }) {
      const entity = await authorizedEntity(entityRef, credentials);
      const ref = stringifyEntityRef(entity);

      const view = snapshot.view();
      const statuses = snapshot.clusterStatuses();
      const selector = selectorOfEntity(entity);
      if (!selector) {
        return {
          entityRef: ref,
          clusters: statuses,
          workloads: [],
          services: [],
          findings: [],
        };
      }
      const workloads = matchEntityWorkloads(selector, view.index).sort(
        (a, b) => a.id.localeCompare(b.id),
      );
      const services = new Map<string, ServiceSummary>();
      const findings = new Set<Finding>();
      for (const workload of workloads) {
        for (const s of view.index.servicesByWorkload.get(workload.id) ?? []) {
          services.set(s.id, s);
        }
        for (const f of view.index.findingsByWorkload.get(workload.id) ?? []) {
          findings.add(f);
        }
      }
      const serviceKeys = new Set(
        [...services.values()].map(
          s => `${s.cluster}/${s.namespace}/${s.name}`,
        ),
      );
      for (const finding of view.index.model.findings) {
        if (
          finding.objects.some(
            o =>
              o.kind === 'Service' &&
              serviceKeys.has(`${o.cluster}/${o.namespace}/${o.name}`),
          )
        ) {
          findings.add(finding);
        }
      }
      const result = [...findings];
      if (selector.error) {
        result.unshift({
          code: 'MESH-ENTITY-BAD-SELECTOR',
          severity: 'error',
          message: `The entity's annotations cannot be used: ${selector.error}`,
          fix: 'Correct the annotation so that it is a valid Kubernetes label selector.',
          objects: [],
        });
      }
      const clusterNames = selector.clusters
        ? new Set(selector.clusters)
        : undefined;
      const istioIds = new Map(
        view.index.model.clusters.map(c => [c.cluster, c.istioClusterId]),
      );
      let links: Record<string, LinkOut[]> | undefined;
      if (linkTemplates.length > 0) {
        links = {};
        for (const workload of workloads) {
          links[workload.id] = renderLinks(linkTemplates, {
            cluster: workload.cluster,
            istioClusterId: istioIds.get(workload.cluster),
            namespace: workload.namespace,
            workload: workload.name,
            kind: workload.kind,
            service: view.index.servicesByWorkload.get(workload.id)?.[0]?.name,
            entity: ref,
          });
        }
      }
      return {
        entityRef: ref,
        clusters: clusterNames
          ? statuses.filter(status => clusterNames.has(status.name))
          : statuses,
        workloads,
        services: [...services.values()].sort((a, b) =>
          a.id.localeCompare(b.id),
        ),
        findings: result,
        links,
      };
    },

    async listAuditRows(query, { credentials }) {
      await service.authorizeAudit({ credentials });
      const visible = await service.visibleEntityRefs({ credentials });
      const shares = await observedShares();
      const { index } = snapshot.view();
      const rows: AuditRow[] = [];
      for (const workload of index.model.workloads) {
        const owner = entities.ownerOf(workload.id);
        // A workload claimed by an entity the caller cannot read is hidden
        // entirely: showing it as unowned would be false, and showing its
        // owner would leak the entity.
        if (owner && !visible.has(owner.ref)) continue;
        const row = toAuditRow(
          workload,
          owner,
          index.findingsByWorkload.get(workload.id)?.length ?? 0,
          shares.get(workload.id),
        );
        if (matchesAuditQuery(row, query)) rows.push(row);
      }
      return sortAuditRows(rows, query);
    },

    async getAudit(query: AuditQuery, { credentials }) {
      const rows = await service.listAuditRows(query, { credentials });
      const offset = query.offset ?? 0;
      const limit = query.limit ?? 100;
      const { index } = snapshot.view();
      const shares = rows
        .map(row => row.observedMtlsShare)
        .filter((share): share is number => share !== undefined);
      return {
        items: rows.slice(offset, offset + limit),
        totalItems: rows.length,
        ...summarizeRows(rows),
        findingsBySeverity: countFindings(
          rows.flatMap(
            row => index.findingsByWorkload.get(row.workloadId) ?? [],
          ),
        ),
        observedMtlsShare: shares.length
          ? shares.reduce((sum, share) => sum + share, 0) / shares.length
          : undefined,
        clusters: snapshot.clusterStatuses(),
      };
    },

    async getClusters() {
      const { index } = snapshot.view();
      const meshInfo = new Map(index.model.clusters.map(c => [c.cluster, c]));
      return {
        clusters: snapshot.clusterStatuses().map(status => ({
          ...status,
          mesh: meshInfo.get(status.name),
        })),
        findings: index.model.findings.filter(finding => !finding.cluster),
      };
    },
  };
  return service;
}
