import type { LoggerService } from '@backstage/backend-plugin-api';
import { mockErrorHandler, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startSimulator, type Simulator } from '@internal/k8s-sim';
import type { ClustersResponse } from '@mesh-portal/plugin-mesh-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import fs from 'node:fs';
import express from 'express';
import http1 from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  azureTokenEndpoints,
  googleServiceAccountKey,
  googleTokenEndpoint,
} from './clusters/__testUtils__/cloudEndpoints';
import { eksTokenProblem } from './clusters/__testUtils__/eksToken';
import { GKE_API } from './clusters/gkeClusters';
import { MemorySnapshotStore, unusedHistory } from './__testUtils__/fixtures';
import { memoryCache } from './telemetry/__testUtils__/memoryCache';
import { createMeshBackend, type MeshBackend } from './wiring';

/**
 * One simulated cluster per way of reaching a cluster, all read by the real
 * backend in one refresh: every locator and auth provider over real sockets,
 * with the cloud token and listing endpoints answered by recorded responses.
 */
const DEMO_CLUSTER = path.resolve(
  __dirname,
  '../../../packages/mesh-demo/clusters/compute',
);

const AWS_KEY = {
  accessKeyId: 'AKIAMESHSIM00000001',
  secretAccessKey: 'mesh-sim-aws-secret-access-key/000000000000',
};
const AZURE_SECRET = 'azure-client-secret-for-the-sim-test';
const AZURE_TOKEN = 'eyJ.azure-issued-aks-token-for-sim';
const GOOGLE_TOKEN = 'ya29.google-issued-token-for-sim';
const TOKENS = {
  sa: 'sa-token-for-the-sim-test',
  'oidc-east': 'oidc-background-token-for-sim',
  'cat-azure': AZURE_TOKEN,
  'gke-prod': GOOGLE_TOKEN,
  local: 'kubectl-proxy-is-anonymous-here',
  'eks-west': 'eks-simulated-backend-token',
};
type SimName = keyof typeof TOKENS;

function capturingLogger(lines: string[]): LoggerService {
  const make = (meta: object): LoggerService => {
    const log = (level: string) => (message: string, extra?: unknown) => {
      lines.push(
        `${level} ${message} ${JSON.stringify({ ...meta, extra })} ${
          extra instanceof Error ? `${extra.message} ${extra.stack}` : ''
        }`,
      );
    };
    return {
      error: log('error'),
      warn: log('warn'),
      info: log('info'),
      debug: log('debug'),
      child: childMeta => make({ ...meta, ...childMeta }),
    };
  };
  return make({});
}

/**
 * Stands in for the EKS authenticator in front of a simulated cluster: it
 * accepts only a valid EKS token for `clusterId` signed with the test key
 * and forwards with the simulator's own token.
 */
async function startEksFront(
  target: string,
  simToken: string,
  clusterId: string,
) {
  const checked: Array<string | undefined> = [];
  const server = http1.createServer((req, res) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const problem = token
      ? eksTokenProblem(token, { ...AWS_KEY, clusterId })
      : 'no token';
    checked.push(problem);
    if (problem) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ kind: 'Status', code: 401, message: 'Unauthorized' }),
      );
      return;
    }
    const upstream = http1.request(
      `${target}${req.url}`,
      {
        method: req.method,
        headers: { ...req.headers, authorization: `Bearer ${simToken}` },
      },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, checked, server };
}

// One refresh reads seven clusters and three token endpoints: slow on a busy machine.
jest.setTimeout(120_000);

