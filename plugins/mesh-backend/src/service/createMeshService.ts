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
  type AuditResponse,
  type AuditRow,
  type Finding,
  type LinkOut,
  type ServiceSummary,
} from '@mesh-portal/plugin-mesh-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { MeshConfig } from '../config';
import {
  EntityIndex,
  matchEntityWorkloads,
  selectorOfEntity,
} from '../entities';
import type { SnapshotManager } from '../snapshot';
import type { ObservedMtls, TelemetryService } from '../telemetry/types';
import { renderLinks } from '../links';
import { linkTemplatesFrom } from '../config/telemetryConfig';
import {
  combinedObservedShare,
  observedShareOf,
} from '../telemetry/observedShare';
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

/** Why observed shares are missing, stated as a source status the audit page can show. */
const TELEMETRY_LATE =
  'no answer within 1 s; observed shares appear once the data is cached';
const TELEMETRY_FAILED = 'observed shares could not be computed';

function telemetryUnavailable(error: string): ObservedMtls {
  return {
    byWorkload: new Map(),
    sources: [{ name: 'telemetry', ok: false, error }],
  };
}

/**
 * Creates the {@link MeshService}.
 * @public
 */
export function createMeshService(options: MeshServiceOptions): MeshService {
  const { config, logger, catalog, permissions, snapshot, entities } = options;
  const visibility = new CatalogVisibility(catalog, permissions);
  const linkTemplates = linkTemplatesFrom(config.links);

  async function observedMtls(): Promise<ObservedMtls | undefined> {
    if (!options.telemetry) return undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      // Telemetry is an extra column: a slow or unreachable Prometheus must
      // never hold the audit up, so give it a short head start only.
      return await Promise.race([
        options.telemetry.getObservedMtlsByWorkload(),
        new Promise<ObservedMtls>(resolve => {
          timer = setTimeout(
            () => resolve(telemetryUnavailable(TELEMETRY_LATE)),
            TELEMETRY_WAIT_MS,
          );
        }),
      ]);
    } catch (error) {
      logger.debug('Observed mTLS shares unavailable', {
        error: (error as Error)?.message,
      });
      return telemetryUnavailable(TELEMETRY_FAILED);
    } finally {
      clearTimeout(timer);
    }
  }

  async function mayReadAudit(
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const [decision] = await permissions.authorize(
      [{ permission: meshAuditReadPermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  async function visibleRefs(
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    // Normally loaded by the `mesh-entities` task; a request may come first.
    if (!entities.isLoaded()) await entities.reload();
    const refs = entities.refs();
    return visibility.visible(refs, entities.claimsVersion(), credentials);
  }

  /** The caller's audit rows with the observed traffic of each. */
  async function auditRows(
    query: AuditQuery,
    credentials: BackstageCredentials,
  ): Promise<{
    rows: AuditRow[];
    observed?: ObservedMtls;
  }> {
    if (!(await mayReadAudit(credentials))) {
      throw new NotAllowedError('Not allowed to read the mesh audit');
    }
    const visible = await visibleRefs(credentials);
    const observed = await observedMtls();
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
        observedShareOf(observed?.byWorkload.get(workload.id)),
      );
      if (matchesAuditQuery(row, query)) rows.push(row);
    }
    return { rows: sortAuditRows(rows, query), observed };
  }

  /**
   * Whether a finding names nothing of an entity the caller may not read:
   * neither a workload it lists, nor a workload or Service among its objects
   * (a Service through the workloads it selects).
   */
  function findingVisible(finding: Finding, visible: Set<string>): boolean {
    const { model } = snapshot.view().index;
    const servicesById = new Map(model.services.map(svc => [svc.id, svc]));
    const ids = new Set(finding.workloads ?? []);
    for (const o of finding.objects) {
      if (o.kind === 'Service') {
        const svc = servicesById.get(`${o.cluster}/${o.namespace}/${o.name}`);
        for (const id of svc?.workloads ?? []) ids.add(id);
      } else {
        ids.add(`${o.cluster}/${o.namespace}/${o.kind}/${o.name}`);
      }
    }
    return [...ids].every(id => {
      const owner = entities.ownerOf(id);
      return !owner || visible.has(owner.ref);
    });
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
      if (!(await mayReadAudit(credentials))) {
        throw new NotAllowedError('Not allowed to read the mesh audit');
      }
    },

    async visibleEntityRefs({ credentials }) {
      return visibleRefs(credentials);
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
      return (await auditRows(query, credentials)).rows;
    },

    async getAudit(query: AuditQuery, { credentials }) {
      const { rows, observed } = await auditRows(query, credentials);
      const offset = query.offset ?? 0;
      const limit = query.limit ?? 100;
      const { index } = snapshot.view();
      const response: AuditResponse = {
        items: rows.slice(offset, offset + limit),
        totalItems: rows.length,
        ...summarizeRows(rows),
        findingsBySeverity: countFindings(
          rows.flatMap(
            row => index.findingsByWorkload.get(row.workloadId) ?? [],
          ),
        ),
        // Weighted by traffic over the rows shown: a busy plaintext
        // workload weighs more than an idle mTLS one.
        observedMtlsShare: observed
          ? combinedObservedShare(
              rows.map(row => observed.byWorkload.get(row.workloadId)),
            )
          : undefined,
        clusters: snapshot.clusterStatuses(),
      };
      if (observed) response.sources = observed.sources;
      return response;
    },

    async visibleOwners({ credentials }) {
      const owners = new Set<string>();
      for (const ref of await visibleRefs(credentials)) {
        const owner = entities.get(ref)?.owner;
        if (owner) owners.add(owner);
      }
      return owners;
    },

    async getClusters({ credentials }) {
      const { index } = snapshot.view();
      const meshInfo = new Map(index.model.clusters.map(c => [c.cluster, c]));
      const clusters = snapshot.clusterStatuses().map(status => ({
        ...status,
        mesh: meshInfo.get(status.name),
      }));
      // Cross-cluster findings name services and workloads: they are audit
      // data, so only audit readers get them, and only for workloads they may
      // see (the same rule as the audit rows).
      if (!(await mayReadAudit(credentials))) {
        return { clusters, findings: [] };
      }
      const visible = await visibleRefs(credentials);
      return {
        clusters,
        findings: index.model.findings.filter(
          finding => !finding.cluster && findingVisible(finding, visible),
        ),
      };
    },
  };
  return service;
}
