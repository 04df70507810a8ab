import { createHash } from 'node:crypto';
import {
  ResourceCatalog,
  ResourceDefinition,
  parseApiVersion,
} from './resources';
import { RawManifestDocument } from './manifests';

/** A Kubernetes object as the simulator stores and serves it. */
export type KubeObject = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown> & {
    name: string;
    namespace?: string;
    uid: string;
    creationTimestamp: string;
    resourceVersion: string;
    labels?: Record<string, string>;
  };
};

/** An object ready for the store, with the definition it is served under. */
export interface NormalizedObject {
  definition: ResourceDefinition;
  object: KubeObject;
}

/** Options of {@link normalizeDocuments}. */
export interface NormalizeOptions {
  /** Cluster name, mixed into generated UIDs so clusters do not share them. */
  cluster: string;
  /** Timestamp given to objects without `metadata.creationTimestamp`. */
  now: Date;
  /** Resource versions handed out start after this number. */
  startResourceVersion: number;
  catalog: ResourceCatalog;
}

/** Result of {@link normalizeDocuments}. */
export interface NormalizeResult {
  objects: NormalizedObject[];
  /** Documents skipped or repaired, one readable line each. */
  warnings: string[];
  /** Highest resource version in use after loading. */
  resourceVersion: number;
}

/** Namespaces every real cluster has, created when the manifests lack them. */
const BUILT_IN_NAMESPACES = [
  'default',
  'kube-node-lease',
  'kube-public',
  'kube-system',
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A stable UUID-shaped id, so restarts serve the same UIDs. */
function deterministicUid(parts: string[]): string {
  const hex = createHash('sha1').update(parts.join('\u0000')).digest('hex');
  // Shape it like a version-5 UUID.
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `5${hex.slice(13, 16)}`,
    ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16) +
      hex.slice(18, 20),
    hex.slice(20, 32),
  ].join('-');
}

/** RFC 3339 without fractional seconds, as the API server writes timestamps. */
function formatTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function normalizeLabels(
  value: unknown,
  where: string,
  warnings: string[],
): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) {
    warnings.push(`${where}: metadata.labels is not a map; ignored`);
    return undefined;
  }
  const labels: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') {
      warnings.push(
        `${where}: label ${key} is not a string; served as "${String(v)}"`,
      );
    }
    labels[key] = v === null || v === undefined ? '' : String(v);
  }
  return labels;
}

/**
 * Turns raw manifest documents into the objects an API server would hold:
 * fills in `uid`, `creationTimestamp` (kept when present), `resourceVersion`
 * and the `default` namespace, creates namespaces that objects refer to, and
 * skips (with a warning) what no API server would accept.
 */
export function normalizeDocuments(
  documents: RawManifestDocument[],
  options: NormalizeOptions,
): NormalizeResult {
  const warnings: string[] = [];
  const byKey = new Map<string, NormalizedObject>();
  const needsVersion: KubeObject[] = [];
  let maxVersion = options.startResourceVersion;
  const now = formatTimestamp(options.now);

  const add = (definition: ResourceDefinition, object: KubeObject) => {
    const key = `${definition.group}/${definition.resource}/${
      object.metadata.namespace ?? ''
    }/${object.metadata.name}`;
    if (byKey.has(key)) {
      warnings.push(
        `duplicate ${definition.kind} ${
          object.metadata.namespace ? `${object.metadata.namespace}/` : ''
        }${object.metadata.name}: the later document wins`,
      );
      byKey.delete(key);
    }
    byKey.set(key, { definition, object });
  };

  for (const { file, value } of documents) {
    if (!isRecord(value)) {
      warnings.push(`${file}: a document is not an object; skipped`);
      continue;
    }
    const { apiVersion, kind } = value;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
      warnings.push(`${file}: a document lacks apiVersion or kind; skipped`);
      continue;
    }
    const { group } = parseApiVersion(apiVersion);
    const definition = options.catalog.findByGroupKind(group, kind);
    if (!definition) {
      warnings.push(`${file}: ${apiVersion} ${kind} is not served; skipped`);
      continue;
    }
    const metadata = isRecord(value.metadata) ? { ...value.metadata } : {};
    const name = metadata.name;
    if (typeof name !== 'string' || name === '') {
      warnings.push(`${file}: a ${kind} has no metadata.name; skipped`);
      continue;
    }
    const where = `${file}: ${kind} ${name}`;
    if (definition.namespaced) {
      if (typeof metadata.namespace !== 'string' || metadata.namespace === '') {
        metadata.namespace = 'default';
      }
    } else {
      delete metadata.namespace;
    }
    const labels = normalizeLabels(metadata.labels, where, warnings);
    if (labels) metadata.labels = labels;
    else delete metadata.labels;
    if (typeof metadata.uid !== 'string' || metadata.uid === '') {
      metadata.uid = deterministicUid([
        options.cluster,
        definition.group,
        kind,
        String(metadata.namespace ?? ''),
        name,
      ]);
    }
    if (
      typeof metadata.creationTimestamp !== 'string' ||
      metadata.creationTimestamp === ''
    ) {
      metadata.creationTimestamp = now;
    }
    // The API server writes kind and apiVersion first.
    const object = { kind, apiVersion, ...value, metadata } as KubeObject;
    const rv = metadata.resourceVersion;
    if (typeof rv === 'string' && /^\d+$/.test(rv)) {
      maxVersion = Math.max(maxVersion, Number(rv));
    } else {
      needsVersion.push(object);
    }
    add(definition, object);
  }

  const namespaceDef = options.catalog.findByGroupKind('', 'Namespace');
  if (namespaceDef) {
    const declared = new Set<string>();
    const referenced = new Set<string>(BUILT_IN_NAMESPACES);
    for (const { definition, object } of byKey.values()) {
      if (definition === namespaceDef) declared.add(object.metadata.name);
      if (object.metadata.namespace) referenced.add(object.metadata.namespace);
    }
    for (const ns of [...referenced].sort()) {
      if (declared.has(ns)) continue;
      const object: KubeObject = {
        kind: 'Namespace',
        apiVersion: 'v1',
        metadata: {
          name: ns,
          uid: deterministicUid([options.cluster, '', 'Namespace', '', ns]),
          creationTimestamp: now,
          resourceVersion: '',
          labels: { 'kubernetes.io/metadata.name': ns },
        },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      };
      needsVersion.push(object);
      add(namespaceDef, object);
    }
  }

  for (const object of needsVersion) {
    maxVersion += 1;
    object.metadata.resourceVersion = String(maxVersion);
  }
  return {
    objects: [...byKey.values()],
    warnings,
    resourceVersion: maxVersion,
  };
}