describe('every cluster locator and auth provider, read by the backend from simulated clusters', () => {
  let simulator: Simulator;
  let app: express.Express;
  let backend: MeshBackend;
  let manifests: string;
  let eksFront: Awaited<ReturnType<typeof startEksFront>>;
  const savedEnv = { ...process.env };
  const msw = setupServer();
  const logLines: string[] = [];
  const bodies: string[] = [];
  const googleKey = googleServiceAccountKey();
  const googleAssertions: string[] = [];
  const gkeListings: Array<string | null> = [];

  const get = async (url: string) => {
    const response = await request(app).get(url);
    bodies.push(response.text);
    return response;
  };

  beforeAll(async () => {
    manifests = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-cluster-access-'));
    for (const name of Object.keys(TOKENS)) {
      fs.symlinkSync(DEMO_CLUSTER, path.join(manifests, name));
    }
    simulator = await startSimulator({
      manifestsDir: manifests,
      clusters: (Object.keys(TOKENS) as SimName[]).map(name => ({
        name,
        token: TOKENS[name],
        port: 0,
        tlsPort: 0,
        // `kubectl proxy` answers without credentials.
        anonymousRead: name === 'local',
      })),
    });
    const sim = (name: SimName) =>
      simulator.clusters.find(c => c.name === name)!;
    const caData = Buffer.from(simulator.certificateAuthority!).toString(
      'base64',
    );
    eksFront = await startEksFront(
      sim('eks-west').url,
      TOKENS['eks-west'],
      'eks-west',
    );

    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: AWS_KEY.accessKeyId,
      AWS_SECRET_ACCESS_KEY: AWS_KEY.secretAccessKey,
      AZURE_TENANT_ID: '72f988bf-0000-0000-0000-000000000001',
      AZURE_CLIENT_ID: '00000000-0000-0000-0000-00000000bbbb',
      AZURE_CLIENT_SECRET: AZURE_SECRET,
    });
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_SESSION_TOKEN;

    msw.use(
      googleTokenEndpoint(googleAssertions, GOOGLE_TOKEN),
      ...azureTokenEndpoints([], AZURE_TOKEN),
      http.get(
        `${GKE_API}/projects/shop/locations/-/clusters`,
        ({ request: listing }) => {
          gkeListings.push(listing.headers.get('authorization'));
          const { port } = new URL(sim('gke-prod').tlsUrl!);
          return HttpResponse.json({
            clusters: [
              {
                name: 'gke-prod',
                endpoint: `127.0.0.1:${port}`,
                resourceLabels: { mesh: 'istio' },
                masterAuth: { clusterCaCertificate: caData },
              },
              {
                name: 'gke-other',
                endpoint: '127.0.0.1:1',
                resourceLabels: {},
              },
            ],
          });
        },
      ),
    );
    msw.listen({ onUnhandledRequest: 'bypass' });

    const entities: Entity[] = [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'cat-azure',
          namespace: 'default',
          annotations: {
            'kubernetes.io/api-server': sim('cat-azure').tlsUrl!,
            'kubernetes.io/api-server-certificate-authority': caData,
            'kubernetes.io/auth-provider': 'azure',
          },
        },
        spec: { type: 'kubernetes-cluster', owner: 'team-platform' },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'cat-bad',
          namespace: 'default',
          annotations: {
            'kubernetes.io/api-server': sim('cat-azure').tlsUrl!,
            'kubernetes.io/auth-provider': 'azure',
          },
        },
        spec: { type: 'kubernetes-cluster', owner: 'team-platform' },
      },
    ];

    const mesh = await createMeshBackend(
      {
        config: new ConfigReader({
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            googleServiceAccountCredentials: JSON.stringify(googleKey),
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  {
                    name: 'sa',
                    url: sim('sa').tlsUrl,
                    authProvider: 'serviceAccount',
                    serviceAccountToken: TOKENS.sa,
                    caData,
                  },
                  {
                    name: 'oidc-east',
                    url: sim('oidc-east').tlsUrl,
                    authProvider: 'oidc',
                    oidcTokenProvider: 'okta',
                    caData,
                  },
                  {
                    name: 'eks-west',
                    url: eksFront.url,
                    authProvider: 'aws',
                    skipTLSVerify: true,
                  },
                  {
                    name: 'google-user',
                    url: sim('sa').tlsUrl,
                    authProvider: 'google',
                    caData,
                  },
                ],
              },
              {
                type: 'catalog',
                dangerouslyAllowClusterUrls: ['127.0.0.1'],
              },
              {
                type: 'gke',
                projectId: 'shop',
                authProvider: 'googleServiceAccount',
                matchingResourceLabels: [{ key: 'mesh', value: 'istio' }],
              },
              { type: 'localKubectlProxy' },
            ],
          },
          mesh: {
            // The scheduled full re-list (mesh-refresh) this test drives.
            collection: { mode: 'poll' },
            refresh: { frequency: { seconds: 30 }, timeout: { seconds: 60 } },
            requestTimeout: { seconds: 10 },
            clusters: [
              {
                name: 'oidc-east',
                serviceAccountToken: TOKENS['oidc-east'],
              },
            ],
          },
        }),
        logger: capturingLogger(logLines),
        httpAuth: mockServices.httpAuth(),
        auth: mockServices.auth(),
        permissions: mockServices.permissions(),
        catalog: catalogServiceMock({ entities }),
        cache: memoryCache(),
        database: mockServices.database.mock(),
      },
      {
        snapshotStore: new MemorySnapshotStore(),
        history: unusedHistory(),
        // `kubectl proxy`'s fixed port 8001 is not a test's to take: the
        // locator is pointed at the simulated proxy instead.
        clusterAccess: { kubectlProxyUrl: sim('local').url },
      },
    );
    backend = mesh;
    app = express().use(mesh.router).use(mockErrorHandler());
  }, 120_000);

  afterAll(async () => {
    process.env = { ...savedEnv };
    msw.close();
    await new Promise(resolve => eksFront?.server.close(resolve));
    await simulator?.stop();
    fs.rmSync(manifests, { recursive: true, force: true });
  });

  it('reads each cluster with its own auth method, and reports the unreadable ones next to them', async () => {
    await backend.snapshot.refresh();
    const response = await get('/clusters');
    expect(response.status).toBe(200);
    const { clusters } = response.body as ClustersResponse;
    const byName = new Map(clusters.map(c => [c.name, c]));
    for (const name of [
      'sa',
      'oidc-east',
      'eks-west',
      'cat-azure',
      'gke-prod',
      'local',
    ]) {
      expect([name, byName.get(name)?.error]).toEqual([name, undefined]);
      expect(byName.get(name)?.ok).toBe(true);
      expect(byName.get(name)?.mesh?.counts.Pod).toBeGreaterThan(0);
    }
    expect(byName.get('google-user')?.error).toContain(
      "authProvider 'google' reads with the signed-in user's token",
    );
    expect(byName.get('cat-bad')?.error).toBe(
      'catalog entity resource:default/cat-bad: missing annotation kubernetes.io/api-server-certificate-authority',
    );
    // Filtered out by matchingResourceLabels: never listed, never read.
    expect(byName.has('gke-other')).toBe(false);
    // Recorded cloud answers were used: GKE was listed with a Google token,
    // and the EKS stand-in only ever saw valid tokens for its cluster.
    expect(gkeListings).toEqual([`Bearer ${GOOGLE_TOKEN}`]);
    expect(googleAssertions.length).toBeGreaterThan(0);
    expect(eksFront.checked.length).toBeGreaterThan(0);
    expect(eksFront.checked.every(problem => problem === undefined)).toBe(true);
  });

  it('puts no credential in a response or a log line', async () => {
    await get('/clusters');
    const text = [...bodies, ...logLines].join('\n');
    const secrets = [
      ...Object.values(TOKENS).filter(t => t !== TOKENS.local),
      AWS_KEY.secretAccessKey,
      AZURE_SECRET,
      ...googleKey.private_key
        .split('\n')
        .filter(line => line && !line.startsWith('-----')),
      'k8s-aws-v1.',
    ];
    for (const secret of secrets) {
      expect([secret, text.includes(secret)]).toEqual([secret, false]);
    }
  });
});
