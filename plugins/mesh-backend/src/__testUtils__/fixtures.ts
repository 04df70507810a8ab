import type { PermissionsService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type {
  MeshModel,
  MtlsDecision,
  Workload,
} from '@mesh-portal/plugin-mesh-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ConfigReader } from '@backstage/config';
import { readMeshConfig, type MeshConfig } from '../config';
import { emptyClusterObjects } from '../engine/emptyClusterObjects';
import type { ClusterObjects } from '../engine/types';
import type { HistoryStore } from '../history';
import {
  SnapshotManager,
  type CollectCluster,
  type SnapshotStore,
} from '../snapshot';

/** A {@link SnapshotStore} in memory, for tests of one replica. */
export class MemorySnapshotStore implements SnapshotStore {
  readonly rows = new Map<
    string,
    Awaited<ReturnType<SnapshotStore['readStates']>>[number] & {
      objects?: ClusterObjects;
    }
  >();
  async readStates() {
    return [...this.rows.values()].map(({ objects: _, ...state }) => state);
  }
  async readObjects(cluster: string) {
    return this.rows.get(cluster)?.objects;
  }
  async writeSuccess(
    cluster: string,
    objects: ClusterObjects,
    missingApis: string[],
    at: number,
  ) {
    const row = {
      cluster,
      objects,
      objectsVersion: JSON.stringify(objects),
      lastSuccess: at,
      lastAttempt: at,
      missingApis,
    };
    this.rows.set(cluster, row);
    const { objects: _, ...state } = row;
    return state;
  }
  async writeFailure(cluster: string, error: string, at: number) {
    const previous = this.rows.get(cluster);
    const row = {
      missingApis: [],
      ...previous,
      cluster,
      error,
      lastAttempt: at,
    };
    this.rows.set(cluster, row);
    const { objects: _, ...state } = row;
    return state;
  }
}

const strict: MtlsDecision = {
  mode: 'STRICT',
  scope: 'mesh',
  policy: {
    cluster: 'platform',
    kind: 'PeerAuthentication',
    namespace: 'istio-system',
    name: 'default',
  },
  reason: 'STRICT from mesh-wide policy istio-system/default',
};

/** A workload of the test mesh. */
export function workload(
  namespace: string,
  name: string,
  labels: Record<string, string>,
  overrides: Partial<Workload> = {},
): Workload {
  return {
    id: `platform/${namespace}/Deployment/${name}`,
    cluster: 'platform',
    namespace,
    kind: 'Deployment',
    name,
    labels,
    replicas: { desired: 1, ready: 1, current: 1 },
    versions: ['v1'],
    images: [`${name}:1`],
    membership: { state: 'sidecar', pods: { sidecar: 1 }, reason: 'injected' },
    mtls: {
      workload: strict,
      ports: [{ port: 8080, decision: strict }],
      enforced: true,
    },
    coverage: 'strict',
    services: [name],
    ...overrides,
  };
}

/**
 * The test mesh: `web-frontend` (claimed by a visible entity), `secret-api`
 * (claimed by an entity the test user cannot see) and `debug-toolbox`
 * (claimed by nobody).
 */
export const testModel: MeshModel = {
  clusters: [
    {
      cluster: 'platform',
      istioClusterId: 'platform-east',
      rootNamespace: 'istio-system',
      autoMtls: true,
      revisions: ['default'],
      counts: { Pod: 3 },
    },
  ],
  workloads: [
    workload('web', 'web-frontend', {
      'backstage.io/kubernetes-id': 'web-frontend',
    }),
    workload('api', 'secret-api', {
      'backstage.io/kubernetes-id': 'secret-api',
    }),
    workload(
      'api',
      'debug-toolbox',
      { app: 'debug-toolbox' },
      {
        coverage: 'outside',
        membership: { state: 'none', pods: { none: 1 }, reason: 'opted out' },
      },
    ),
  ],
  services: [],
  findings: [
    {
      code: 'MESH-TEST',
      severity: 'warning',
      cluster: 'platform',
      message: 'something',
      fix: 'fix it',
      objects: [],
      workloads: ['platform/web/Deployment/web-frontend'],
    },
  ],
};

/** A component entity with the Kubernetes id annotation. */
export function component(name: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': name },
    },
    spec: { type: 'service', owner, lifecycle: 'production' },
  };
}

/** Root config with one cluster named `platform` and the given `mesh` block. */
export function testRootConfig(mesh: object = {}): ConfigReader {
  return new ConfigReader({
    mesh,
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'platform',
              url: 'https://platform.example.com',
              authProvider: 'serviceAccount',
              serviceAccountToken: 'secret-token',
            },
          ],
        },
      ],
    },
  });
}

/** Config with one cluster named `platform`. */
export function testConfig(mesh: object = {}): MeshConfig {
  return readMeshConfig(testRootConfig(mesh));
}

/** Reads every cluster as empty (the tests' model comes from {@link testModel}). */
export const emptyCollect: CollectCluster = async cluster => ({
  objects: emptyClusterObjects(cluster.name),
  missingApis: [],
});

/** A history store that fails the test when used. */
export function unusedHistory(): HistoryStore {
  const unused = async () => {
    throw new Error('history store not expected in this test');
  };
  return {
    record: unused,
    query: unused,
    seed: unused,
    prune: unused,
  };
}

/** A snapshot manager already refreshed with {@link testModel}. */
export async function refreshedSnapshot(config: MeshConfig) {
  const snapshot = new SnapshotManager({
    config,
    store: new MemorySnapshotStore(),
    logger: mockServices.logger.mock(),
    computeModel: () => testModel,
    collect: emptyCollect,
  });
  await snapshot.refresh();
  return snapshot;
}

/** Permissions allowing everything except the named permissions. */
export function permissionsDenying(...denied: string[]): PermissionsService {
  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockImplementation(async requests =>
    requests.map(request => ({
      result: denied.includes(request.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    })),
  );
  return permissions;
}
