import { buildQuerySet } from '../queries';
import { buildCollectedEdgeQueries } from '../edgeDetail/collectedEdgeQueries';
import {
  assertPromLabelName,
  escapePromLabelValue,
  escapePromRegexLiteral,
} from './escape';

/**
 * A small PromQL lexer, written independently of the escaper: it splits a
 * query into its double-quoted string literals (decoded with Go's rules,
 * which PromQL uses) and the skeleton around them. If a value could break
 * out of its string, the skeleton would change.
 */
function lexStrings(query: string): { skeleton: string; strings: string[] } {
  let skeleton = '';
  const strings: string[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i];
    if (c !== '"') {
      skeleton += c;
      i++;
      continue;
    }
    i++;
    let value = '';
    for (;;) {
      if (i >= query.length) throw new Error('unterminated string');
      const d = query[i];
      if (d === '\n') throw new Error('raw newline inside a string');
      if (d === '"') {
        i++;
        break;
      }
      if (d === '\\') {
        const e = query[i + 1];
        const simple: Record<string, string> = {
          '\\': '\\',
          '"': '"',
          n: '\n',
          r: '\r',
          t: '\t',
          "'": "'",
        };
        if (e in simple) {
          value += simple[e];
          i += 2;
        } else if (e === 'u') {
          value += String.fromCharCode(parseInt(query.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          throw new Error(`unknown escape \\${e}`);
        }
        continue;
      }
      value += d;
      i++;
    }
    skeleton += '"<S>"';
    strings.push(value);
  }
  return { skeleton, strings };
}

/** Decodes an RE2 literal escaped by `escapePromRegexLiteral` back to text. */
function unescapeRegexLiteral(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

const HOSTILE_VALUES = [
  'a"b',
  'back\\slash',
  'trailing\\',
  '"}',
  '"} or vector(1) or {x="',
  'x"} or vector(1) #',
  '.*',
  'a|b',
  'line1\nline2',
  'cr\rtab\t',
  '\u0000nul\u007f',
  '\u2028sep',
  'é ünïcode 🚀',
  '\\"}',
  'x'.repeat(10_000),
];

describe('escapePromLabelValue', () => {
  it.each(HOSTILE_VALUES.map(v => [JSON.stringify(v).slice(0, 40), v]))(
    'keeps %s inside one string literal',
    (_label, value) => {
      const escaped = escapePromLabelValue(value);
      const query = `up{cluster="${escaped}"}`;
      const { skeleton, strings } = lexStrings(query);
      expect(skeleton).toBe('up{cluster="<S>"}');
      expect(strings).toEqual([value]);
    },
  );

  it('escapes exactly the characters Go strings need', () => {
    expect(escapePromLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
    expect(escapePromLabelValue('plain-value_1.2')).toBe('plain-value_1.2');
  });
});

describe('escapePromRegexLiteral', () => {
  it.each(HOSTILE_VALUES.map(v => [JSON.stringify(v).slice(0, 40), v]))(
    'keeps %s a literal inside one regex string',
    (_label, value) => {
      const query = `up{cluster!~"${escapePromRegexLiteral(value)}"}`;
      const { skeleton, strings } = lexStrings(query);
      expect(skeleton).toBe('up{cluster!~"<S>"}');
      // RE2 sees only escaped metacharacters: no alternation or wildcard survives.
      expect(strings[0]).not.toMatch(/(^|[^\\])(\\\\)*[|*+?()]/);
      expect(unescapeRegexLiteral(strings[0])).toBe(value);
    },
  );
});

describe('assertPromLabelName', () => {
  it.each(['cluster', '_x', 'a1_b'])('accepts %s', name => {
    expect(assertPromLabelName(name, 'k')).toBe(name);
  });
  it.each(['', '1a', 'a-b', 'a"b', 'cluster="x"} or vector(1)', 'a\nb'])(
    'refuses %j naming the key',
    name => {
      expect(() =>
        assertPromLabelName(name, 'mesh.prometheus.clusterLabel'),
      ).toThrow(
        /mesh\.prometheus\.clusterLabel must be a Prometheus label name/,
      );
    },
  );
});

/** What a benign query's string literal becomes with `value` in place of the benign values. */
function expectedString(benignString: string, value: string): string {
  if (benignString === 'benign') return value;
  if (benignString === 'one|two') return `${value}|two`;
  return benignString;
}

/** The fixed query set and the background collection's edge set. */
const BUILDERS = [
  ['buildQuerySet', buildQuerySet],
  [
    'buildCollectedEdgeQueries',
    (options: Parameters<typeof buildQuerySet>[0]) =>
      buildCollectedEdgeQueries({ ...options, rangeSeconds: 30 }),
  ],
] as const;

describe.each(BUILDERS)('%s with hostile scope values', (_name, build) => {
  const benign = build({
    window: '5m',
    scope: {
      clusterLabel: 'cluster',
      only: 'benign',
      exclude: ['one', 'two'],
      groupByClusterLabel: true,
    },
  });

  it.each(HOSTILE_VALUES.map(v => [JSON.stringify(v).slice(0, 40), v]))(
    'keeps the structure of every query for %s',
    (_label, value) => {
      const hostile = build({
        window: '5m',
        scope: {
          clusterLabel: 'cluster',
          only: value,
          exclude: [value, 'two'],
          groupByClusterLabel: true,
        },
      });
      expect(hostile).toHaveLength(benign.length);
      hostile.forEach((query, i) => {
        const a = lexStrings(query.promql);
        const b = lexStrings(benign[i].promql);
        expect(a.skeleton).toBe(b.skeleton);
        // The value comes back intact wherever `benign` was.
        const decoded = a.strings.map((s, j) =>
          b.strings[j] === 'one|two' && s.endsWith('|two')
            ? `${unescapeRegexLiteral(s.slice(0, -4))}|two`
            : s,
        );
        expect(decoded).toEqual(b.strings.map(s => expectedString(s, value)));
      });
    },
  );

  it('refuses hostile label names and windows', () => {
    expect(() =>
      build({
        window: '5m',
        scope: { clusterLabel: 'cluster"} or vector(1)', only: 'x' },
      }),
    ).toThrow(/label name/);
    expect(() => build({ window: '5m] or vector(1) [5m' })).toThrow(/window/);
  });
});
