import type { MeshClusterConfig } from '../config';
import type { ClusterObjects } from '../engine/types';
import { isIstiodDeploymentObject, isIstiodPodObject } from './istiod';
import type { RawClusterLists } from './readClusterLists';
import { nameOf, namespaceOf } from './rawMetadata';
import { type StatusRule, stripForEngine } from './stripForEngine';

/**
 * Turns one cluster's raw lists into the engine's input: excluded namespaces'
 * workloads dropped, only Istio's own ConfigMaps kept, and every object
 * reduced to what the engine reads ({@link stripForEngine}), so that the
 * snapshot's hash changes only when something the engine sees does. Pure.
 */
export function toClusterObjects(
  cluster: Pick<MeshClusterConfig, 'name' | 'istioClusterId' | 'rootNamespace'>,
  raw: RawClusterLists,
  excludeNamespaces: readonly string[] = [],
): ClusterObjects {
  const rootNamespace = cluster.rootNamespace ?? 'istio-system';
  // Exclusion hides workloads, never the mesh's own configuration: Istio
  // config, its ConfigMaps and istiod decide every workload's mTLS and
  // membership, even when their namespace is excluded.
  const excluded = new Set(excludeNamespaces);
  const included = (item: unknown) => {
    const namespace = namespaceOf(item);
    return namespace === undefined || !excluded.has(namespace);
  };
  const workloads = (
    items: unknown[],
    rule: StatusRule,
    keepAnyway: (item: unknown) => boolean = () => false,
  ) =>
    items
      .filter(item => included(item) || keepAnyway(item))
      .map(item => stripForEngine(item, rule));
  const config = (items: unknown[]) =>
    items.map(item => stripForEngine(item, 'none'));

  const istioNamedConfigMaps = [
    ...raw.rootConfigMaps,
    ...raw.istiodConfigMaps,
  ].filter(item => (nameOf(item) ?? '').startsWith('istio'));
  const caRootCerts = raw.caRootCerts.filter(
    item => namespaceOf(item) !== rootNamespace,
  );

  return {
    cluster: cluster.name,
    istioClusterId: cluster.istioClusterId,
    rootNamespace: cluster.rootNamespace,
    ...(raw.injectorRevisions
      ? { injectorRevisions: raw.injectorRevisions }
      : {}),
    namespaces: raw.namespaces
      .filter(item => !excluded.has(nameOf(item) ?? ''))
      .map(item => stripForEngine(item, 'none')),
    pods: workloads(raw.pods, 'pod', isIstiodPodObject),
    services: workloads(raw.services, 'none'),
    configMaps: config([...istioNamedConfigMaps, ...caRootCerts]),
    deployments: workloads(raw.deployments, 'none', isIstiodDeploymentObject),
    replicaSets: workloads(raw.replicaSets, 'none'),
    statefulSets: workloads(raw.statefulSets, 'none'),
    daemonSets: workloads(raw.daemonSets, 'daemonSet'),
    jobs: workloads(raw.jobs, 'none'),
    cronJobs: workloads(raw.cronJobs, 'none'),
    peerAuthentications: config(raw.peerAuthentications),
    destinationRules: config(raw.destinationRules),
  };
}
