import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { InputError } from '@backstage/errors';

/** A Kubernetes object as read from a manifest file. */
export type ManifestObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ kind: string; name: string; uid: string }>;
    creationTimestamp?: string;
  };
  spec?: any;
  status?: any;
  data?: Record<string, string>;
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function flatten(value: unknown): unknown[] {
  if (
    isRecord(value) &&
    typeof value.kind === 'string' &&
    value.kind.endsWith('List') &&
    Array.isArray(value.items)
  ) {
    return value.items.flatMap(flatten);
  }
  return [value];
}

/**
 * Reads every `*.yaml`/`*.yml` file of one cluster directory (multi-document
 * files and `kind: List` exports allowed) into plain objects.
 */
export async function loadClusterManifests(
  dir: string,
): Promise<ManifestObject[]> {
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter(n => /\.ya?ml$/i.test(n)).sort();
  } catch (error) {
    throw new InputError(`Cannot read manifest directory ${dir}: ${error}`);
  }
  const objects: ManifestObject[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const text = await fs.readFile(file, 'utf8');
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length) {
        throw new InputError(
          `Invalid YAML in ${file}: ${doc.errors[0].message}`,
        );
      }
      const value = doc.toJS();
      if (value === null || value === undefined) continue;
      for (const item of flatten(value)) {
        if (isRecord(item)) objects.push(item as ManifestObject);
      }
    }
  }
  return objects;
}
