import { NormalizedObject, KubeObject } from './normalize';
import { ResourceDefinition, resourceKey } from './resources';

/** One object in the store, with what listing needs precomputed. */
export interface StoredObject {
  /** Sort key: `<namespace>/<name>` or `<name>`, in etcd's key order. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly object: KubeObject;
  /** Serialised list items by `apiVersion`, filled on first use. */
  readonly itemJson: Map<string, string>;
}

interface ResourceIndex {
  /** Every object of the resource, sorted by key. */
  all: StoredObject[];
  /** Objects per namespace, each sorted by key. */
  byNamespace: Map<string, StoredObject[]>;
  byKey: Map<string, StoredObject>;
}

const EMPTY: readonly StoredObject[] = Object.freeze([]);

function compareKeys(a: StoredObject, b: StoredObject): number {
  if (a.key < b.key) return -1;
  return a.key > b.key ? 1 : 0;
}

function objectKey(namespace: string, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/**
 * The objects of one cluster, indexed by resource and namespace. Immutable:
 * a reload builds a new store, so a list in flight never sees half an update.
 */
export class ClusterStore {
  /** The store-wide resource version lists report. */
  readonly resourceVersion: string;
  private readonly indexes = new Map<string, ResourceIndex>();

  constructor(objects: readonly NormalizedObject[], resourceVersion: number) {
    this.resourceVersion = String(resourceVersion);
    for (const { definition, object } of objects) {
      const rk = resourceKey(definition);
      let index = this.indexes.get(rk);
      if (!index) {
        index = { all: [], byNamespace: new Map(), byKey: new Map() };
        this.indexes.set(rk, index);
      }
      const namespace = object.metadata.namespace ?? '';
      const stored: StoredObject = {
        key: objectKey(namespace, object.metadata.name),
        namespace,
        name: object.metadata.name,
        labels: object.metadata.labels ?? {},
        object,
        itemJson: new Map(),
      };
      index.all.push(stored);
      index.byKey.set(stored.key, stored);
      if (namespace) {
        const inNamespace = index.byNamespace.get(namespace) ?? [];
        inNamespace.push(stored);
        index.byNamespace.set(namespace, inNamespace);
      }
    }
    for (const index of this.indexes.values()) {
      index.all.sort(compareKeys);
      for (const list of index.byNamespace.values()) list.sort(compareKeys);
    }
  }

  /**
   * Objects of a resource in key order: all of them, or those of one
   * namespace. The array is shared; callers must not modify it.
   */
  list(
    definition: ResourceDefinition,
    namespace?: string,
  ): readonly StoredObject[] {
    const index = this.indexes.get(resourceKey(definition));
    if (!index) return EMPTY;
    if (namespace === undefined) return index.all;
    return index.byNamespace.get(namespace) ?? EMPTY;
  }

  /** One object by namespace (empty for cluster-scoped) and name. */
  get(
    definition: ResourceDefinition,
    namespace: string,
    name: string,
  ): StoredObject | undefined {
    return this.indexes
      .get(resourceKey(definition))
      ?.byKey.get(objectKey(namespace, name));
  }

  /** How many objects the store holds, over all resources. */
  get size(): number {
    let total = 0;
    for (const index of this.indexes.values()) total += index.all.length;
    return total;
  }

  /** Number of objects per resource kind, for the CLI's summary. */
  countsByKind(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const index of this.indexes.values()) {
      const first = index.all[0];
      if (first) counts[first.object.kind] = index.all.length;
    }
    return counts;
  }
}

/** Index of the first object whose key is greater than `key` (binary search). */
export function indexAfter(
  items: readonly StoredObject[],
  key: string,
): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid].key <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
