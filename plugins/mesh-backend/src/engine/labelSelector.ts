import type { LabelSelector } from '../labels';
import {
  IssueList,
  JsonObject,
  readObjectArray,
  readString,
  readStringArray,
  readStringMap,
} from './objects';

// Matching lives with the string form in one module (src/labels); the
// engine only reads the object form out of Kubernetes objects here.
export { labelSelectorMatches } from '../labels';
export type { LabelSelector } from '../labels';

/** Reads a `LabelSelector` object. */
export function readLabelSelector(
  object: JsonObject,
  path: string,
  issues: IssueList,
): LabelSelector {
  return {
    matchLabels: readStringMap(object, 'matchLabels', path, issues),
    matchExpressions: readObjectArray(
      object,
      'matchExpressions',
      path,
      issues,
      (e, ePath) => {
        const key = readString(e, 'key', ePath, issues);
        const operator = readString(e, 'operator', ePath, issues);
        if (!key || !operator) return undefined;
        return {
          key,
          operator,
          values: readStringArray(e, 'values', ePath, issues) ?? [],
        };
      },
    ),
  };
}
