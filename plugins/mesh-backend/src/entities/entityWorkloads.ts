import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  KUBERNETES_CLUSTER_ANNOTATION,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  type Workload,
} from '@mesh-portal/plugin-mesh-common';
import type { ServiceLocatorMethod } from '../config';
import type { WorkloadIndex } from '../snapshot';
import { LabelRequirement, matchesLabels, parseLabelSelector } from '../labels';

/**
 * How an entity claims workloads, read from the Kubernetes plugin's
 * annotations.
 * @public
 */
export interface EntityWorkloadSelector {
  entityRef: string;
  requirements: LabelRequirement[];
  /** `backstage.io/kubernetes-namespace`. */
  namespace?: string;
  /**
   * The only clusters searched (see `serviceLocatorMethod`); undefined for
   * every cluster, empty for none.
   */
  clusters?: string[];
  /** Why the annotations could not be used (bad selector). */
  error?: string;
}

/**
 * The clusters an entity's workloads are looked for in, by
 * `kubernetes.serviceLocatorMethod` as the Kubernetes plugin applies it:
 * `multiTenant` every cluster (the `backstage.io/kubernetes-cluster`
 * annotation is not read); `singleTenant` the one cluster the annotation
 * names (its whole value), else every cluster; `catalogRelation` the
 * clusters the entity `dependsOn` as `resource:<its namespace>/<cluster>`,
 * none without such a relation. Without the setting, mesh's own rule: the
 * annotation's comma-separated names, else every cluster. `undefined`
 * means every cluster.
 */
function clustersOfEntity(
  entity: Entity,
  method: ServiceLocatorMethod | undefined,
): string[] | undefined {
  const annotation =
    entity.metadata.annotations?.[KUBERNETES_CLUSTER_ANNOTATION];
  switch (method) {
    case 'multiTenant':
      return undefined;
    case 'singleTenant':
      return annotation ? [annotation] : undefined;
    case 'catalogRelation': {
      const prefix = `resource:${entity.metadata.namespace ?? 'default'}/`;
      return (entity.relations ?? [])
        .filter(r => r.type === 'dependsOn' && r.targetRef.startsWith(prefix))
        .map(r => r.targetRef.slice(prefix.length));
    }
    default: {
      const names = annotation
        ?.split(',')
        .map(name => name.trim())
        .filter(Boolean);
      return names?.length ? names : undefined;
    }
  }
}

/**
 * Reads an entity's workload selector: `backstage.io/kubernetes-label-selector`
 * when present (it wins, as in the Kubernetes plugin), else
 * `backstage.io/kubernetes-id` meaning the pod label
 * `backstage.io/kubernetes-id=<id>`; restricted by
 * `backstage.io/kubernetes-namespace` and to the clusters the service
 * locator method gives (see `clustersOfEntity`).
 * Returns undefined when the entity has neither annotation.
 * @public
 */
export function selectorOfEntity(
  entity: Entity,
  serviceLocatorMethod?: ServiceLocatorMethod,
): EntityWorkloadSelector | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const entityRef = stringifyEntityRef(entity);
  const labelSelector = annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION];
  const id = annotations[KUBERNETES_ID_ANNOTATION];
  if (labelSelector === undefined && id === undefined) return undefined;
  const namespace = annotations[KUBERNETES_NAMESPACE_ANNOTATION]?.trim();
  const base = {
    entityRef,
    namespace: namespace || undefined,
    clusters: clustersOfEntity(entity, serviceLocatorMethod),
  };
  try {
    const requirements =
      labelSelector !== undefined
        ? parseLabelSelector(labelSelector)
        : parseLabelSelector(`${KUBERNETES_ID_ANNOTATION}=${id}`);
    if (!requirements.some(r => r.operator === 'in')) {
      // `!nonexistent` or `app notin (x)` match nearly every pod: anyone who
      // can register an entity could claim the whole mesh with them.
      throw new Error(
        'the selector needs at least one positive term (key=value, key==value or key in (...)); without one it would claim nearly every workload',
      );
    }
    return { ...base, requirements };
  } catch (error) {
    const annotation =
      labelSelector !== undefined
        ? KUBERNETES_LABEL_SELECTOR_ANNOTATION
        : KUBERNETES_ID_ANNOTATION;
    return {
      ...base,
      requirements: [],
      error: `annotation ${annotation}: ${(error as Error).message}`,
    };
  }
}

/**
 * How narrowly a selector picks workloads: its positive terms, plus one each
 * for a namespace and a cluster restriction. When several entities claim a
 * workload, the most specific one is shown as its owner.
 * @public
 */
export function selectorSpecificity(selector: EntityWorkloadSelector): number {
  return (
    selector.requirements.filter(r => r.operator === 'in').length +
    (selector.namespace ? 1 : 0) +
    (selector.clusters ? 1 : 0)
  );
}

/**
 * The workloads an entity claims, possibly in several clusters: those whose
 * pod labels or whose controller's own labels match (the Kubernetes plugin
 * lists Deployments, StatefulSets, DaemonSets and Jobs by their own labels,
 * so an entity shown there is matched here too). Uses the
 * label index on the first equality or `in` requirement, so matching one
 * entity does not scan the mesh.
 * @public
 */
export function matchEntityWorkloads(
  selector: EntityWorkloadSelector,
  index: WorkloadIndex,
): Workload[] {
  if (selector.error || selector.requirements.length === 0) return [];
  const indexed = selector.requirements.find(r => r.operator === 'in');
  const candidates =
    indexed && indexed.operator === 'in'
      ? index.withLabel(indexed.key, indexed.values)
      : index.model.workloads;
  const clusters = selector.clusters ? new Set(selector.clusters) : undefined;
  return candidates.filter(
    workload =>
      (!clusters || clusters.has(workload.cluster)) &&
      (!selector.namespace || workload.namespace === selector.namespace) &&
      (matchesLabels(selector.requirements, workload.labels ?? {}) ||
        (workload.controllerLabels !== undefined &&
          matchesLabels(selector.requirements, workload.controllerLabels))),
  );
}

/**
 * Normalises a relation target written in an entity's spec into a full ref.
 */
export function toEntityRef(
  value: unknown,
  defaultKind: string,
  defaultNamespace: string,
): string | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind, defaultNamespace }),
    );
  } catch {
    return undefined;
  }
}
