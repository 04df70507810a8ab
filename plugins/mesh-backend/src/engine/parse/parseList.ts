import type { ObjectRef } from '@mesh-portal/plugin-mesh-common';
import { FindingSink } from '../findings/FindingSink';
import {
  IssueList,
  JsonObject,
  ObjectMeta,
  isObject,
  readMeta,
} from '../objects';

/** Where parsing happens and where its problems go. */
export interface ParseContext {
  cluster: string;
  sink: FindingSink;
}

/** A mode field whose value Istio does not know. */
export interface UnknownMode {
  path: string;
  value: string;
  /** The values that would have been valid. */
  allowed: readonly string[];
}

/** What a per-kind parser receives. */
export interface ParseInput {
  object: JsonObject;
  meta: ObjectMeta & { name: string };
  ref: ObjectRef;
  issues: IssueList;
  unknownModes: UnknownMode[];
}

/**
 * Reads a list of objects of one kind. Objects that cannot be identified (no
 * name, no namespace for a namespaced kind, not an object at all) are dropped;
 * every problem becomes a `MESH-MALFORMED-OBJECT` finding and every unknown
 * mode value a `MESH-UNKNOWN-MODE` finding, so nothing is lost silently.
 */
export function parseList<T>(
  ctx: ParseContext,
  kind: string,
  list: unknown,
  parseOne: (input: ParseInput) => T | undefined,
  options: { namespaced: boolean } = { namespaced: true },
): T[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    ctx.sink.add({
      code: 'MESH-MALFORMED-OBJECT',
      cluster: ctx.cluster,
      message: `The list of ${kind} objects read from cluster ${ctx.cluster} is not a list, so all of them were skipped.`,
      fix: `Check the API server's response for ${kind} objects.`,
      objects: [{ cluster: ctx.cluster, kind, name: `(all ${kind} objects)` }],
    });
    return [];
  }
  const out: T[] = [];
  for (let i = 0; i < list.length; i++) {
    const raw = list[i];
    const issues = new IssueList();
    const unknownModes: UnknownMode[] = [];
    let ref: ObjectRef = { cluster: ctx.cluster, kind, name: '' };
    let parsed: T | undefined;
    try {
      if (!isObject(raw)) {
        issues.add('', 'not an object');
      } else {
        const meta = readMeta(raw, issues);
        ref =
          meta.namespace && options.namespaced
            ? {
                cluster: ctx.cluster,
                kind,
                namespace: meta.namespace,
                name: '',
              }
            : ref;
        ref.name = meta.name || '';
        if (!meta.name) issues.add('metadata.name', 'missing');
        else if (options.namespaced && !meta.namespace) {
          issues.add('metadata.namespace', 'missing');
        } else {
          parsed = parseOne({
            object: raw,
            meta: meta as ObjectMeta & { name: string },
            ref,
            issues,
            unknownModes,
          });
        }
      }
    } catch (e) {
      // Objects are plain JSON in practice; a getter or proxy that throws
      // must still cost only this object.
      parsed = undefined;
      issues.add(
        '',
        `reading it failed (${e instanceof Error ? e.message : String(e)})`,
      );
    }
    // Objects that cannot be named are referred to by their list position.
    if (!ref.name) ref.name = `(item #${i})`;
    if (parsed !== undefined) out.push(parsed);
    reportProblems(ctx, ref, issues, unknownModes, parsed !== undefined);
  }
  return out;
}

function reportProblems(
  ctx: ParseContext,
  ref: ObjectRef,
  issues: IssueList,
  unknownModes: UnknownMode[],
  kept: boolean,
): void {
  const where = ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
  if (!issues.empty) {
    const shown = issues.items.slice(0, 3).join('; ');
    const more =
      issues.items.length > 3 ? ` (and ${issues.items.length - 3} more)` : '';
    ctx.sink.add({
      code: 'MESH-MALFORMED-OBJECT',
      cluster: ctx.cluster,
      message: `${ref.kind} ${where} in cluster ${
        ctx.cluster
      } has fields that cannot be read (${shown}${more}); ${
        kept ? 'the unreadable fields were ignored' : 'the object was skipped'
      }.`,
      fix: `Correct the ${ref.kind} so that it matches its Kubernetes/Istio schema.`,
      objects: [ref],
    });
  }
  for (const mode of unknownModes) {
    ctx.sink.add({
      code: 'MESH-UNKNOWN-MODE',
      cluster: ctx.cluster,
      message: `${ref.kind} ${where} in cluster ${ctx.cluster} sets ${mode.path} to "${mode.value}", which Istio does not know; it was treated as unset.`,
      fix: `Use one of ${mode.allowed.join(', ')}.`,
      objects: [ref],
    });
  }
}

/** Reads an enum value; unknown values are recorded and yield `undefined`. */
export function readMode<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  path: string,
  unknownModes: UnknownMode[],
): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  unknownModes.push({ path, value, allowed });
  return undefined;
}
