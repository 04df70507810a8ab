import type { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
} from '@mesh-portal/plugin-mesh-common';

/**
 * The annotations that tie an entity to Kubernetes workloads. The namespace
 * and cluster annotations only narrow a match, so they do not count alone.
 */
const MATCHING_ANNOTATIONS = [
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
];

/**
 * Whether the entity can be shown in the mesh: it carries a Kubernetes
 * annotation that selects its workloads. For `EntitySwitch.Case if={...}`.
 * @public
 */
export function isMeshAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return MATCHING_ANNOTATIONS.some(key => Boolean(annotations[key]));
}
