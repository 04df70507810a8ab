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
  /** Serialised whole objects (watch events, get) by `apiVersion`, filled on first use. */
  readonly objectJson: Map<string, string>;
}

/** A change to one object: its new state, or `undefined` for a deletion. */
export interface StoreChange {
  definition: ResourceDefinition;
  namespace: string;
  name: string;
  object?: KubeObject;
}

interface ResourceIndex {
  definition: ResourceDefinition;
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

function toStored(object: KubeObject): StoredObject {
  const namespace = object.metadata.namespace ?? '';
  return {
    key: objectKey(namespace, object.metadata.name),
    namespace,
    name: object.metadata.name,
    labels: object.metadata.labels ?? {},
    object,
    itemJson: new Map(),
    objectJson: new Map(),
  };
}

/** Puts `item` into a sorted array in place, replacing one with the same key. */
function upsertSorted(list: StoredObject[], item: StoredObject): void {
  const at = indexAfter(list, item.key);
  if (at > 0 && list[at - 1].key === item.key) list[at - 1] = item;
  else list.splice(at, 0, item);
}

function removeSorted(list: StoredObject[], key: string): void {
  const at = indexAfter(list, key);
  if (at > 0 && list[at - 1].key === key) list.splice(at - 1, 1);
}

/**
 * The objects of one cluster, indexed by resource and namespace. Immutable:
 * a change builds a new store (copy-on-write per changed resource), so a list
 * in flight never sees half an update and older snapshots can still serve
 * continue tokens.
 */
export class ClusterStore {
  /** The store-wide resource version lists report. */
  readonly resourceVersion: string;
  private readonly indexes: Map<string, ResourceIndex>;

  constructor(
    objects: readonly NormalizedObject[],
    resourceVersion: number,
    base?: ReadonlyMap<string, ResourceIndex>,
  ) {
    this.resourceVersion = String(resourceVersion);
    this.indexes = new Map(base);
    if (base) return;
    for (const { definition, object } of objects) {
      const rk = resourceKey(definition);
      let index = this.indexes.get(rk);
      if (!index) {
        index = {
          definition,
          all: [],
          byNamespace: new Map(),
          byKey: new Map(),
        };
        this.indexes.set(rk, index);
      }
      const namespace = object.metadata.namespace ?? '';
      const stored = toStored(object);
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

  /**
   * A new store with `changes` applied, at `resourceVersion`. Only the
   * indexes of changed resources are copied; unchanged objects (and their
   * cached JSON) are shared with this store.
   */
  withChanges(
    changes: readonly StoreChange[],
    resourceVersion: number,
  ): ClusterStore {
    const next = new ClusterStore([], resourceVersion, this.indexes);
    const copied = new Set<ResourceIndex>();
    const copiedLists = new Set<StoredObject[]>();
    for (const change of changes) {
      const rk = resourceKey(change.definition);
      const current = next.indexes.get(rk);
      let index: ResourceIndex;
      if (!current) {
        index = {
          definition: change.definition,
          all: [],
          byNamespace: new Map(),
          byKey: new Map(),
        };
        next.indexes.set(rk, index);
        copied.add(index);
      } else if (copied.has(current)) {
        index = current;
      } else {
        index = {
          definition: current.definition,
          all: [...current.all],
          byNamespace: new Map(),
          byKey: new Map(current.byKey),
        };
        for (const [ns, list] of current.byNamespace) {
          index.byNamespace.set(ns, list);
        }
        next.indexes.set(rk, index);
        copied.add(index);
      }
      const key = objectKey(change.namespace, change.name);
      let inNamespace = index.byNamespace.get(change.namespace);
      if (change.namespace && (!inNamespace || !copiedLists.has(inNamespace))) {
        inNamespace = [...(inNamespace ?? [])];
        copiedLists.add(inNamespace);
        index.byNamespace.set(change.namespace, inNamespace);
      }
      if (change.object) {
        const stored = toStored(change.object);
        upsertSorted(index.all, stored);
        if (inNamespace) upsertSorted(inNamespace, stored);
        index.byKey.set(key, stored);
      } else {
        removeSorted(index.all, key);
        if (inNamespace) removeSorted(inNamespace, key);
        index.byKey.delete(key);
      }
    }
    return next;
  }

  /** Every resource the store holds objects of, with its objects in key order. */
  resources(): Array<{
    definition: ResourceDefinition;
    items: readonly StoredObject[];
  }> {
    return [...this.indexes.values()].map(index => ({
      definition: index.definition,
      items: index.all,
    }));
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
