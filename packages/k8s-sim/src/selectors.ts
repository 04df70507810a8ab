/**
 * Label and field selectors, parsed and matched with the grammar and semantics
 * of k8s.io/apimachinery (`labels.Parse`, `fields.ParseSelector`).
 */

/** Raised for a selector the real API server would reject with 400. */
export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }
}

type LabelOperator =
  | 'equals'
  | 'notEquals'
  | 'in'
  | 'notIn'
  | 'exists'
  | 'doesNotExist'
  | 'gt'
  | 'lt';

interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

/** A parsed label selector; an empty one matches everything. */
export interface LabelSelector {
  readonly requirements: readonly LabelRequirement[];
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
}

const NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function validateLabelKey(key: string): void {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (
    prefix !== undefined &&
    (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))
  ) {
    throw new SelectorError(
      `unable to parse requirement: invalid label key "${key}": prefix part must be a lowercase RFC 1123 subdomain`,
    );
  }
  if (name.length === 0 || name.length > 63 || !NAME_PART.test(name)) {
    throw new SelectorError(
      `unable to parse requirement: invalid label key "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
}

function validateLabelValue(value: string): void {
  if (value === '') return;
  if (value.length > 63 || !NAME_PART.test(value)) {
    throw new SelectorError(
      `unable to parse requirement: invalid label value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
}

type Token =
  | { type: 'id'; value: string }
  | { type: 'op'; value: '=' | '==' | '!=' | '!' | '<' | '>' }
  | { type: 'comma' }
  | { type: 'open' }
  | { type: 'close' };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === ',') {
      tokens.push({ type: 'comma' });
      i++;
    } else if (c === '(') {
      tokens.push({ type: 'open' });
      i++;
    } else if (c === ')') {
      tokens.push({ type: 'close' });
      i++;
    } else if (c === '=' && input[i + 1] === '=') {
      tokens.push({ type: 'op', value: '==' });
      i += 2;
    } else if (c === '!' && input[i + 1] === '=') {
      tokens.push({ type: 'op', value: '!=' });
      i += 2;
    } else if (c === '=' || c === '!' || c === '<' || c === '>') {
      tokens.push({ type: 'op', value: c });
      i++;
    } else {
      let j = i;
      while (j < input.length && !' \t\n\r,()=!<>'.includes(input[j])) j++;
      tokens.push({ type: 'id', value: input.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

function describe(token: Token | undefined): string {
  if (!token) return 'end of string';
  switch (token.type) {
    case 'id':
      return `"${token.value}"`;
    case 'op':
      return `"${token.value}"`;
    case 'comma':
      return '","';
    case 'open':
      return '"("';
    default:
      return '")"';
  }
}

class LabelSelectorParser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    if (this.tokens.length === 0) return requirements;
    for (;;) {
      requirements.push(this.requirement());
      const next = this.tokens[this.pos];
      if (!next) return requirements;
      if (next.type !== 'comma') {
        throw new SelectorError(
          `found ${describe(next)}, expected: ',' or 'end of string'`,
        );
      }
      this.pos++;
    }
  }

  private requirement(): LabelRequirement {
    let token = this.tokens[this.pos];
    if (token?.type === 'op' && token.value === '!') {
      this.pos++;
      const key = this.identifier('label key');
      return { key, operator: 'doesNotExist', values: [] };
    }
    const key = this.identifier('label key');
    token = this.tokens[this.pos];
    if (!token || token.type === 'comma') {
      return { key, operator: 'exists', values: [] };
    }
    if (
      token.type === 'id' &&
      (token.value === 'in' || token.value === 'notin')
    ) {
      this.pos++;
      return {
        key,
        operator: token.value === 'in' ? 'in' : 'notIn',
        values: this.valueSet(),
      };
    }
    if (token.type === 'op' && token.value !== '!') {
      this.pos++;
      const next = this.tokens[this.pos];
      // An empty value (`key=`) is legal and means "label is empty".
      let value = '';
      if (next?.type === 'id') {
        value = next.value;
        this.pos++;
      }
      validateLabelValue(value);
      switch (token.value) {
        case '=':
        case '==':
          return { key, operator: 'equals', values: [value] };
        case '!=':
          return { key, operator: 'notEquals', values: [value] };
        default: {
          if (!/^-?\d+$/.test(value)) {
            throw new SelectorError(
              `unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`,
            );
          }
          return {
            key,
            operator: token.value === '>' ? 'gt' : 'lt',
            values: [value],
          };
        }
      }
    }
    throw new SelectorError(
      `found ${describe(token)}, expected: in, notin, =, ==, !=, gt, lt`,
    );
  }

  private identifier(what: string): string {
    const token = this.tokens[this.pos];
    if (token?.type !== 'id') {
      throw new SelectorError(`found ${describe(token)}, expected: ${what}`);
    }
    this.pos++;
    validateLabelKey(token.value);
    return token.value;
  }

  private valueSet(): string[] {
    if (this.tokens[this.pos]?.type !== 'open') {
      throw new SelectorError(
        `found ${describe(this.tokens[this.pos])}, expected: '('`,
      );
    }
    this.pos++;
    const values: string[] = [];
    for (;;) {
      const token = this.tokens[this.pos];
      if (token?.type === 'id') {
        validateLabelValue(token.value);
        values.push(token.value);
        this.pos++;
      } else if (token?.type === 'comma' || token?.type === 'close') {
        // `(a,)` or `()` carry an empty value, as in apimachinery.
        values.push('');
      } else {
        throw new SelectorError(
          `found ${describe(token)}, expected: ',', ')' or identifier`,
        );
      }
      const sep = this.tokens[this.pos];
      if (sep?.type === 'close') {
        this.pos++;
        return values;
      }
      if (sep?.type !== 'comma') {
        throw new SelectorError(`found ${describe(sep)}, expected: ',' or ')'`);
      }
      this.pos++;
    }
  }
}

function matchesRequirement(
  req: LabelRequirement,
  labels: Readonly<Record<string, string>>,
): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = has ? String(labels[req.key]) : undefined;
  switch (req.operator) {
    case 'equals':
    case 'in':
      return has && req.values.includes(value!);
    case 'notEquals':
    case 'notIn':
      return !has || !req.values.includes(value!);
    case 'exists':
      return has;
    case 'doesNotExist':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^-?\d+$/.test(value!)) return false;
      const actual = Number(value);
      const bound = Number(req.values[0]);
      return req.operator === 'gt' ? actual > bound : actual < bound;
    }
    default:
      return false;
  }
}

