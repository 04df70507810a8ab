import { isIstiodPod } from '../engine/meshConfig';

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(record(value) ?? {})) {
    if (typeof entry === 'string') out[key] = entry;
  }
  return out;
}

/** Whether a raw Pod is an istiod pod (same rule as the engine's). */
export function isIstiodPodObject(item: unknown): boolean {
  return isIstiodPod(stringMap(record(record(item)?.metadata)?.labels));
}

/** Whether a raw Deployment runs istiod (same rule as the engine's). */
export function isIstiodDeploymentObject(item: unknown): boolean {
  const name = record(record(item)?.metadata)?.name;
  if (
    typeof name === 'string' &&
    (name === 'istiod' || name.startsWith('istiod-'))
  ) {
    return true;
  }
  const template = record(record(record(item)?.spec)?.template);
  return isIstiodPod(stringMap(record(template?.metadata)?.labels));
}

/**
 * The namespaces istiod runs in, from the raw Deployments and Pods: the mesh
 * config (`istio`, `istio-<rev>`) and the injector config live there (E2),
 * which need not be the root namespace.
 */
export function istiodNamespaces(
  deployments: unknown[],
  pods: unknown[],
): string[] {
  const namespaces = new Set<string>();
  const add = (item: unknown) => {
    const namespace = record(record(item)?.metadata)?.namespace;
    if (typeof namespace === 'string' && namespace) namespaces.add(namespace);
  };
  deployments.filter(isIstiodDeploymentObject).forEach(add);
  pods.filter(isIstiodPodObject).forEach(add);
  return [...namespaces].sort();
}
