import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { MESH_DEMO_DIR } from '../paths';

/** The package root. */
export const ROOT = MESH_DEMO_DIR;

/** A loosely typed Kubernetes or catalog object, as tests read them. */
export type Obj = Record<string, any>;

/** Reads every object of one cluster's committed manifests (raw, via the yaml library only). */
export async function readClusterObjects(cluster: string): Promise<Obj[]> {
  const dir = path.join(ROOT, 'clusters', cluster);
  const out: Obj[] = [];
  for (const file of (await fs.readdir(dir)).sort()) {
    const docs = parseAllDocuments(
      await fs.readFile(path.join(dir, file), 'utf8'),
    );
    for (const doc of docs) {
      const value = doc.toJS();
      if (value?.kind === 'List') out.push(...value.items);
      else if (value) out.push(value);
    }
  }
  return out;
}

/** Reads every catalog entity. */
export async function readCatalog(): Promise<Obj[]> {
  const dir = path.join(ROOT, 'catalog');
  const out: Obj[] = [];
  for (const file of (await fs.readdir(dir)).sort()) {
    for (const doc of parseAllDocuments(
      await fs.readFile(path.join(dir, file), 'utf8'),
    )) {
      const value = doc.toJS();
      if (value) out.push(value);
    }
  }
  return out;
}

/** Reads the committed traffic model as plain YAML (independent of the generator's parser). */
export async function readTrafficModelRaw(): Promise<Obj> {
  return parse(
    await fs.readFile(path.join(ROOT, 'traffic-model.yaml'), 'utf8'),
  );
}

/** The top owner (workload) name of a pod, following ownerReferences by uid. */
export function topOwnerName(pod: Obj, objects: Obj[]): string {
  let current = pod;
  for (let i = 0; i < 5; i++) {
    const ref = current.metadata?.ownerReferences?.[0];
    if (!ref) break;
    const owner = objects.find(o => o.metadata?.uid === ref.uid);
    if (!owner) break;
    current = owner;
  }
  return current.metadata.name;
}

/** True when the pod runs an Istio sidecar (container or native init container). */
export function hasSidecar(pod: Obj): boolean {
  return (
    [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].some(
      (c: Obj) => c.name === 'istio-proxy',
    ) && Boolean(pod.metadata?.annotations?.['sidecar.istio.io/status'])
  );
}

/** Whether a pod's labels satisfy a simple equality selector (`a=b,c=d`). */
export function matchesSelector(
  labels: Record<string, string>,
  selector: string,
): boolean {
  return selector.split(',').every(term => {
    const [k, v] = term.split('=').map(s => s.trim());
    return labels[k] === v;
  });
}