/**
 * Parses a `labelSelector` query value.
 *
 * @throws SelectorError when the selector is malformed.
 */
export function parseLabelSelector(input: string | undefined): LabelSelector {
  const requirements = input
    ? new LabelSelectorParser(tokenize(input)).parse()
    : [];
  return {
    requirements,
    matches(labels) {
      const actual = labels ?? {};
      return requirements.every(r => matchesRequirement(r, actual));
    },
  };
}

interface FieldRequirement {
  field: string;
  value: string;
  negate: boolean;
}

/** A parsed field selector; an empty one matches everything. */
export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
  /** Whether the object's field values satisfy every requirement. */
  matches(fieldValue: (field: string) => string): boolean;
}

/** Splits on unescaped `sep`, keeping escapes in the parts. */
function splitUnescaped(input: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === '\\' && i + 1 < input.length) {
      current += c + input[i + 1];
      i++;
    } else if (c === sep) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

function unescapeFieldValue(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\') {
      const next = value[i + 1];
      if (next === '\\' || next === ',' || next === '=') {
        out += next;
        i++;
        continue;
      }
      throw new SelectorError(
        `invalid field selector value: invalid escape sequence in "${value}"`,
      );
    }
    if (c === ',' || c === '=') {
      throw new SelectorError(
        `invalid field selector value: unescaped "${c}" in "${value}"`,
      );
    }
    out += c;
  }
  return out;
}

/**
 * Parses a `fieldSelector` query value and checks every field against the
 * ones the resource supports.
 *
 * @throws SelectorError when the selector is malformed or names an unsupported field.
 */
export function parseFieldSelector(
  input: string | undefined,
  supportedFields: readonly string[],
): FieldSelector {
  const requirements: FieldRequirement[] = [];
  if (input) {
    for (const term of splitUnescaped(input, ',')) {
      if (term === '') continue;
      // The operators are looked for in this order, as apimachinery does.
      let parsed: FieldRequirement | undefined;
      for (const op of ['!=', '==', '='] as const) {
        const at = term.indexOf(op);
        if (at > 0) {
          parsed = {
            field: term.slice(0, at).trim(),
            value: unescapeFieldValue(term.slice(at + op.length)),
            negate: op === '!=',
          };
          break;
        }
      }
      if (!parsed) {
        throw new SelectorError(
          `invalid selector: '${input}'; can't understand '${term}'`,
        );
      }
      if (!supportedFields.includes(parsed.field)) {
        throw new SelectorError(`field label not supported: ${parsed.field}`);
      }
      requirements.push(parsed);
    }
  }
  return {
    requirements,
    matches(fieldValue) {
      return requirements.every(
        r => (fieldValue(r.field) === r.value) !== r.negate,
      );
    },
  };
}
