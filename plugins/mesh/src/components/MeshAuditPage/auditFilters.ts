import {
  AUDIT_SORT_KEYS,
  COVERAGE_CLASSES,
  WORKLOAD_ID_LENGTH_MAX,
  type AuditFindingsQuery,
  type AuditQuery,
  type CoverageClass,
  type FindingSeverity,
} from '@mesh-portal/plugin-mesh-common';

/** Sortable columns of the audit table. */
export type AuditSortKey = NonNullable<AuditQuery['sort']>;

/**
 * Everything the audit page's view depends on; mirrored in the URL query
 * string so that a filtered view can be shared as a link.
 */
export interface AuditFilters {
  owner: string[];
  cluster: string[];
  namespace: string[];
  system: string[];
  state: CoverageClass[];
  notStrict: boolean;
  /** Restrict owners to the signed-in user's teams. */
  myTeams: boolean;
  q: string;
  sort?: AuditSortKey;
  order: 'asc' | 'desc';
  /** Zero-based page index. */
  page: number;
  pageSize: number;
  /**
   * The open list of findings: `all`, a severity, or a workload id; absent
   * when no list is open. In the URL too, so the list survives a reload and
   * Back closes it.
   */
  findings?: string;
}

const SEVERITIES: readonly string[] = ['error', 'warning', 'info'];

/** Page sizes offered by the table; the backend pages, so rows stay few. */
export const PAGE_SIZES = [25, 50, 100];

const SORT_KEYS: readonly AuditSortKey[] = AUDIT_SORT_KEYS;

/** Default (unfiltered) view. */
export const DEFAULT_AUDIT_FILTERS: AuditFilters = {
  owner: [],
  cluster: [],
  namespace: [],
  system: [],
  state: [],
  notStrict: false,
  myTeams: false,
  q: '',
  order: 'asc',
  page: 0,
  pageSize: PAGE_SIZES[0],
};

function nonNegativeInt(value: string | null, fallback: number): number {
  if (value === null || !/^\d{1,6}$/.test(value)) return fallback;
  return Number(value);
}

/**
 * Reads filters from URL search params. Unknown values are dropped rather
 * than rejected: a hand-edited link should still open a sensible view.
 */
export function parseAuditFilters(params: URLSearchParams): AuditFilters {
  const sort = params.get('sort') as AuditSortKey | null;
  const pageSize = nonNegativeInt(params.get('pageSize'), PAGE_SIZES[0]);
  return {
    owner: params.getAll('owner').filter(Boolean),
    cluster: params.getAll('cluster').filter(Boolean),
    namespace: params.getAll('namespace').filter(Boolean),
    system: params.getAll('system').filter(Boolean),
    state: params
      .getAll('state')
      .filter((s): s is CoverageClass =>
        COVERAGE_CLASSES.includes(s as CoverageClass),
      ),
    notStrict: params.get('notStrict') === 'true',
    myTeams: params.get('myTeams') === 'true',
    q: params.get('q') ?? '',
    sort: sort && SORT_KEYS.includes(sort) ? sort : undefined,
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
    page: nonNegativeInt(params.get('page'), 0),
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : PAGE_SIZES[0],
    findings: findingsParam(params.get('findings')),
  };
}

function findingsParam(value: string | null): string | undefined {
  if (!value || value.length > WORKLOAD_ID_LENGTH_MAX) return undefined;
  return value;
}

/** Writes filters to URL search params, leaving defaults out. */
export function serializeAuditFilters(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  const lists = ['owner', 'cluster', 'namespace', 'system', 'state'] as const;
  for (const key of lists) {
    filters[key].forEach(value => params.append(key, value));
  }
  if (filters.notStrict) params.set('notStrict', 'true');
  if (filters.myTeams) params.set('myTeams', 'true');
  if (filters.q) params.set('q', filters.q);
  if (filters.sort) params.set('sort', filters.sort);
  if (filters.order === 'desc') params.set('order', 'desc');
  if (filters.page > 0) params.set('page', String(filters.page));
  if (filters.pageSize !== PAGE_SIZES[0]) {
    params.set('pageSize', String(filters.pageSize));
  }
  if (filters.findings) params.set('findings', filters.findings);
  return params;
}

/**
 * Turns the view's filters into the backend query. With "my teams" on, the
 * owner filter becomes the user's teams (narrowed by any owner also picked).
 *
 * @param myTeamRefs - the signed-in user's ownership entity refs
 * @param paging - false for the CSV export, which is never paged
 */
export function toAuditQuery(
  filters: AuditFilters,
  myTeamRefs: string[] = [],
  paging = true,
): AuditQuery {
  let owner = filters.owner;
  if (filters.myTeams) {
    owner = owner.length
      ? owner.filter(ref => myTeamRefs.includes(ref))
      : myTeamRefs;
    // Nothing in common: keep a filter that matches nothing rather than
    // silently dropping it and showing everyone's workloads.
    if (!owner.length) owner = ['<none>'];
  }
  const query: AuditQuery = {};
  if (owner.length) query.owner = owner;
  if (filters.cluster.length) query.cluster = filters.cluster;
  if (filters.namespace.length) query.namespace = filters.namespace;
  if (filters.system.length) query.system = filters.system;
  if (filters.state.length) query.state = filters.state;
  if (filters.notStrict) query.notStrict = true;
  if (filters.q.trim()) query.q = filters.q.trim();
  if (filters.sort) {
    query.sort = filters.sort;
    query.order = filters.order;
  }
  if (paging) {
    query.offset = filters.page * filters.pageSize;
    query.limit = filters.pageSize;
  }
  return query;
}

/**
 * The backend query of the open findings list: the page's filters (unpaged),
 * narrowed to a severity or one workload.
 */
export function toFindingsQuery(
  filters: AuditFilters,
  myTeamRefs: string[] = [],
): AuditFindingsQuery {
  const query: AuditFindingsQuery = toAuditQuery(filters, myTeamRefs, false);
  delete query.sort;
  delete query.order;
  const open = filters.findings;
  if (open && SEVERITIES.includes(open)) {
    query.severity = open as FindingSeverity;
  } else if (open && open !== 'all') {
    query.workload = open;
  }
  return query;
}
