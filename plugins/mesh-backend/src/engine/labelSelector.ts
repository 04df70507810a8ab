import {
  IssueList,
  JsonObject,
  readObjectArray,
  readString,
  readStringArray,
  readStringMap,
} from './objects';

/** A Kubernetes `LabelSelector` (`matchLabels` and `matchExpressions`). */
export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: { key: string; operator: string; values: string[] }[];
}

/** Reads a `LabelSelector` object. */
export function parseLabelSelector(
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

/**
 * Whether `labels` match `selector`, with Kubernetes semantics (every
 * requirement must hold; an empty selector matches everything; an unknown
 * operator matches nothing).
 */
export function labelSelectorMatches(
  selector: LabelSelector,
  labels: Record<string, string>,
): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    if (labels[key] !== value) return false;
  }
  for (const { key, operator, values } of selector.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (operator) {
      case 'In':
        if (!has || !values.includes(labels[key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
