import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { DynamicClusterLocatorConfig } from '../config';
import { GKE_API, listGkeClusters } from './gkeClusters';

type GkeLocator = Extract<DynamicClusterLocatorConfig, { type: 'gke' }>;

const locator: GkeLocator = {
  type: 'gke',
  key: 'kubernetes.clusterLocatorMethods[0]',
  projectId: 'shop',
  region: 'europe-west1',
  authProvider: 'googleServiceAccount',
  skipTLSVerify: false,
  matchingResourceLabels: [{ key: 'mesh', value: 'istio' }],
  endpointType: 'public',
};

/** A recorded `projects.locations.clusters.list` answer (fields mesh reads). */
const listing = {
  clusters: [
    {
      name: 'shop-prod',
      endpoint: '34.77.10.20',
      resourceLabels: { mesh: 'istio', env: 'prod' },
      masterAuth: { clusterCaCertificate: 'Q0EtREFUQQ==' },
      controlPlaneEndpointsConfig: {
        dnsEndpointConfig: {
          endpoint: 'gke-abc.europe-west1.gke.goog',
        },
      },
    },
    { name: 'batch', endpoint: '34.77.10.21', resourceLabels: { env: 'prod' } },
    { name: 'no-endpoint', resourceLabels: { mesh: 'istio' } },
  ],
};

describe('GKE cluster locator (recorded GKE API responses)', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const seen: Array<{ url: string; auth: string | null }> = [];

  beforeEach(() => {
    seen.length = 0;
    server.use(
      http.get(
        `${GKE_API}/projects/:project/locations/:location/clusters`,
        ({ request }) => {
          seen.push({
            url: request.url,
            auth: request.headers.get('authorization'),
          });
          return HttpResponse.json(listing);
        },
      ),
    );
  });

  const list = (extra: Partial<GkeLocator> = {}) =>
    listGkeClusters({
      locator: { ...locator, ...extra },
      getAccessToken: async () => 'ya29.list-token',
      settings: name =>
        name === 'shop-prod' ? { name, istioClusterId: 'prod' } : undefined,
      timeoutMs: 5000,
    });

  it('lists the project location with a Google token and keeps clusters with every matching label', async () => {
    const clusters = await list();
    expect(seen).toEqual([
      {
        url: `${GKE_API}/projects/shop/locations/europe-west1/clusters`,
        auth: 'Bearer ya29.list-token',
      },
    ]);
    expect(clusters).toEqual([
      expect.objectContaining({
        name: 'shop-prod',
        url: 'https://34.77.10.20',
        source: 'gke',
        authProvider: 'googleServiceAccount',
        caData: 'Q0EtREFUQQ==',
        istioClusterId: 'prod',
      }),
      expect.objectContaining({
        name: 'no-endpoint',
        unsupportedReason: expect.stringContaining(
          "cluster 'no-endpoint' has no endpoint",
        ),
      }),
    ]);
  });

  it('uses the DNS endpoint with endpointType dns (publicly trusted, no cluster CA)', async () => {
    const [prod] = await list({ endpointType: 'dns' });
    expect(prod.url).toBe('https://gke-abc.europe-west1.gke.goog');
    expect(prod.caData).toBeUndefined();
  });

  it('fails naming the project when the listing is refused, without the token', async () => {
    server.use(
      http.get(
        `${GKE_API}/projects/:project/locations/:location/clusters`,
        () => HttpResponse.json({ error: { code: 403 } }, { status: 403 }),
      ),
    );
    const error = await list().then(
      () => new Error('expected a failure'),
      e => e as Error,
    );
    expect(error.message).toBe(
      'listing GKE clusters of project shop (location europe-west1): HTTP 403',
    );
  });
});
