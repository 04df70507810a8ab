import { ConfigReader } from '@backstage/config';
import { readMeshConfig } from './readMeshConfig';

const read = (data: object) => readMeshConfig(new ConfigReader(data as any));
const problemOf = (data: object) => {
  try {
    read(data);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
};

const cluster = (extra: object) => ({
  name: 'east',
  url: 'https://east.example.com',
  ...extra,
});
const withClusters = (...clusters: object[]) => ({
  kubernetes: { clusterLocatorMethods: [{ type: 'config', clusters }] },
});

describe('readMeshConfig: cluster locators and auth providers', () => {
  it('reads every locator type the Kubernetes plugin has, in order', () => {
    const config = read({
      kubernetes: {
        clusterLocatorMethods: [
          { type: 'config', clusters: [] },
          { type: 'catalog', dangerouslyAllowClusterUrls: ['*.internal'] },
          {
            type: 'gke',
            projectId: 'shop',
            authProvider: 'googleServiceAccount',
            matchingResourceLabels: [{ key: 'mesh', value: 'yes' }],
            endpointType: 'dns',
          },
          { type: 'gke', projectId: 'other', authProvider: 'anything' },
          { type: 'localKubectlProxy' },
        ],
      },
    });
    expect(config.locators).toEqual([
      {
        type: 'catalog',
        key: 'kubernetes.clusterLocatorMethods[1]',
        dangerouslyAllowClusterUrls: ['*.internal'],
        dangerouslyAllowSkipTLSVerify: false,
      },
      {
        type: 'gke',
        key: 'kubernetes.clusterLocatorMethods[2]',
        projectId: 'shop',
        region: '-',
        authProvider: 'googleServiceAccount',
        skipTLSVerify: false,
        matchingResourceLabels: [{ key: 'mesh', value: 'yes' }],
        endpointType: 'dns',
      },
      // As the Kubernetes plugin: anything but googleServiceAccount is google.
      expect.objectContaining({ projectId: 'other', authProvider: 'google' }),
      { type: 'localKubectlProxy', key: 'kubernetes.clusterLocatorMethods[4]' },
    ]);
  });

  it.each([
    [
      { kubernetes: { clusterLocatorMethods: [{ type: 'eks' }] } },
      "kubernetes.clusterLocatorMethods[0].type: must be one of config, catalog, gke, localKubectlProxy (got 'eks')",
    ],
    [
      { kubernetes: { clusterLocatorMethods: [{ type: 'gke' }] } },
      'kubernetes.clusterLocatorMethods[0].projectId: Required',
    ],
    [
      {
        kubernetes: {
          clusterLocatorMethods: [
            { type: 'gke', projectId: 'p', endpointType: 'private' },
          ],
        },
      },
      'kubernetes.clusterLocatorMethods[0].endpointType:',
    ],
    [
      {
        kubernetes: {
          clusterLocatorMethods: [
            { type: 'catalog', dangerouslyAllowSkipTLSVerify: 'yes' },
          ],
        },
      },
      'kubernetes.clusterLocatorMethods[0].dangerouslyAllowSkipTLSVerify: Expected boolean',
    ],
    [
      withClusters(cluster({})),
      'kubernetes.clusterLocatorMethods[0].clusters[0].authProvider: required (or authMetadata.kubernetes.io/auth-provider)',
    ],
    [
      withClusters(cluster({ authProvider: 'oidc' })),
      'kubernetes.clusterLocatorMethods[0].clusters[0].oidcTokenProvider: required by authProvider oidc',
    ],
    [
      { kubernetes: { serviceLocatorMethod: { type: 'http' } } },
      "kubernetes.serviceLocatorMethod.type: 'http' is not implemented",
    ],
    [
      { kubernetes: { serviceLocatorMethod: { type: 'everywhere' } } },
      'kubernetes.serviceLocatorMethod.type: must be multiTenant, singleTenant or catalogRelation',
    ],
  ])(
    'refuses a malformed locator at startup, naming the key (%#)',
    (data, expected) => {
      expect(problemOf(data)).toContain(expected);
    },
  );

  it('takes the auth provider and metadata as the Kubernetes config locator does', () => {
    const [aws, viaMetadata] = read(
      withClusters(
        cluster({
          authProvider: 'aws',
          assumeRole: 'arn:aws:iam::123456789012:role/mesh',
          externalId: 'ext-1',
        }),
        cluster({
          name: 'west',
          authMetadata: {
            'kubernetes.io/auth-provider': 'azure',
            'kubernetes.io/x-k8s-aws-id': 'ignored-by-azure',
          },
        }),
      ),
    ).clusters;
    expect(aws).toEqual(
      expect.objectContaining({
        source: 'config',
        authProvider: 'aws',
        authMetadata: {
          'kubernetes.io/auth-provider': 'aws',
          'kubernetes.io/aws-assume-role':
            'arn:aws:iam::123456789012:role/mesh',
          'kubernetes.io/aws-external-id': 'ext-1',
        },
      }),
    );
    expect(aws.unsupportedReason).toBeUndefined();
    expect(viaMetadata.authProvider).toBe('azure');
    expect(viaMetadata.unsupportedReason).toBeUndefined();
  });

  it.each(['serviceAccount', 'aws', 'azure', 'googleServiceAccount'])(
    'reads %s clusters in the background with no further setting',
    authProvider => {
      const [only] = read(withClusters(cluster({ authProvider }))).clusters;
      expect(only.unsupportedReason).toBeUndefined();
    },
  );

  it.each([
    [{ authProvider: 'google' }, "authProvider 'google'"],
    [{ authProvider: 'aks' }, "authProvider 'aks'"],
    [
      { authProvider: 'oidc', oidcTokenProvider: 'okta' },
      "authProvider 'oidc' (oidcTokenProvider 'okta')",
    ],
  ])(
    'reports a user-token provider without a background token as unreadable (%#)',
    (extra, named) => {
      const [only] = read(withClusters(cluster(extra))).clusters;
      expect(only.unsupportedReason).toContain(named);
      expect(only.unsupportedReason).toContain(
        "signed-in user's token; mesh reads clusters in the background without a user: set mesh.clusters[].serviceAccountToken",
      );
    },
  );

  it('gives a user-token provider the mesh.clusters[] token, before the entry token', () => {
    const config = read({
      ...withClusters(
        cluster({ authProvider: 'oidc', oidcTokenProvider: 'okta' }),
        cluster({
          name: 'west',
          authProvider: 'google',
          serviceAccountToken: 'entry-token',
        }),
      ),
      mesh: {
        clusters: [{ name: 'east', serviceAccountToken: 'mesh-token' }],
      },
    });
    expect(config.clusters.map(c => c.serviceAccountToken)).toEqual([
      'mesh-token',
      'entry-token',
    ]);
    expect(config.clusters.every(c => !c.unsupportedReason)).toBe(true);
  });

  it('lets the mesh.clusters[] token replace a serviceAccount entry token', () => {
    const [only] = read({
      ...withClusters(
        cluster({
          authProvider: 'serviceAccount',
          serviceAccountToken: 'entry',
        }),
      ),
      mesh: { clusters: [{ name: 'east', serviceAccountToken: 'mesh' }] },
    }).clusters;
    expect(only.serviceAccountToken).toBe('mesh');
  });

  it('accepts mesh.clusters[] for a cluster only a runtime locator can find', () => {
    const config = read({
      kubernetes: { clusterLocatorMethods: [{ type: 'catalog' }] },
      mesh: {
        clusters: [
          {
            name: 'from-catalog',
            prometheus: { url: 'http://prometheus.example.com' },
          },
        ],
      },
    });
    expect(config.clusterSettings).toEqual([
      expect.objectContaining({ name: 'from-catalog' }),
    ]);
    expect(
      problemOf({
        mesh: { clusters: [{ name: 'from-catalog' }] },
      }),
    ).toContain("mesh.clusters[0].name: no cluster named 'from-catalog'");
  });

  it.each(['multiTenant', 'singleTenant', 'catalogRelation'])(
    'reads serviceLocatorMethod %s',
    type => {
      expect(
        read({ kubernetes: { serviceLocatorMethod: { type } } })
          .serviceLocatorMethod,
      ).toBe(type);
    },
  );

  it('never quotes a token in a locator problem', () => {
    const message = problemOf(
      withClusters(
        cluster({
          authProvider: 'oidc',
          serviceAccountToken: 'very-secret-token',
        }),
      ),
    );
    expect(message).toContain('oidcTokenProvider');
    expect(message).not.toContain('very-secret-token');
  });
});
