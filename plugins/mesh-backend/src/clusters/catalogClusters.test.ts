import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { DynamicClusterLocatorConfig } from '../config';
import { catalogEntityToCluster, readCatalogClusters } from './catalogClusters';

const CA = Buffer.from(
  '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
).toString('base64');

const locator: Extract<DynamicClusterLocatorConfig, { type: 'catalog' }> = {
  type: 'catalog',
  key: 'kubernetes.clusterLocatorMethods[1]',
  dangerouslyAllowClusterUrls: [],
  dangerouslyAllowSkipTLSVerify: false,
};

const clusterEntity = (
  name: string,
  annotations: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'kubernetes-cluster', owner: 'team-platform' },
});

const good = {
  'kubernetes.io/api-server': 'https://eks.example.com',
  'kubernetes.io/api-server-certificate-authority': CA,
  'kubernetes.io/auth-provider': 'aws',
  'kubernetes.io/aws-assume-role': 'arn:aws:iam::123456789012:role/mesh',
  'kubernetes.io/skip-tls-verify': 'true',
  'backstage.io/techdocs-ref': 'dir:.',
};

const publicHost = async () => ['203.0.114.10'];

describe('catalog cluster locator', () => {
  it('turns a kubernetes-cluster Resource into a cluster by its annotations', async () => {
    const cluster = await catalogEntityToCluster(
      clusterEntity('eks-east', good),
      locator,
      { name: 'eks-east', istioClusterId: 'east' },
      publicHost,
    );
    expect(cluster).toEqual(
      expect.objectContaining({
        name: 'eks-east',
        url: 'https://eks.example.com/'.replace(/\/$/, ''),
        source: 'catalog',
        authProvider: 'aws',
        caData: CA,
        // Only honoured with dangerouslyAllowSkipTLSVerify.
        skipTLSVerify: false,
        istioClusterId: 'east',
        authMetadata: {
          'kubernetes.io/api-server': 'https://eks.example.com',
          'kubernetes.io/api-server-certificate-authority': CA,
          'kubernetes.io/auth-provider': 'aws',
          'kubernetes.io/aws-assume-role':
            'arn:aws:iam::123456789012:role/mesh',
          'kubernetes.io/skip-tls-verify': 'true',
        },
      }),
    );
    expect(cluster.unsupportedReason).toBeUndefined();
    const trusting = await catalogEntityToCluster(
      clusterEntity('eks-east', good),
      { ...locator, dangerouslyAllowSkipTLSVerify: true },
      undefined,
      publicHost,
    );
    expect(trusting.skipTLSVerify).toBe(true);
  });

  it.each([
    [
      { ...good, 'kubernetes.io/api-server': undefined },
      'catalog entity resource:default/bad: missing annotation kubernetes.io/api-server',
    ],
    [
      {
        ...good,
        'kubernetes.io/api-server-certificate-authority': undefined,
        'kubernetes.io/auth-provider': undefined,
      },
      'missing annotation kubernetes.io/api-server-certificate-authority, kubernetes.io/auth-provider',
    ],
    [
      { ...good, 'kubernetes.io/auth-provider': 'serviceAccount' },
      'serviceAccount is refused for catalog clusters',
    ],
    [
      {
        ...good,
        'kubernetes.io/api-server-certificate-authority': 'not a cert',
      },
      'must be a base64-encoded PEM certificate',
    ],
    [
      { ...good, 'kubernetes.io/api-server': 'https://169.254.169.254' },
      'annotation kubernetes.io/api-server host',
    ],
    [
      { ...good, 'kubernetes.io/api-server': 'http://eks.example.com' },
      'annotation kubernetes.io/api-server must use https',
    ],
    [{ ...good, 'kubernetes.io/auth-provider': 'oidc' }, "authProvider 'oidc'"],
  ])(
    'reports a malformed entity as an unreadable cluster (%#)',
    async (annotations, reason) => {
      const cluster = await catalogEntityToCluster(
        clusterEntity(
          'bad',
          Object.fromEntries(
            Object.entries(annotations).filter(([, v]) => v !== undefined),
          ) as Record<string, string>,
        ),
        locator,
        undefined,
        publicHost,
      );
      expect(cluster.name).toBe('bad');
      expect(cluster.unsupportedReason).toContain(reason);
    },
  );

  it('never passes a serviceAccountToken annotation on', async () => {
    const cluster = await catalogEntityToCluster(
      clusterEntity('eks', { ...good, serviceAccountToken: 'catalog-secret' }),
      locator,
      undefined,
      publicHost,
    );
    expect(JSON.stringify(cluster)).not.toContain('catalog-secret');
  });

  it('reads only kubernetes-cluster Resources, with the plugin credentials', async () => {
    const catalog = catalogServiceMock({
      entities: [
        clusterEntity('eks-east', good),
        { ...clusterEntity('db', good), spec: { type: 'database' } },
        {
          ...clusterEntity('web', {}),
          kind: 'Component',
        },
      ],
    });
    const clusters = await readCatalogClusters({
      catalog,
      auth: mockServices.auth(),
      locator,
      settings: () => undefined,
      resolve: publicHost,
    });
    expect(clusters.map(c => c.name)).toEqual(['eks-east']);
  });
});
