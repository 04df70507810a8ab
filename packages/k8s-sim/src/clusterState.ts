import { InputError, NotFoundError } from '@backstage/errors';
import { KubeObject, NormalizedObject, normalizeDocuments } from './normalize';
import {
  ResourceCatalog,
  ResourceDefinition,
  parseApiVersion,
} from './resources';
import { ClusterStore, StoreChange, StoredObject } from './store';
import { WatchEvent, WatchHub } from './watchHub';

/**
 * Names one object of a simulated cluster, for patch and delete.
 *
 * @public
 */
export interface ObjectReference {
  /** `v1`, `apps/v1`, `security.istio.io/v1`, ... (any served version). */
  apiVersion: string;
  kind: string;
  /** Needed for namespaced kinds; defaults to `default`. */
  namespace?: string;
  name: string;
}

/** Options of {@link ClusterState}. */
export interface ClusterStateOptions {
  cluster: string;
  catalog: ResourceCatalog;
  objects: readonly NormalizedObject[];
  resourceVersion: number;
  /** Watch events kept per resource. */
  historyLimit: number;
  bookmarkIntervalMs: number;
}

/** Older stores kept so continue tokens stay valid across a few changes. */
const SNAPSHOTS_KEPT = 16;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return patch;
  const result: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** An object's content without its resource version, to tell real changes apart. */
function contentOf(object: KubeObject): string {
  const { resourceVersion: _rv, ...metadata } = object.metadata;
  return JSON.stringify({ ...object, metadata });
}

function withVersion(object: KubeObject, version: number): KubeObject {
  return {
    ...object,
    metadata: { ...object.metadata, resourceVersion: String(version) },
  };
}

/**
 * The live objects of one simulated cluster: the current store, a few older
 * snapshots for continue tokens, and the watch hub. Every change (control-API
 * apply/patch/delete, or a reload of the manifests) gives each changed object
 * the next resource version, swaps in a new store and publishes the events.
 */
export class ClusterState {
  readonly hub: WatchHub;
  private current: ClusterStore;
  private readonly snapshots = new Map<string, ClusterStore>();

  constructor(private readonly options: ClusterStateOptions) {
    this.current = new ClusterStore(options.objects, options.resourceVersion);
    this.snapshots.set(this.current.resourceVersion, this.current);
    this.hub = new WatchHub(
      {
        historyLimit: options.historyLimit,
        bookmarkIntervalMs: options.bookmarkIntervalMs,
        currentVersion: () => this.current.resourceVersion,
      },
      options.resourceVersion,
    );
  }

  get store(): ClusterStore {
    return this.current;
  }

  /** The store as it was at `resourceVersion`, while it is kept. */
  storeAt(resourceVersion: string): ClusterStore | undefined {
    return this.snapshots.get(resourceVersion);
  }

  /**
   * Creates or replaces an object, as `kubectl apply` would end up: a replace
   * keeps the `uid` and `creationTimestamp`. A namespace the object refers to
   * is created when missing.
   *
   * @returns the object as stored.
   * @throws InputError for an object the simulator cannot serve.
   */
  apply(value: unknown): KubeObject {
    const result = normalizeDocuments([{ file: 'object', value }], {
      cluster: this.options.cluster,
      now: new Date(),
      startResourceVersion: 0,
      catalog: this.options.catalog,
    });
    const name =
      isRecord(value) && isRecord(value.metadata) && value.metadata.name;
    const kind = isRecord(value) && value.kind;
    const main = result.objects.find(
      o => o.object.kind === kind && o.object.metadata.name === name,
    );
    if (!main) {
      throw new InputError(
        `cannot apply: ${result.warnings.join('; ') || 'not a served object'}`,
      );
    }
    const { definition } = main;
    const namespace = main.object.metadata.namespace ?? '';
    const existing = this.current.get(
      definition,
      namespace,
      main.object.metadata.name,
    );
    const object = existing
      ? {
          ...main.object,
          metadata: {
            ...main.object.metadata,
            uid: existing.object.metadata.uid,
            creationTimestamp: existing.object.metadata.creationTimestamp,
          },
        }
      : main.object;
    const changes: NormalizedObject[] = [];
    const namespaceDef = this.options.catalog.findByGroupKind('', 'Namespace');
    if (
      namespace &&
      namespaceDef &&
      !this.current.get(namespaceDef, '', namespace)
    ) {
      const ns = result.objects.find(
        o =>
          o.definition === namespaceDef && o.object.metadata.name === namespace,
      );
      if (ns) changes.push(ns);
    }
    changes.push({ definition, object });
    this.commit(
      changes.map(c => ({
        definition: c.definition,
        namespace: c.object.metadata.namespace ?? '',
        name: c.object.metadata.name,
        object: c.object,
      })),
    );
    return this.current.get(definition, namespace, object.metadata.name)!
      .object;
  }

