import type { ClusterObjects } from './types';

/**
 * A cluster input with every list empty: the one starting point for building
 * `ClusterObjects` by hand (tests, benchmarks, fakes of the collector).
 * @public
 */
export function emptyClusterObjects(
  cluster: string,
  lists: Partial<Omit<ClusterObjects, 'cluster'>> = {},
): ClusterObjects {
  return {
    cluster,
    namespaces: [],
    pods: [],
    services: [],
    configMaps: [],
    deployments: [],
    replicaSets: [],
    statefulSets: [],
    daemonSets: [],
    jobs: [],
    cronJobs: [],
    peerAuthentications: [],
    destinationRules: [],
    ...lists,
  };
}
