import type { GraphNode } from '@mesh-portal/plugin-mesh-common';
import type { LinkTemplate } from '../../config/telemetryConfig';
import { renderLinks } from '../../links';
import type { WorkloadDirectory } from '../types';
import { parseWorkloadId } from './entityWorkloads';

/**
 * Adds the configured link-outs (Grafana, traces, Kiali) to workload nodes;
 * other nodes, and every node when no template is configured, are returned
 * as they are.
 */
export function nodeLinker(options: {
  links: LinkTemplate[];
  directory: WorkloadDirectory;
  clusterIds: () => Map<string, string>;
}): (node: GraphNode) => GraphNode {
  const { links: templates, directory, clusterIds } = options;
  return node => {
    if (node.type !== 'workload' || templates.length === 0) return node;
    const istioIds = [...clusterIds()].filter(
      ([, name]) => name === node.cluster,
    );
    const parsed = parseWorkloadId(node.id);
    const entry =
      node.cluster && node.namespace
        ? directory.findWorkload(node.cluster, node.namespace, node.name)
        : undefined;
    const links = renderLinks(templates, {
      cluster: node.cluster,
      istioClusterId: istioIds[0]?.[0],
      namespace: node.namespace,
      workload: node.name,
      kind:
        entry?.kind ?? (parsed?.kind !== 'workload' ? parsed?.kind : undefined),
      service: entry?.service,
      entity: node.entityRef,
    });
    return links.length > 0 ? { ...node, links } : node;
  };
}
