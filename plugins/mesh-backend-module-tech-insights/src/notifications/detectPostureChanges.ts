import type { EntityPosture } from './entityPosture';

/**
 * How an entity's posture changed between two successive readings.
 * Regressions: workloads that were STRICT on every port and are not any more
 * (but are still meshed), workloads that were meshed and are not any more,
 * error findings that were not there before. Improvement: the entity became
 * STRICT everywhere.
 */
export interface PostureChange {
  leftStrict: string[];
  leftMesh: string[];
  newErrorFindings: string[];
  becameStrictEverywhere: boolean;
}

function strictEverywhere(posture: EntityPosture): boolean {
  return Object.values(posture.workloads).every(w => w.strict);
}

/**
 * Compares two successive postures of one entity. Undefined when there is
 * nothing to tell: no previous reading (a first reading is a baseline, not a
 * change), no workloads now or before, or nothing changed. A workload that
 * disappears (scaled away, deleted) is not a regression; a new workload that
 * is not STRICT is not one either: it never was STRICT.
 */
export function detectPostureChanges(
  previous: EntityPosture | undefined,
  next: EntityPosture | undefined,
): PostureChange | undefined {
  if (!previous || !next) return undefined;
  const leftStrict: string[] = [];
  const leftMesh: string[] = [];
  for (const [id, now] of Object.entries(next.workloads)) {
    const before = previous.workloads[id];
    if (!before) continue;
    if (before.meshed && !now.meshed) leftMesh.push(id);
    else if (before.strict && !now.strict) leftStrict.push(id);
  }
  const known = new Set(previous.errorFindings);
  const newErrorFindings = next.errorFindings.filter(f => !known.has(f));
  const becameStrictEverywhere =
    !strictEverywhere(previous) && strictEverywhere(next);
  if (
    leftStrict.length === 0 &&
    leftMesh.length === 0 &&
    newErrorFindings.length === 0 &&
    !becameStrictEverywhere
  ) {
    return undefined;
  }
  return {
    leftStrict: leftStrict.sort(),
    leftMesh: leftMesh.sort(),
    newErrorFindings,
    becameStrictEverywhere,
  };
}

/** Whether a change holds a regression (anything but the improvement). */
export function isRegression(change: PostureChange): boolean {
  return (
    change.leftStrict.length > 0 ||
    change.leftMesh.length > 0 ||
    change.newErrorFindings.length > 0
  );
}
