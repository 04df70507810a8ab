/**
 * Reduces objects read from a cluster to what the semantics engine reads
 * (`engine/objects.ts` `readMeta`, `engine/parse/core.ts`, `engine/parse/istio.ts`).
 *
 * Why: the stored snapshot is hashed to tell whether a cluster changed. A
 * real cluster rewrites `resourceVersion`, `managedFields`, `generation` and
 * most of `status` (probe times, container restarts, replica counters) all
 * the time, so keeping them would change the hash on nearly every refresh
 * and make every replica reload and recompute for nothing.
 *
 * Only whole fields are removed; a kept field's value is never touched, so a
 * malformed value still reaches the engine and becomes a finding.
 */

/** The top-level fields any parser reads (`data`: ConfigMaps only). */
const TOP_LEVEL_KEYS = [
  'apiVersion',
  'kind',
  'metadata',
  'spec',
  'data',
  'status',
] as const;

/** The `metadata` fields `readMeta` reads. */
const METADATA_KEYS = [
  'name',
  'namespace',
  'uid',
  'labels',
  'annotations',
  'creationTimestamp',
  'ownerReferences',
] as const;

/** Annotations no rule reads and that can be as large as the object itself. */
const DROPPED_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration',
];

/**
 * How `status` is kept per list: pods keep `phase` and each condition's
 * `type`/`status` (Ready, M6 replica counts); DaemonSets keep
 * `desiredNumberScheduled`; every other kind's status is not read at all.
 */
export type StatusRule = 'pod' | 'daemonSet' | 'none';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stripMetadata(metadata: Record<string, unknown>): unknown {
  const kept: Record<string, unknown> = {};
  for (const key of METADATA_KEYS) {
    if (key in metadata) kept[key] = metadata[key];
  }
  if (isRecord(kept.annotations)) {
    const annotations = { ...kept.annotations };
    for (const key of DROPPED_ANNOTATIONS) delete annotations[key];
    kept.annotations = annotations;
  }
  return kept;
}

function stripPodStatus(status: Record<string, unknown>): unknown {
  const kept: Record<string, unknown> = {};
  if ('phase' in status) kept.phase = status.phase;
  if ('conditions' in status) {
    const conditions = status.conditions;
    // Probe and transition times change without the readiness changing.
    kept.conditions = Array.isArray(conditions)
      ? conditions.map(c =>
          isRecord(c) ? { type: c.type, status: c.status } : c,
        )
      : conditions;
  }
  return kept;
}

function stripStatus(status: unknown, rule: StatusRule): unknown {
  if (!isRecord(status)) return status;
  if (rule === 'pod') return stripPodStatus(status);
  if (rule === 'daemonSet') {
    return 'desiredNumberScheduled' in status
      ? { desiredNumberScheduled: status.desiredNumberScheduled }
      : {};
  }
  return undefined;
}

/**
 * Returns a copy of `item` with only what the engine reads: the identifying
 * metadata, labels, annotations and owners, `spec`, `data`, and the status
 * fields given by `rule` (unknown top-level fields are dropped). Anything that is not an object is returned as is.
 */
export function stripForEngine(item: unknown, rule: StatusRule): unknown {
  if (!isRecord(item)) return item;
  const out: Record<string, unknown> = {};
  for (const key of TOP_LEVEL_KEYS) {
    if (!(key in item)) continue;
    const value = item[key];
    if (key === 'metadata') {
      out.metadata = isRecord(value) ? stripMetadata(value) : value;
    } else if (key === 'status') {
      const status = stripStatus(value, rule);
      if (status !== undefined) out.status = status;
    } else {
      out[key] = value;
    }
  }
  return out;
}
