import path from 'node:path';
import { readManifestDocuments } from './manifests';
import { KubeObject, NormalizeResult, normalizeDocuments } from './normalize';
import { ResourceCatalog, defaultCatalog } from './resources';

/**
 * Options of {@link loadClusterObjects}.
 *
 * @public
 */
export interface LoadClusterObjectsOptions {
  /** Cluster name mixed into generated UIDs; defaults to the directory name. */
  cluster?: string;
  /** `creationTimestamp` for objects without one; defaults to now. */
  now?: Date;
  /** Generated resource versions start after this; defaults to 0. */
  startResourceVersion?: number;
}

/**
 * The objects of one cluster directory, as the simulator serves them.
 *
 * @public
 */
export interface LoadedClusterObjects {
  /** Served objects, each with `uid`, `creationTimestamp`, `resourceVersion` and (when namespaced) `namespace` filled in. */
  objects: KubeObject[];
  /** Documents skipped or repaired, one readable line each. */
  warnings: string[];
  /** The highest resource version in use. */
  resourceVersion: number;
}

/** Loads and normalises one cluster directory, keeping resource definitions. */
export async function loadClusterDirectory(
  dir: string,
  options: LoadClusterObjectsOptions & { catalog?: ResourceCatalog } = {},
): Promise<NormalizeResult> {
  // Warnings name files relative to the cluster directory: shorter, and no
  // local paths in logs.
  const documents = (await readManifestDocuments(dir)).map(d => ({
    ...d,
    file: path.relative(dir, d.file),
  }));
  return normalizeDocuments(documents, {
    cluster: options.cluster ?? path.basename(path.resolve(dir)),
    now: options.now ?? new Date(),
    startResourceVersion: options.startResourceVersion ?? 0,
    catalog: options.catalog ?? defaultCatalog,
  });
}

/**
 * Reads a directory of Kubernetes manifests (multi-document YAML, `kind: List`
 * exports, JSON) and returns the objects a simulated API server built from it
 * would serve, with the fields real objects always have filled in. Kinds the
 * simulator does not serve are skipped with a warning.
 *
 * @public
 * @throws InputError when the directory cannot be read or a file is not valid YAML.
 */
export async function loadClusterObjects(
  dir: string,
  options: LoadClusterObjectsOptions = {},
): Promise<LoadedClusterObjects> {
  const result = await loadClusterDirectory(dir, options);
  return {
    objects: result.objects.map(o => o.object),
    warnings: result.warnings,
    resourceVersion: result.resourceVersion,
  };
}
