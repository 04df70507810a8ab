/**
 * One config contract for both plugins: the frontend's and the backend's keys
 * live together under `mesh:`. These tests compile the two `config.d.ts` files
 * the way Backstage does, set every key they declare, and start the real
 * backend plugin with that configuration.
 */
import { loadConfigSchema } from '@backstage/config-loader';
import type { JsonObject, JsonValue } from '@backstage/types';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { resolve as resolvePath } from 'node:path';
import { meshPlugin } from '../plugin';

// Compiling the schemas runs the TypeScript compiler: seconds, more on a busy machine.
jest.setTimeout(120_000);

const packageRoot = resolvePath(__dirname, '../..');
const packageJsonPaths = [
  resolvePath(packageRoot, '../mesh/package.json'),
  resolvePath(packageRoot, 'package.json'),
];

/**
 * Every key of both `config.d.ts` files set, with values the backend accepts.
 * Network targets are closed loopback ports: the refresh fails and is
 * reported per cluster, which is not what these tests are about.
 */
const everyKey: JsonObject = {
  kubernetes: {
    serviceLocatorMethod: { type: 'multiTenant' },
    // Read only for googleServiceAccount clusters and GKE: none here.
    googleServiceAccountCredentials: '{"type":"service_account"}',
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name: 'platform',
            url: 'http://127.0.0.1:9',
            authProvider: 'serviceAccount',
            authMetadata: { 'kubernetes.io/auth-provider': 'serviceAccount' },
            oidcTokenProvider: 'unused-by-serviceAccount',
            serviceAccountToken: 'contract-test-token',
            caData: 'Y29udHJhY3QtdGVzdA==',
            caFile: '/nonexistent/ca.pem',
            skipTLSVerify: true,
          },
        ],
      },
    ],
  },
  mesh: {
    // The frontend plugin's key (plugins/mesh/config.d.ts).
    refreshIntervalMs: 15000,
    // The backend plugin's keys (plugins/mesh-backend/config.d.ts).
    refresh: { frequency: { minutes: 10 }, timeout: '1m' },
    collection: {
      mode: 'poll',
      debounce: '500ms',
      maxDelay: { seconds: 2 },
      resync: '15m',
    },
    requestTimeout: { seconds: 2 },
    excludeNamespaces: ['kube-system'],
    clusters: [
      {
        name: 'platform',
        istioClusterId: 'platform-east',
        serviceAccountToken: 'contract-background-token',
        rootNamespace: 'istio-config',
        prometheus: {
          url: 'http://127.0.0.1:9/prometheus',
          headers: { 'X-Scope-OrgID': 'platform' },
          bearerToken: 'contract-test-prometheus-token',
          timeout: '3s',
          clusterLabel: 'cluster',
          clusterLabelValue: 'platform-east',
        },
      },
    ],
    prometheus: {
      name: 'thanos',
      url: 'http://127.0.0.1:9/thanos',
      headers: { 'X-Scope-OrgID': 'shared' },
      basicAuth: { username: 'mesh', password: 'contract-test-password' },
      timeout: { seconds: 5 },
      clusterLabel: 'istio_cluster',
    },
    telemetry: {
      window: '10m',
      scrapeInterval: '30s',
      cacheTtl: '20s',
      background: { interval: '30s', windows: ['10m', '1h'] },
    },
    links: {
      grafana: 'https://grafana.example.com/d/mesh?var-workload={{workload}}',
      traces: 'https://traces.example.com/search?service={{service}}',
      kiali:
        'https://kiali.example.com/namespaces/{{namespace}}/workloads/{{workload}}',
    },
    history: { frequency: { hours: 12 } },
  },
};

/**
 * The other credential of each Prometheus (a source takes one of the two):
 * basic auth per cluster, a bearer token for the shared store.
 */
const otherCredentials: JsonObject = {
  kubernetes: everyKey.kubernetes,
  mesh: {
    clusters: [
      {
        name: 'platform',
        prometheus: {
          url: 'http://127.0.0.1:9/prometheus',
          basicAuth: { username: 'mesh', password: 'contract-test-password' },
        },
      },
    ],
    prometheus: {
      url: 'http://127.0.0.1:9/thanos',
      bearerToken: 'contract-test-prometheus-token',
    },
  },
};

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
};

