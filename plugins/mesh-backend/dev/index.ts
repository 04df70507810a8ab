/**
 * Runs the mesh backend alone (`yarn start` in this package), with mock
 * auth and a small in-memory catalog, against the clusters in the repo's
 * `app-config.yaml` (start the demo simulator first, see the README).
 *
 *   curl http://localhost:7007/api/mesh/health
 *   curl http://localhost:7007/api/mesh/clusters
 *   curl http://localhost:7007/api/mesh/entity/default/component/web-frontend
 *   curl 'http://localhost:7007/api/mesh/audit?notStrict=true&limit=20'
 *
 * The mock `httpAuth` treats a request without credentials as a mock user,
 * and every permission is allowed (there is no permission backend here).
 */
import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

const component = (name: string, owner: string, system: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': name },
  },
  spec: { type: 'service', lifecycle: 'production', owner, system },
});

const backend = createBackend();
backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(
  mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
);
backend.add(
  catalogServiceMock.factory({
    entities: [
      component('web-frontend', 'team-web', 'web-platform'),
      component('public-api', 'team-api', 'web-platform'),
      component('auth-service', 'team-identity', 'web-platform'),
      component('pipeline-scheduler', 'team-data', 'data-platform'),
      component('spark-job-runner', 'team-data', 'data-platform'),
    ],
  }),
);
backend.add(import('../src'));
backend.start();
