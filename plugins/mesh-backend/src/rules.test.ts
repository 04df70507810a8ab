import fs from 'node:fs';
import path from 'node:path';

// The rule book lives at the repository root because the whole tree cites it
// (engine, telemetry, frontend, demo, benches); this test guards all of it.
const REPO_ROOT = path.resolve(__dirname, '../../..');
const RULE_BOOK = path.join(REPO_ROOT, 'docs/rules.md');

const SCANNED_ROOTS = ['plugins', 'packages', 'bench', 'docs', 'scripts'];
const SCANNED_FILES = ['README.md', 'ARCHITECTURE.md'];
const SKIPPED_DIRS = new Set([
  'node_modules',
  'dist',
  'dist-types',
  'coverage',
  'screenshots',
]);
const SOURCE_FILE = /\.(ts|tsx|js|mjs|cjs|md|sh)$/;

/**
 * A rule id: a family letter and a number (`E4`, `G12`). An id followed by a
 * comma and no space is an SVG path command (`M0,0`), not a citation.
 */
// Not after `%`: percent-encoded bytes (`%E0`) are not citations.
const RULE_ID = /(?<!%)\b([MECGOP]\d{1,2})\b(?!,\S)/g;

/**
 * A section of the rule book: `§1.4`, `section 8`, `sections 7.1, 7.3`.
 * Sections of an RFC or of an issue are someone else's.
 */
const SECTION =
  /(?<!(?:RFC|issue) \d+ )(?:§|\bsections? )(\d+(?:\.\d+)?(?:(?:, | and )\d+(?:\.\d+)?)*)/g;

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (SOURCE_FILE.test(entry.name)) out.push(full);
    }
  };
  for (const root of SCANNED_ROOTS) {
    const dir = path.join(REPO_ROOT, root);
    if (fs.existsSync(dir)) walk(dir);
  }
  for (const file of SCANNED_FILES) out.push(path.join(REPO_ROOT, file));
  return out.filter(file => file !== RULE_BOOK && file !== __filename);
}

function sectionsIn(text: string): string[] {
  return [...text.matchAll(SECTION)].flatMap(m => m[1].split(/, | and /));
}

function ruleIdsIn(text: string): string[] {
  return [...text.matchAll(RULE_ID)].map(m => m[1]);
}

/** What the rule book defines: the ids and sections named in its headings. */
function ruleBookEntries() {
  const headings = fs
    .readFileSync(RULE_BOOK, 'utf8')
    .split('\n')
    .filter(line => line.startsWith('#'));
  return {
    ids: new Set(headings.flatMap(ruleIdsIn)),
    sections: new Set(headings.flatMap(sectionsIn)),
  };
}

describe('the rule book (docs/rules.md)', () => {
  const book = ruleBookEntries();

  it('states every rule and section cited anywhere in the tree', () => {
    const unresolved: string[] = [];
    for (const file of sourceFiles()) {
      const text = fs.readFileSync(file, 'utf8');
      const where = path.relative(REPO_ROOT, file);
      for (const id of new Set(ruleIdsIn(text))) {
        if (!book.ids.has(id)) unresolved.push(`${where}: ${id}`);
      }
      for (const section of new Set(sectionsIn(text))) {
        if (!book.sections.has(section)) {
          unresolved.push(`${where}: section ${section}`);
        }
      }
    }
    expect(unresolved).toEqual([]);
  });

  it('names only tests that exist, in the files it names', () => {
    const pins = [
      ...fs
        .readFileSync(RULE_BOOK, 'utf8')
        .matchAll(/^\s*- `([^`]+)` — `([^`]+)`$/gm),
    ];
    expect(pins.length).toBeGreaterThan(50);
    const missing = pins.flatMap(([, file, name]) => {
      const full = path.join(REPO_ROOT, file);
      if (!fs.existsSync(full)) return [`${file}: no such file`];
      return fs.readFileSync(full, 'utf8').includes(name)
        ? []
        : [`${file}: no test "${name}"`];
    });
    expect(missing).toEqual([]);
  });

  it('knows a citation from a look-alike', () => {
    expect(ruleIdsIn('E4 and G12, M1-M8; path M0,0 and #C1C1C1')).toEqual([
      'E4',
      'G12',
      'M1',
      'M8',
    ]);
    expect(
      sectionsIn('section 1.4; sections 7.1, 7.3; §8; RFC 4180 section 2.6'),
    ).toEqual(['1.4', '7.1', '7.3', '8']);
  });
});
