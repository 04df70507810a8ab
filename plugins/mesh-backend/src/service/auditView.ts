import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  MESH_REQUEST_LIMITS,
  type AuditFindingsQuery,
  type AuditFindingsResponse,
  type AuditQuery,
  type AuditResponse,
  type AuditRow,
} from '@mesh-portal/plugin-mesh-common';
import type { EntityIndex } from '../entities';
import type { SnapshotManager } from '../snapshot';
import type { ObservedMtls, TelemetryService } from '../telemetry/types';
import {
  combinedObservedShare,
  observedShareOf,
} from '../telemetry/observedShare';
import { auditRowVisible, type CallerAccess } from './access';
import { listAuditFindings } from './auditFindings';
import {
  countFindings,
  matchesAuditQuery,
  sortAuditRows,
  summarizeRows,
  toAuditRow,
} from './auditRows';

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
 * The audit: one row per workload the caller may see, with the observed
 * inbound mTLS share of each where telemetry answers in time.
 */
export class AuditView {
  constructor(
    private readonly deps: {
      logger: LoggerService;
      snapshot: SnapshotManager;
      entities: EntityIndex;
      telemetry?: TelemetryService;
    },
  ) {}

  private async observedMtls(): Promise<ObservedMtls | undefined> {
    const { telemetry, logger } = this.deps;
    if (!telemetry) return undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      // Telemetry is an extra column: a slow or unreachable Prometheus must
      // never hold the audit up, so give it a short head start only.
      return await Promise.race([
        telemetry.getObservedMtlsByWorkload(),
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

  /** The caller's rows matching the query, sorted, with the observed traffic. */
  async rows(
    query: AuditQuery,
    access: CallerAccess,
  ): Promise<{ rows: AuditRow[]; observed?: ObservedMtls }> {
    const observed = await this.observedMtls();
    return { rows: this.#matchingRows(query, access, observed), observed };
  }

  #matchingRows(
    query: AuditQuery,
    access: CallerAccess,
    observed: ObservedMtls | undefined,
  ): AuditRow[] {
    const { snapshot, entities } = this.deps;
    const { index } = snapshot.view();
    const rows: AuditRow[] = [];
    for (const workload of index.model.workloads) {
      const row = toAuditRow(
        workload,
        entities.ownerOf(workload.id),
        index.findingsByWorkload.get(workload.id)?.length ?? 0,
        observedShareOf(observed?.byWorkload.get(workload.id)),
        observedShareOf(observed?.outboundByWorkload?.get(workload.id)),
      );
      // A workload claimed by an entity the caller cannot read is hidden
      // entirely: showing it as unowned would be false, and showing its
      // owner would leak the entity.
      if (auditRowVisible(row, access) && matchesAuditQuery(row, query)) {
        rows.push(row);
      }
    }
    return sortAuditRows(rows, query);
  }

  /**
   * The distinct findings of the matching rows (no telemetry needed), each
   * with the matching workloads it touches, scoped to the caller.
   */
  findings(
    query: AuditFindingsQuery,
    access: CallerAccess,
  ): AuditFindingsResponse {
    const { index } = this.deps.snapshot.view();
    return listAuditFindings(
      this.#matchingRows(query, access, undefined),
      index,
      query,
      access,
    );
  }

  /** One page of the audit with totals over every matching row. */
  async page(query: AuditQuery, access: CallerAccess): Promise<AuditResponse> {
    const { rows, observed } = await this.rows(query, access);
    const offset = query.offset ?? 0;
    const limit = query.limit ?? MESH_REQUEST_LIMITS.auditPageSizeDefault;
    const { snapshot } = this.deps;
    const { index } = snapshot.view();
    const response: AuditResponse = {
      items: rows.slice(offset, offset + limit),
      totalItems: rows.length,
      ...summarizeRows(rows),
      findingsBySeverity: countFindings(
        rows.flatMap(row => index.findingsByWorkload.get(row.workloadId) ?? []),
      ),
      workloadsWithFindings: rows.filter(row => row.findings > 0).length,
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
  }
}
