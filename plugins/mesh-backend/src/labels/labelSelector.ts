/*
 * Kubernetes label selectors, in both of their spellings: the string form
 * (`app=web,tier in (a,b),!debug`, used by the Kubernetes plugin's
 * annotations) and the object form (`matchLabels` and `matchExpressions`,
 * used by Istio and Kubernetes objects). Both become one list of
 * requirements with one matcher, so they cannot drift apart.
 */

/**
 * One requirement of a Kubernetes label selector. `invalid` (an unknown
 * operator of the object form) matches nothing, as in Kubernetes.
 * @public
 */
export type LabelRequirement =
  | { key: string; operator: 'in'; values: string[] }
  | { key: string; operator: 'notin'; values: string[] }
  | { key: string; operator: 'exists' }
  | { key: string; operator: 'doesnotexist' }
  | { key: string; operator: 'invalid' };

/**
 * A Kubernetes `LabelSelector` object (`matchLabels` and `matchExpressions`).
 * @public
 */
export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: { key: string; operator: string; values: string[] }[];
}

const KEY =
  /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;
const VALUE = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?)?$/;

/** Splits on commas that are not inside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  terms.push(current);
  return terms.map(term => term.trim());
}

function checkKey(key: string, term: string) {
  if (!KEY.test(key)) throw new Error(`invalid label key in '${term}'`);
}

function checkValue(value: string, term: string) {
  if (!VALUE.test(value) || value.length > 63) {
    throw new Error(`invalid label value in '${term}'`);
  }
}

/**
 * Parses a Kubernetes label selector string, equality-based (`a=b`, `a==b`,
 * `a!=b`) and set-based (`a in (x,y)`, `a notin (x)`, `a`, `!a`), as the
 * Kubernetes plugin's `backstage.io/kubernetes-label-selector` accepts.
 *
 * @throws Error describing the first invalid term.
 * @public
 */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  if (!selector.trim()) throw new Error('empty label selector');
  return splitTerms(selector).map(term => {
    if (!term) throw new Error('empty term in label selector');
    const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(term);
    if (set) {
      const [, key, operator, list] = set;
      checkKey(key, term);
      const values = list.split(',').map(value => value.trim());
      values.forEach(value => checkValue(value, term));
      return { key, operator: operator as 'in' | 'notin', values };
    }
    const equality = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
    if (equality) {
      const [, key, operator, value] = equality;
      checkKey(key, term);
      checkValue(value, term);
      return operator === '!='
        ? { key, operator: 'notin' as const, values: [value] }
        : { key, operator: 'in' as const, values: [value] };
    }
    if (term.startsWith('!')) {
      const key = term.slice(1).trim();
      checkKey(key, term);
      return { key, operator: 'doesnotexist' as const };
    }
    checkKey(term, term);
    return { key: term, operator: 'exists' as const };
  });
}

/**
 * Whether labels satisfy every requirement.
 * @public
 */
export function matchesLabels(
  requirements: LabelRequirement[],
  labels: Record<string, string>,
): boolean {
  return requirements.every(requirement => {
    const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
    switch (requirement.operator) {
      case 'in':
        return has && requirement.values.includes(labels[requirement.key]);
      case 'notin':
        return !has || !requirement.values.includes(labels[requirement.key]);
      case 'exists':
        return has;
      case 'doesnotexist':
        return !has;
      default:
        return false;
    }
  });
}

const OBJECT_OPERATORS: Record<string, LabelRequirement['operator']> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: 'doesnotexist',
};

/** Requirements of each object selector, computed once per object. */
const requirementsCache = new WeakMap<LabelSelector, LabelRequirement[]>();

/**
 * The requirements of a selector object: each `matchLabels` pair is an `in`
 * with one value; expressions keep their operator (an unknown one becomes
 * `invalid`, which matches nothing).
 * @public
 */
export function requirementsOf(selector: LabelSelector): LabelRequirement[] {
  let requirements = requirementsCache.get(selector);
  if (!requirements) {
    requirements = [
      ...Object.entries(selector.matchLabels).map(([key, value]) => ({
        key,
        operator: 'in' as const,
        values: [value],
      })),
      ...selector.matchExpressions.map(({ key, operator, values }) => {
        const op = OBJECT_OPERATORS[operator] ?? 'invalid';
        return op === 'in' || op === 'notin'
          ? { key, operator: op, values }
          : ({ key, operator: op } as LabelRequirement);
      }),
    ];
    requirementsCache.set(selector, requirements);
  }
  return requirements;
}

/**
 * Whether `labels` match a selector object, with Kubernetes semantics
 * (every requirement must hold; an empty selector matches everything).
 * @public
 */
export function labelSelectorMatches(
  selector: LabelSelector,
  labels: Record<string, string>,
): boolean {
  return matchesLabels(requirementsOf(selector), labels);
}