  /**
   * Applies a JSON merge patch (RFC 7386) to an object. Its identity
   * (kind, name, namespace, uid) cannot change.
   *
   * @throws NotFoundError when the object does not exist.
   */
  patch(ref: ObjectReference, patch: unknown): KubeObject {
    if (!isRecord(patch)) {
      throw new InputError('a merge patch must be a JSON object');
    }
    const { definition, existing } = this.find(ref);
    const patched = mergePatch(existing.object, patch) as KubeObject;
    const metadata = isRecord(patched.metadata) ? patched.metadata : {};
    return this.apply({
      ...patched,
      apiVersion: existing.object.apiVersion,
      kind: definition.kind,
      metadata: {
        ...metadata,
        name: existing.name,
        ...(existing.namespace ? { namespace: existing.namespace } : {}),
      },
    });
  }

  /**
   * Deletes an object (no cascade, no finalizers).
   *
   * @returns the object as it was, with the deletion's resource version.
   * @throws NotFoundError when the object does not exist.
   */
  remove(ref: ObjectReference): KubeObject {
    const { definition, existing } = this.find(ref);
    const [event] = this.commit([
      { definition, namespace: existing.namespace, name: existing.name },
    ]);
    return event.object.object;
  }

  /**
   * Replaces every object with a freshly loaded set: unchanged objects keep
   * their resource version, and watches get ADDED, MODIFIED and DELETED for
   * the differences. Continue tokens issued before expire (410), as the
   * data set was replaced.
   */
  reload(objects: readonly NormalizedObject[]): void {
    const seen = new Set<string>();
    const changes: StoreChange[] = [];
    for (const { definition, object } of objects) {
      const namespace = object.metadata.namespace ?? '';
      seen.add(
        `${definition.group}/${definition.resource}/${namespace}/${object.metadata.name}`,
      );
      const existing = this.current.get(
        definition,
        namespace,
        object.metadata.name,
      );
      if (existing && contentOf(existing.object) === contentOf(object))
        continue;
      changes.push({
        definition,
        namespace,
        name: object.metadata.name,
        object,
      });
    }
    for (const { definition, items } of this.current.resources()) {
      for (const item of items) {
        const id = `${definition.group}/${definition.resource}/${item.namespace}/${item.name}`;
        if (!seen.has(id)) {
          changes.push({
            definition,
            namespace: item.namespace,
            name: item.name,
          });
        }
      }
    }
    this.snapshots.clear();
    // Even an unchanged reload moves the version on, so continue tokens
    // handed out before it expire instead of mixing two data sets.
    this.commit(changes, true);
  }

  private find(ref: ObjectReference): {
    definition: ResourceDefinition;
    existing: StoredObject;
  } {
    const { group } = parseApiVersion(ref.apiVersion ?? '');
    const definition = this.options.catalog.findByGroupKind(group, ref.kind);
    if (!definition) {
      throw new InputError(`${ref.apiVersion} ${ref.kind} is not served`);
    }
    const namespace = definition.namespaced ? ref.namespace || 'default' : '';
    const existing = this.current.get(definition, namespace, ref.name);
    if (!existing) {
      throw new NotFoundError(
        `${ref.kind} ${namespace ? `${namespace}/` : ''}${
          ref.name
        } not found in cluster "${this.options.cluster}"`,
      );
    }
    return { definition, existing };
  }

  /** Gives each change the next version, swaps in the new store, publishes events. */
  private commit(
    changes: readonly StoreChange[],
    alwaysBump = false,
  ): WatchEvent[] {
    let version = Number(this.current.resourceVersion);
    const versioned: StoreChange[] = [];
    const events: WatchEvent[] = [];
    for (const change of changes) {
      version += 1;
      const previous = this.current.get(
        change.definition,
        change.namespace,
        change.name,
      );
      if (change.object) {
        const object = withVersion(change.object, version);
        versioned.push({ ...change, object });
        events.push({
          type: previous ? 'MODIFIED' : 'ADDED',
          definition: change.definition,
          object: { ...storedShape(object) },
          previous,
          resourceVersion: version,
        });
      } else if (previous) {
        versioned.push(change);
        events.push({
          type: 'DELETED',
          definition: change.definition,
          object: storedShape(withVersion(previous.object, version)),
          resourceVersion: version,
        });
      }
    }
    if (versioned.length === 0 && alwaysBump) version += 1;
    if (versioned.length === 0 && !alwaysBump) return [];
    this.current = this.current.withChanges(versioned, version);
    // Events carry the stored objects, so list and watch share cached JSON.
    for (const event of events) {
      if (event.type === 'DELETED') continue;
      const stored = this.current.get(
        event.definition,
        event.object.namespace,
        event.object.name,
      );
      if (stored) event.object = stored;
    }
    this.snapshots.set(this.current.resourceVersion, this.current);
    while (this.snapshots.size > SNAPSHOTS_KEPT) {
      this.snapshots.delete(this.snapshots.keys().next().value!);
    }
    this.hub.publish(events);
    return events;
  }
}

/** A stand-alone stored shape for an object that is no longer in the store. */
function storedShape(object: KubeObject): StoredObject {
  const namespace = object.metadata.namespace ?? '';
  return {
    key: namespace
      ? `${namespace}/${object.metadata.name}`
      : object.metadata.name,
    namespace,
    name: object.metadata.name,
    labels: object.metadata.labels ?? {},
    object,
    itemJson: new Map(),
    objectJson: new Map(),
  };
}
