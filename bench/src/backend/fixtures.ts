import type { Entity } from '@backstage/catalog-model';

/** Benchmark mesh size: per cluster, DEPLOYMENTS Deployments of PODS_PER_DEPLOYMENT pods. */
export const CLUSTERS = ['platform', 'compute'];
export const NAMESPACES = 50;
export const DEPLOYMENTS = 2_500;
export const PODS_PER_DEPLOYMENT = 4;

/** Name of the i-th service of a cluster (unique across clusters). */
export const serviceName = (cluster: number, i: number) =>
  `svc-${cluster * DEPLOYMENTS + i}`;

/** One catalog Component per Deployment: 5,000 entities. */
export function benchEntities(): Entity[] {
  return CLUSTERS.flatMap((_, c) =>
    Array.from({ length: DEPLOYMENTS }, (__, i) => {
      const name = serviceName(c, i);
      return {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name,
          namespace: 'default',
          annotations: { 'backstage.io/kubernetes-id': name },
        },
        spec: {
          type: 'service',
          lifecycle: 'production',
          owner: `team-${i % NAMESPACES}`,
        },
      };
    }),
  );
}
