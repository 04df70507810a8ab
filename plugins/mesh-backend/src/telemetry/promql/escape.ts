import { InputError } from '@backstage/errors';
import { PROM_LABEL_NAME_PATTERN } from '../../config/promLabelName';

/**
 * Escapes a value for use inside a double-quoted PromQL string, e.g. the
 * `"..."` of a label matcher. PromQL strings follow Go's escaping rules, so
 * backslashes, double quotes and every control character are escaped; the
 * result can never close the string early, whatever the input.
 */
export function escapePromLabelValue(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '\\') {
      out += '\\\\';
    } else if (char === '"') {
      out += '\\"';
    } else if (char === '\n') {
      out += '\\n';
    } else if (char === '\r') {
      out += '\\r';
    } else if (char === '\t') {
      out += '\\t';
    } else if (
      code < 0x20 ||
      code === 0x7f ||
      code === 0x2028 ||
      code === 0x2029
    ) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else {
      out += char;
    }
  }
  return out;
}

/**
 * Escapes a literal for a PromQL regex matcher (`=~`, `!~`): RE2
 * metacharacters are backslash-escaped first, then the whole is escaped as
 * a PromQL string.
 */
export function escapePromRegexLiteral(value: string): string {
  return escapePromLabelValue(value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&'));
}

/**
 * Returns the label name unchanged when it is a valid Prometheus label name,
 * else throws an `InputError` naming `what` (a config key, usually).
 */
export function assertPromLabelName(name: string, what: string): string {
  if (!PROM_LABEL_NAME_PATTERN.test(name)) {
    throw new InputError(
      `${what} must be a Prometheus label name matching ${PROM_LABEL_NAME_PATTERN}, got ${JSON.stringify(
        name.slice(0, 60),
      )}`,
    );
  }
  return name;
}

/**
 * Renders one label matcher with an escaped value, e.g. `cluster="a\"b"`.
 */
export function labelMatcher(
  name: string,
  op: '=' | '!=' | '=~' | '!~',
  value: string,
): string {
  assertPromLabelName(name, 'label name');
  return `${name}${op}"${escapePromLabelValue(value)}"`;
}
