import type { AuditQuery, GraphResponse } from '../types/api';
import type { CoverageClass, WorkloadMembership } from '../types/model';

/**
 * The columns the audit can be sorted by.
 * @public
 */
export const AUDIT_SORT_KEYS = [
  'workload',
  'entity',
  'owner',
  'cluster',
  'namespace',
  'coverage',
  'mode',
  'observedMtlsShare',
  'observedOutboundMtlsShare',
  'findings',
] as const satisfies ReadonlyArray<NonNullable<AuditQuery['sort']>>;

/**
 * Every coverage class, in the order the audit shows them.
 * @public
 */
export const COVERAGE_CLASSES = [
  'strict',
  'meshed-not-strict',
  'outside',
  'infrastructure',
] as const satisfies ReadonlyArray<CoverageClass>;

/**
 * Every membership state of a workload.
 * @public
 */
export const MEMBERSHIP_STATES = [
  'sidecar',
  'ambient',
  'ambient-pending',
  'infrastructure',
  'none',
  'partial',
  'unknown',
] as const satisfies ReadonlyArray<WorkloadMembership>;

/**
 * Groupings of the coverage history.
 * @public
 */
export const HISTORY_GROUP_BYS = [
  'all',
  'owner',
  'cluster',
  'namespace',
] as const;

/**
 * The key that stands for "no owner" wherever rows or series are grouped by
 * owner (audit breakdowns, history series `owner:unowned`, filters).
 * @public
 */
export const UNOWNED_KEY = 'unowned';

/**
 * Where the data of a traffic answer came from (`GraphResponse.collection`,
 * `InboundMtlsResponse.collection`): collected ahead of requests by the
 * backend, or queried for the request.
 * @public
 */
export const TELEMETRY_COLLECTIONS = [
  'background',
  'on-demand',
] as const satisfies ReadonlyArray<NonNullable<GraphResponse['collection']>>;
