import type { Finding } from '@mesh-portal/plugin-mesh-common';
import { FindingSink } from './findings/FindingSink';

/** One remembered step: its result and the findings it raised, in order. */
interface Remembered<T> {
  /** What else the result depends on, compared by identity. */
  dependsOn: readonly unknown[];
  value: T;
  findings: Finding[];
}

/**
 * What an engine run may reuse from earlier runs: the per-cluster steps
 * (parsing, the control plane, the workloads and Services) of a cluster whose
 * input object is the very same one as before, and whose config cluster's is
 * too. Keyed by object identity in weak maps, so a cluster's entries go with
 * its input. Inputs must be treated as immutable once passed to the engine,
 * as the snapshot does (a changed cluster is a new object). Pass one memo to
 * successive runs (`EngineOptions.memo`); it has no other use.
 *
 * The model a run with a memo returns equals the one a run without it
 * returns (`engineMemo.test.ts`); the results of a reused step are shared
 * between models, which are never mutated.
 * @public
 */
export class EngineMemo {}

/** Each memo's remembered steps, by step name, then by key object. */
const stepsOf = new WeakMap<
  EngineMemo,
  Map<string, WeakMap<object, unknown>>
>();

/**
 * The result of `run` for `key`, reused when `key` and every `dependsOn` are
 * the same objects as last time; the findings the step raised are added to
 * `sink` either way, in the order it raised them. Without a memo, or for a
 * key that is not an object, `run` runs.
 */
export function rememberStep<T>(
  memo: EngineMemo | undefined,
  step: string,
  key: unknown,
  dependsOn: readonly unknown[],
  sink: FindingSink,
  run: (sink: FindingSink) => T,
): T {
  if (!memo || typeof key !== 'object' || key === null) return run(sink);
  let steps = stepsOf.get(memo);
  if (!steps) {
    steps = new Map();
    stepsOf.set(memo, steps);
  }
  let entries = steps.get(step);
  if (!entries) {
    entries = new WeakMap();
    steps.set(step, entries);
  }
  const cached = entries.get(key) as Remembered<T> | undefined;
  if (
    cached &&
    cached.dependsOn.length === dependsOn.length &&
    cached.dependsOn.every((value, i) => value === dependsOn[i])
  ) {
    sink.findings.push(...cached.findings);
    return cached.value;
  }
  const own = new FindingSink();
  const value = run(own);
  entries.set(key, { dependsOn, value, findings: own.findings });
  sink.findings.push(...own.findings);
  return value;
}
