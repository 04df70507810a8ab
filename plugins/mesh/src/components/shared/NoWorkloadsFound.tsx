import type { Entity } from '@backstage/catalog-model';
import { EmptyState } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import {
  KUBERNETES_CLUSTER_ANNOTATION,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from '@mesh-portal/plugin-mesh-common';

/**
 * What the backend looked for, in words, from the entity's Kubernetes
 * annotations, e.g. "pods labelled backstage.io/kubernetes-id=web-frontend
 * in namespace web of clusters platform, compute".
 * @public
 */
export function describeWorkloadSelector(
  entity: Entity,
  searchedClusters: string[],
): string {
  const annotations = entity.metadata.annotations ?? {};
  const selector = annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION];
  const id = annotations[KUBERNETES_ID_ANNOTATION];
  const what = selector
    ? `pods matching the label selector "${selector}"`
    : `pods labelled ${KUBERNETES_ID_ANNOTATION}=${id ?? entity.metadata.name}`;
  const namespace = annotations[KUBERNETES_NAMESPACE_ANNOTATION];
  const where = namespace ? ` in namespace ${namespace}` : ' in any namespace';
  const clusterAnnotation = annotations[KUBERNETES_CLUSTER_ANNOTATION];
  const clusters = clusterAnnotation
    ? clusterAnnotation.split(',').map(name => name.trim())
    : searchedClusters;
  const of =
    clusters.length > 0
      ? ` of cluster${clusters.length === 1 ? '' : 's'} ${clusters.join(', ')}`
      : ' (no cluster is configured)';
  return `${what}${where}${of}`;
}

/**
 * Props of {@link NoWorkloadsFound}.
 * @public
 */
export interface NoWorkloadsFoundProps {
  entity: Entity;
  /** The clusters the backend searched. */
  clusters: string[];
  /** A few lines of text instead of the full-page empty state (for cards). */
  compact?: boolean;
}

/**
 * The empty state when the entity is annotated but no workload matched:
 * says what was looked for, so the annotation or the labels can be fixed.
 * @public
 */
export function NoWorkloadsFound(props: NoWorkloadsFoundProps) {
  const description = `Looked for ${describeWorkloadSelector(
    props.entity,
    props.clusters,
  )}, and found none. Check that the pods carry this label, or change the entity's Kubernetes annotations.`;
  if (props.compact) {
    return (
      <>
        <Typography variant="subtitle2">No workloads found</Typography>
        <Typography variant="body2" color="textSecondary">
          {description}
        </Typography>
      </>
    );
  }
  return (
    <EmptyState
      missing="data"
      title="No workloads found"
      description={description}
    />
  );
}
