import type { GraphNode } from '@mesh-portal/plugin-mesh-common';
import type { WorkloadDirectory } from '../types';
import type { EndpointRef, EntityInfo } from './model';

/**
 * Joins telemetry endpoints to graph nodes through the workload directory,
 * memoising lookups so each workload is looked up once per graph.
 */
export class NodeResolver {
  readonly nodes = new Map<string, GraphNode>();
  readonly entities = new Map<string, EntityInfo>();
  readonly #byKey = new Map<string, string>();
  readonly #directory: WorkloadDirectory;

  constructor(directory: WorkloadDirectory) {
    this.#directory = directory;
  }

  /** The id of the node for an endpoint, creating the node on first use. */
  idOf(ref: EndpointRef): string {
    if (ref.kind === 'unknown') {
      if (!this.nodes.has('unknown')) {
        this.nodes.set('unknown', {
          id: 'unknown',
          type: 'unknown',
          name: 'unknown',
        });
      }
      return 'unknown';
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
    if (!this.nodes.has(id)) {
      const node: GraphNode = {
        id,
        type: 'workload',
        cluster: entry?.cluster ?? ref.cluster,
        namespace: entry?.namespace ?? ref.namespace,
        name: entry?.name ?? ref.name,
      };
      if (entry?.membership) node.membership = entry.membership;
      if (entry?.entity) {
        node.entityRef = entry.entity.ref;
        if (entry.entity.title) node.title = entry.entity.title;
        if (entry.entity.owner) node.owner = entry.entity.owner;
        if (entry.entity.system) node.system = entry.entity.system;
        if (!this.entities.has(entry.entity.ref)) {
          this.entities.set(entry.entity.ref, entry.entity);
        }
      }
      this.nodes.set(id, node);
    }
    return id;
  }
}