/**
 * The leaf keys a JSON schema declares, e.g. `mesh.clusters[].prometheus.url`.
 * A union (duration object or string) or a map (headers) counts as one leaf.
 */
function declaredKeys(schema: JsonSchema, prefix = ''): string[] {
  if (schema.properties) {
    return Object.entries(schema.properties).flatMap(([key, child]) =>
      declaredKeys(child, prefix ? `${prefix}.${key}` : key),
    );
  }
  if (schema.type === 'array' && schema.items) {
    return declaredKeys(schema.items, `${prefix}[]`);
  }
  return [prefix];
}

/** The values at a key such as `mesh.clusters[].name`, across array items. */
function valuesAt(data: JsonValue | undefined, key: string): JsonValue[] {
  let current: (JsonValue | undefined)[] = [data];
  for (const part of key.split('.')) {
    const isList = part.endsWith('[]');
    const name = isList ? part.slice(0, -2) : part;
    current = current.flatMap(value => {
      const next =
        value && typeof value === 'object' && !Array.isArray(value)
          ? (value as JsonObject)[name]
          : undefined;
      if (!isList) return [next];
      return Array.isArray(next) ? next : [];
    });
  }
  return current.filter((value): value is JsonValue => value !== undefined);
}

async function loadBothSchemas(noUndeclaredProperties = false) {
  return loadConfigSchema({
    dependencies: [],
    packagePaths: packageJsonPaths,
    excludePackageDependencies: true,
    noUndeclaredProperties,
  });
}

function startBackendWith(data: JsonObject) {
  return startTestBackend({
    features: [
      meshPlugin,
      catalogServiceMock.factory({ entities: [] }),
      mockServices.rootConfig.factory({ data }),
    ],
  });
}

describe('the shared mesh configuration', () => {
  it('covers every key both config.d.ts files declare, and nothing else', async () => {
    const schema = await loadBothSchemas(true);
    const { schemas } = schema.serialize() as unknown as {
      schemas: Array<{ packageName: string; value: JsonSchema }>;
    };
    expect(schemas.map(s => s.packageName).sort()).toEqual([
      '@mesh-portal/plugin-mesh',
      '@mesh-portal/plugin-mesh-backend',
    ]);
    const keys = schemas.flatMap(s => declaredKeys(s.value));
    expect(keys).toContain('mesh.refreshIntervalMs');
    expect(keys).toContain('mesh.clusters[].prometheus.bearerToken');
    const notSet = keys.filter(
      key =>
        valuesAt(everyKey, key).length === 0 &&
        valuesAt(otherCredentials, key).length === 0,
    );
    expect(notSet).toEqual([]);

    // Types match the declarations and no key is outside them.
    expect(() =>
      schema.process([{ data: { mesh: { bogus: 1 } }, context: 'probe' }]),
    ).toThrow(/bogus/);
    for (const data of [everyKey, otherCredentials]) {
      expect(() =>
        schema.process([{ data, context: 'contract-test' }]),
      ).not.toThrow();
    }
  });

  it('starts the real backend plugin with every key of both plugins set', async () => {
    const backend = await startBackendWith(everyKey);
    try {
      const health = await request(backend.server).get('/api/mesh/health');
      expect(health.status).toBe(200);
      const clusters = await request(backend.server).get('/api/mesh/clusters');
      expect(clusters.status).toBe(200);
      expect(JSON.stringify(clusters.body)).toContain('platform');
    } finally {
      await backend.stop();
    }
  });

  it('starts with the other credential of each Prometheus', async () => {
    const backend = await startBackendWith(otherCredentials);
    try {
      const health = await request(backend.server).get('/api/mesh/health');
      expect(health.status).toBe(200);
    } finally {
      await backend.stop();
    }
  });

  it('refuses to start on a key that belongs to neither plugin, naming it', async () => {
    await expect(
      startBackendWith({
        mesh: { ...(everyKey.mesh as JsonObject), refreshIntervalMS: 15000 },
        kubernetes: everyKey.kubernetes,
      }),
    ).rejects.toThrow(/mesh\.refreshIntervalMS: unknown key/);
  });

  it('refuses a frontend key of the wrong type, naming it', async () => {
    await expect(
      startBackendWith({ mesh: { refreshIntervalMs: -5 } }),
    ).rejects.toThrow(/mesh\.refreshIntervalMs: must be 0 \(off\) or more/);
  });
});
