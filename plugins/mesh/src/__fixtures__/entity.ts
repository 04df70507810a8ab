import type { Entity } from '@backstage/catalog-model';

/**
 * The web frontend: runs in both demo clusters (sidecar on `platform`,
 * ambient on `compute`).
 */
export const webFrontendEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'web-frontend',
    namespace: 'default',
    title: 'Web Frontend',
    annotations: { 'backstage.io/kubernetes-id': 'web-frontend' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:web' },
};

/** A component without any Kubernetes annotation. */
export const unannotatedEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'docs-site', namespace: 'default' },
  spec: { type: 'website', lifecycle: 'production', owner: 'group:web' },
};
