import type { GraphNode } from '@mesh-portal/plugin-mesh-common';
import type { WorkloadDirectory, WorkloadEntry } from '../types';
import type { EndpointRef, EntityInfo } from './model';

/**
 * Joins telemetry endpoints to graph nodes through the workload directory,
 * memoising lookups so each workload is looked up once per graph.
 */
export class NodeResolver {
  readonly nodes = new Map<string, GraphNode>();
  readonly entities = new Map<string, EntityInfo>();
  /** Workload nodes the directory did not know (see `TrafficGraph.unresolved`). */
  readonly unresolved = new Set<string>();
  readonly #byKey = new Map<string, string>();
  readonly #directory: WorkloadDirectory;

  constructor(directory: WorkloadDirectory) {
    this.#directory = directory;
  }

  /** The id of the node for an endpoint, creating the node on first use. */
  idOf(ref: EndpointRef): string {
    if (ref.kind === 'unknown') {
      // One unknown source per cluster, as Kiali keeps (G4).
      const id = ref.cluster ? `unknown:${ref.cluster}` : 'unknown';
      if (!this.nodes.has(id)) {
        const node: GraphNode = { id, type: 'unknown', name: 'unknown' };
        if (ref.cluster) node.cluster = ref.cluster;
        this.nodes.set(id, node);
      }
      return id;
    }
    if (ref.kind === 'unknown-destination') {
      // One unknown destination per namespace (G4 `svc_<cluster>_<ns>_unknown`).
      const id = `unknown-destination:${ref.cluster ?? ''}/${
        ref.namespace ?? ''
      }`;
      if (!this.nodes.has(id)) {
        const node: GraphNode = { id, type: 'unknown', name: 'unknown' };
        if (ref.cluster) node.cluster = ref.cluster;
        if (ref.namespace) node.namespace = ref.namespace;
        this.nodes.set(id, node);
      }
      return id;
    }
    if (ref.kind === 'external') {
      const id = `external:${ref.host}`;
      if (!this.nodes.has(id)) {
        this.nodes.set(id, { id, type: 'external', name: ref.host });
      }
      return id;
    }
    const key = `${ref.cluster}\u0000${ref.namespace}\u0000${ref.name}`;
    const cached = this.#byKey.get(key);
    if (cached) return cached;
    const entry = this.#directory.findWorkload(
      ref.cluster,
      ref.namespace,
      ref.name,
    );
    const id =
      entry?.workloadId ??
      `${ref.cluster}/${ref.namespace}/workload/${ref.name}`;
    this.#byKey.set(key, id);
    if (!entry) this.unresolved.add(id);
    if (!this.nodes.has(id)) {
      const node: GraphNode = entry
        ? workloadNodeOf(entry)
        : {
            id,
            type: 'workload',
            cluster: ref.cluster,
            namespace: ref.namespace,
            name: ref.name,
          };
      if (entry?.entity && !this.entities.has(entry.entity.ref)) {
        this.entities.set(entry.entity.ref, entry.entity);
      }
      this.nodes.set(id, node);
    }
    return id;
  }
}

/** The graph node of a workload the directory knows. */
export function workloadNodeOf(entry: WorkloadEntry): GraphNode {
  const node: GraphNode = {
    id: entry.workloadId,
    type: 'workload',
    cluster: entry.cluster,
    namespace: entry.namespace,
    name: entry.name,
  };
  if (entry.membership) node.membership = entry.membership;
  if (entry.nativeSidecar !== undefined) {
    node.nativeSidecar = entry.nativeSidecar;
  }
  if (entry.entity) {
    node.entityRef = entry.entity.ref;
    if (entry.entity.title) node.title = entry.entity.title;
    if (entry.entity.owner) node.owner = entry.entity.owner;
    if (entry.entity.system) node.system = entry.entity.system;
  }
  return node;
}
