import type { EdgeProtocol } from '@mesh-portal/plugin-mesh-common';
import type { EdgeFilters } from './graphModel';
import type { GraphGrouping } from './layout/groupedLayout';

/** Everything the explorer's view depends on, mirrored in the URL. */
export interface ExplorerFilters extends EdgeFilters {
  view: 'service' | 'workload';
  grouping: GraphGrouping;
  /** Sent to the backend. */
  cluster: string[];
  /** Sent to the backend. */
  owner: string[];
  /** Also draw workloads without traffic in the window (sent to the backend). */
  idle: boolean;
  /** Id of the node whose neighbourhood is in focus. */
  focus?: string;
}

const PROTOCOLS: EdgeProtocol[] = ['http', 'grpc', 'tcp'];
const GROUPINGS: GraphGrouping[] = ['cluster', 'system', 'owner'];

/** Reads the explorer filters from URL search params, dropping unknown values. */
export function parseExplorerFilters(params: URLSearchParams): ExplorerFilters {
  const grouping = params.get('group') as GraphGrouping | null;
  return {
    view: params.get('view') === 'workload' ? 'workload' : 'service',
    grouping: grouping && GROUPINGS.includes(grouping) ? grouping : 'cluster',
    cluster: params.getAll('cluster').filter(Boolean),
    owner: params.getAll('owner').filter(Boolean),
    idle: params.get('idle') === 'true',
    protocol: params
      .getAll('protocol')
      .filter((p): p is EdgeProtocol => PROTOCOLS.includes(p as EdgeProtocol)),
    onlyNonMtls: params.get('nonMtls') === 'true',
    onlyErrors: params.get('errors') === 'true',
    focus: params.get('focus') || undefined,
  };
}

/** Writes the explorer filters to URL search params, leaving defaults out. */
export function serializeExplorerFilters(
  filters: ExplorerFilters,
): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.view !== 'service') params.set('view', filters.view);
  if (filters.grouping !== 'cluster') params.set('group', filters.grouping);
  filters.cluster.forEach(c => params.append('cluster', c));
  filters.owner.forEach(o => params.append('owner', o));
  if (filters.idle) params.set('idle', 'true');
  filters.protocol.forEach(p => params.append('protocol', p));
  if (filters.onlyNonMtls) params.set('nonMtls', 'true');
  if (filters.onlyErrors) params.set('errors', 'true');
  if (filters.focus) params.set('focus', filters.focus);
  return params;
}
