/**
 * Annotations the mesh plugins read from catalog entities.
 *
 * They are the Backstage Kubernetes plugin's own annotations, so an entity that
 * already shows on the Kubernetes tab needs nothing more to show in the mesh.
 */

/**
 * Workloads whose pods carry the label `backstage.io/kubernetes-id=<value>`.
 * @public
 */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';

/**
 * A Kubernetes label selector (equality and set-based) matching the entity's pods.
 * Takes precedence over {@link KUBERNETES_ID_ANNOTATION}.
 * @public
 */
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';

/**
 * Restricts the match to one namespace.
 * @public
 */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';

/**
 * Restricts the match to the named clusters (comma-separated Backstage cluster names).
 * @public
 */
export const KUBERNETES_CLUSTER_ANNOTATION = 'backstage.io/kubernetes-cluster';

/**
 * The annotation whose presence makes the mesh card and tab available,
 * shown by `MissingAnnotationEmptyState` when absent.
 * @public
 */
export const MESH_ANNOTATION = KUBERNETES_ID_ANNOTATION;
