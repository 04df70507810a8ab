/**
 * Safe readers for objects of unknown shape.
 *
 * Every object the engine reads comes from a cluster we do not control, so
 * nothing is trusted: each reader returns `undefined` for a missing value and
 * records an issue when a value is present but has the wrong type. `null` is
 * treated as absent (the Kubernetes API omits or nulls optional fields), so it
 * is never an issue for an optional field; required fields are checked by the
 * callers.
 */

/** A plain JSON object. */
export type JsonObject = Record<string, unknown>;

/**
 * Collects the problems found while reading one object, as short texts such
 * as `spec.mtls.mode: expected a string`.
 */
export class IssueList {
  readonly items: string[] = [];

  /** Records a problem at `path`. */
  add(path: string, problem: string): void {
    // A thousand problems in one object say nothing more than the first few.
    if (this.items.length < 20) {
      this.items.push(path ? `${path}: ${problem}` : problem);
    }
  }

  /** Whether nothing was recorded. */
  get empty(): boolean {
    return this.items.length === 0;
  }
}

/** Whether `value` is a plain object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

function joinPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Reads a nested object; records an issue when the value is not one. */
export function readObject(
  parent: JsonObject | undefined,
  key: string,
  path: string,
  issues: IssueList,
): JsonObject | undefined {
  const value = parent?.[key];
  if (value === undefined || value === null) return undefined;
  if (isObject(value)) return value;
  issues.add(joinPath(path, key), `expected an object, got ${describe(value)}`);
  return undefined;
}

/** Reads a string; records an issue when the value is not one. */
export function readString(
  parent: JsonObject | undefined,
  key: string,
  path: string,
  issues: IssueList,
): string | undefined {
  const value = parent?.[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  issues.add(joinPath(path, key), `expected a string, got ${describe(value)}`);
  return undefined;
}

/** Reads a finite number; records an issue when the value is not one. */
export function readNumber(
  parent: JsonObject | undefined,
  key: string,
  path: string,
  issues: IssueList,
): number | undefined {
  const value = parent?.[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  issues.add(joinPath(path, key), `expected a number, got ${describe(value)}`);
  return undefined;
}

/** Reads a port number (integer 1-65535); records an issue otherwise. */
export function readPort(
  parent: JsonObject | undefined,
  key: string,
  path: string,
  issues: IssueList,
): number | undefined {
  const value = readNumber(parent, key, path, issues);
  if (value === undefined) return undefined;
  if (Number.isInteger(value) && value >= 1 && value <= 65535) return value;
  issues.add(joinPath(path, key), `${value} is not a valid port number`);
  return undefined;
}

/** Reads a boolean; records an issue when the value is not one. */
export function readBoolean(
  parent: JsonObject | undefined,
  key: string,
  path: string,
  issues: IssueList,
): boolean | undefined {
  const value = parent?.[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  issues.add(joinPath(path, key), `expected a boolean, got ${describe(value)}`);
  return undefined;
}

/** Reads an array; records an issue when the value is not one. */
export function readArray(
  parent: JsonObject | undefined,
  key: string,
  path: string,
  issues: IssueList,
): unknown[] {
  const value = parent?.[key];
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  issues.add(joinPath(path, key), `expected an array, got ${describe(value)}`);
  return [];
}

/**
 * Reads an array of objects, dropping (and recording) elements that are not
 * objects. Calls `each` with the element and its path.
 */
export function readObjectArray<T>(
  parent: JsonObject | undefined,
  key: string,
  path: string,
  issues: IssueList,
  each: (item: JsonObject, itemPath: string) => T | undefined,
): T[] {
  const out: T[] = [];
  const items = readArray(parent, key, path, issues);
  const listPath = items.length > 0 ? joinPath(path, key) : '';
  for (let i = 0; i < items.length; i++) {
    const itemPath = `${listPath}[${i}]`;
    const item = items[i];
    if (!isObject(item)) {
      issues.add(itemPath, `expected an object, got ${describe(item)}`);
      continue;
    }
    const parsed = each(item, itemPath);
    if (parsed !== undefined) out.push(parsed);
  }
  return out;
}

/** Reads an array of strings, dropping (and recording) other elements. */
export function readStringArray(
  parent: JsonObject | undefined,
  key: string,
  path: string,
  issues: IssueList,
): string[] | undefined {
  const value = parent?.[key];
  if (value === undefined || value === null) return undefined;
  const items = readArray(parent, key, path, issues);
  const out: string[] = [];
  items.forEach((item, i) => {
    if (typeof item === 'string') out.push(item);
    else {
      issues.add(
        `${joinPath(path, key)}[${i}]`,
        `expected a string, got ${describe(item)}`,
      );
    }
  });
  return out;
}

/**
 * Reads a string-to-string map such as labels, dropping (and recording)
 * entries whose value is not a string.
 */
export function readStringMap(
  parent: JsonObject | undefined,
  key: string,
  path: string,
  issues: IssueList,
): Record<string, string> {
  const value = readObject(parent, key, path, issues);
  const out: Record<string, string> = {};
  if (!value) return out;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out[k] = v;
    else
      issues.add(
        `${joinPath(path, key)}.${k}`,
        `expected a string, got ${describe(v)}`,
      );
  }
  return out;
}

/** Common metadata of a Kubernetes object. */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Milliseconds since the epoch; undefined when absent or unreadable. */
  createdAt?: number;
  ownerReferences: OwnerReference[];
}

/** One entry of `metadata.ownerReferences`. */
export interface OwnerReference {
  kind: string;
  name: string;
  uid?: string;
  controller: boolean;
}

/** Reads `metadata` of a Kubernetes object. */
export function readMeta(object: JsonObject, issues: IssueList): ObjectMeta {
  const meta = readObject(object, 'metadata', '', issues);
  const created = readString(meta, 'creationTimestamp', 'metadata', issues);
  let createdAt: number | undefined;
  if (created !== undefined) {
    const parsed = Date.parse(created);
    if (Number.isNaN(parsed)) {
      issues.add('metadata.creationTimestamp', `"${created}" is not a date`);
    } else {
      createdAt = parsed;
    }
  }
  const ownerReferences = readObjectArray(
    meta,
    'ownerReferences',
    'metadata',
    issues,
    (ref, refPath) => {
      const kind = readString(ref, 'kind', refPath, issues);
      const name = readString(ref, 'name', refPath, issues);
      const uid = readString(ref, 'uid', refPath, issues);
      const controller = readBoolean(ref, 'controller', refPath, issues);
      if (!kind || !name) {
        issues.add(refPath, 'owner reference without kind or name');
        return undefined;
      }
      return { kind, name, uid, controller: controller === true };
    },
  );
  return {
    name: readString(meta, 'name', 'metadata', issues),
    namespace: readString(meta, 'namespace', 'metadata', issues),
    uid: readString(meta, 'uid', 'metadata', issues),
    labels: readStringMap(meta, 'labels', 'metadata', issues),
    annotations: readStringMap(meta, 'annotations', 'metadata', issues),
    createdAt,
    ownerReferences,
  };
}

/** Whether every entry of `selector` is present with the same value in `labels`. */
export function selectorMatches(
  selector: Record<string, string>,
  labels: Record<string, string>,
): boolean {
  for (const key in selector) {
    if (labels[key] !== selector[key]) return false;
  }
  return true;
}
