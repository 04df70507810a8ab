import { InputError } from '@backstage/errors';
import type { QueryScope } from '../queries';
import { scopeMatchers } from '../queries';

/**
 * Names of the readiness queries, in the order they are sent.
 * @public
 */
export type ReadinessQueryName =
  | 'readiness_requests'
  | 'readiness_connections'
  | 'readiness_plaintext_last_seen';

/**
 * One readiness query.
 * @public
 */
export interface ReadinessQuery {
  name: ReadinessQueryName;
  promql: string;
}

/** The labels naming both ends of an inbound edge (workload level). */
export const READINESS_PAIR_LABELS = [
  'source_cluster',
  'source_workload_namespace',
  'source_workload',
  'source_principal',
  'destination_cluster',
  'destination_workload_namespace',
  'destination_workload',
] as const;

/** Longest window accepted: Prometheus's default retention is 15 days. */
const MAX_WINDOW_SECONDS = 30 * 24 * 3600;

/**
 * Canonical seconds of a readiness window (`7d`, `36h`...): at least one
 * hour (the last-seen step), at most 30 days.
 */
export function readinessWindowSeconds(window: string): number {
  const match = /^(\d{1,4})([hd])$/.exec(window);
  if (!match) {
    throw new InputError(
      `readiness window must be hours or days, e.g. 7d, got ${JSON.stringify(
        window.slice(0, 20),
      )}`,
    );
  }
  const seconds = Number(match[1]) * (match[2] === 'd' ? 86_400 : 3_600);
  if (seconds < 3_600 || seconds > MAX_WINDOW_SECONDS) {
    throw new InputError('readiness window must be from 1h to 30d');
  }
  return seconds;
}

/**
 * The readiness query set of one Prometheus: three queries whatever the
 * number of workloads or namespaces, all on destination reports (only they
 * know the security of what arrived, O1):
 *
 * 1. `readiness_requests`: requests per caller and destination workload over
 *    the window, by `connection_security_policy` (`none` is plaintext);
 * 2. `readiness_connections`: the same for TCP connections opened;
 * 3. `readiness_plaintext_last_seen`: when plaintext last arrived per caller
 *    and destination (hourly resolution, a subquery over plaintext series
 *    only, which are few).
 *
 * `scope` restricts a store to the series it serves (one cluster, or a
 * shared store without the clusters that have their own), as the graph's
 * queries do, so no series is counted twice.
 * @public
 */
export function buildReadinessQueries(options: {
  window: string;
  scope?: QueryScope;
}): ReadinessQuery[] {
  const seconds = readinessWindowSeconds(options.window);
  const range = `${seconds}s`;
  const sel = scopeMatchers(options.scope);
  const pair = READINESS_PAIR_LABELS.join(',');
  const by = `${pair},connection_security_policy`;
  return [
    {
      name: 'readiness_requests',
      promql: `sum by (${by}) (increase(istio_requests_total{reporter=~"destination|waypoint"${sel}}[${range}])) > 0`,
    },
    {
      name: 'readiness_connections',
      promql: `sum by (${by}) (increase(istio_tcp_connections_opened_total{reporter="destination",app!="ztunnel"${sel}}[${range}])) > 0`,
    },
    {
      name: 'readiness_plaintext_last_seen',
      promql: `max by (${pair}) (max_over_time((timestamp(sum by (${pair}) (rate(istio_requests_total{reporter=~"destination|waypoint",connection_security_policy="none"${sel}}[1h])) > 0) or timestamp(sum by (${pair}) (rate(istio_tcp_connections_opened_total{reporter="destination",app!="ztunnel",connection_security_policy="none"${sel}}[1h])) > 0))[${range}:1h]))`,
    },
  ];
}
