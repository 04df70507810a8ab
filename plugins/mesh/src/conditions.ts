import type { Entity } from '@backstage/catalog-model';
import { isKubernetesAvailable } from '@backstage/plugin-kubernetes';

/**
 * Whether the entity can be shown in the mesh: it carries a Kubernetes
 * annotation that selects its workloads (`backstage.io/kubernetes-id` or
 * `backstage.io/kubernetes-label-selector`). For `EntitySwitch.Case if={...}`.
 *
 * It is the Kubernetes plugin's own rule, so the Mesh tab shows exactly where
 * the Kubernetes tab does; the namespace and cluster annotations only narrow
 * a match and do not count alone.
 * @public
 */
export function isMeshAvailable(entity: Entity): boolean {
  return isKubernetesAvailable(entity);
}
