import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { MeshClusterConfig } from '../config';
import { createClusterCredentials } from './clusterCredentials';
import {
  azureTokenEndpoints,
  googleServiceAccountKey,
  googleTokenEndpoint,
} from './__testUtils__/cloudEndpoints';
import { eksTokenProblem } from './__testUtils__/eksToken';

const AWS_KEY = {
  accessKeyId: 'AKIAMESHTEST0000001',
  secretAccessKey: 'mesh-test-secret-access-key/0000000000000',
};

const cluster = (extra: Partial<MeshClusterConfig>): MeshClusterConfig => ({
  name: 'east',
  url: 'https://east.example.com',
  skipTLSVerify: false,
  ...extra,
});

// Key generation and the credential libraries are slow on a busy machine.
jest.setTimeout(60_000);

describe('createClusterCredentials (the Kubernetes backend strategies)', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const savedEnv = { ...process.env };
  afterEach(() => {
    process.env = { ...savedEnv };
  });

  const credentials = (config: object = {}) =>
    createClusterCredentials({
      config: new ConfigReader(config),
      logger: mockServices.logger.mock(),
    });

  it('serviceAccount: the configured token', async () => {
    await expect(
      credentials().getCredential(
        cluster({
          authProvider: 'serviceAccount',
          serviceAccountToken: 'sa-token',
        }),
      ),
    ).resolves.toEqual({ type: 'bearer token', token: 'sa-token' });
  });

  it('aws: an EKS token presigned with the AWS credential chain, without a network call', async () => {
    Object.assign(
      process.env,
      AWS_KEY && {
        AWS_ACCESS_KEY_ID: AWS_KEY.accessKeyId,
        AWS_SECRET_ACCESS_KEY: AWS_KEY.secretAccessKey,
      },
    );
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_SESSION_TOKEN;
    const credential = await credentials().getCredential(
      cluster({
        authProvider: 'aws',
        authMetadata: { 'kubernetes.io/x-k8s-aws-id': 'eks-east' },
      }),
    );
    expect(credential.type).toBe('bearer token');
    const token = (credential as { token: string }).token;
    expect(
      eksTokenProblem(token, { ...AWS_KEY, clusterId: 'eks-east' }),
    ).toBeUndefined();
    // The same token does not pass for another cluster or another secret.
    expect(eksTokenProblem(token, { ...AWS_KEY, clusterId: 'east' })).toMatch(
      /bad signature/,
    );
    expect(
      eksTokenProblem(token, {
        ...AWS_KEY,
        secretAccessKey: 'other',
        clusterId: 'eks-east',
      }),
    ).toMatch(/bad signature/);
  });

  it('aws with assumeRole: signs with the role credentials STS returned (recorded response)', async () => {
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: AWS_KEY.accessKeyId,
      AWS_SECRET_ACCESS_KEY: AWS_KEY.secretAccessKey,
    });
    delete process.env.AWS_PROFILE;
    const roleKey = {
      accessKeyId: 'ASIAMESHROLE0000001',
      secretAccessKey: 'role-secret-from-sts/000000000000000000000',
    };
    const assumeCalls: string[] = [];
    server.use(
      http.post('https://sts.us-east-1.amazonaws.com/', async ({ request }) => {
        const body = await request.text();
        assumeCalls.push(body);
        if (body.includes('Action=GetCallerIdentity')) {
          // The credentials manager asks who the base credentials are.
          return new HttpResponse(
            `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/mesh</Arn>
    <UserId>AIDAMESH</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>0</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`,
            { headers: { 'content-type': 'text/xml' } },
          );
        }
        return new HttpResponse(
          `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>${roleKey.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${roleKey.secretAccessKey}</SecretAccessKey>
      <SessionToken>role-session-token</SessionToken>
      <Expiration>2099-01-01T00:00:00Z</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/mesh/session</Arn>
      <AssumedRoleId>AROA:session</AssumedRoleId>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>
</AssumeRoleResponse>`,
          { headers: { 'content-type': 'text/xml' } },
        );
      }),
    );
    const credential = await credentials().getCredential(
      cluster({
        authProvider: 'aws',
        authMetadata: {
          'kubernetes.io/aws-assume-role':
            'arn:aws:iam::123456789012:role/mesh',
          'kubernetes.io/aws-external-id': 'ext-1',
        },
      }),
    );
    const assume = assumeCalls.filter(body =>
      body.includes('Action=AssumeRole'),
    );
    expect(assume).toHaveLength(1);
    expect(assume[0]).toContain(
      `RoleArn=${encodeURIComponent('arn:aws:iam::123456789012:role/mesh')}`,
    );
    expect(assume[0]).toContain('ExternalId=ext-1');
    const token = (credential as { token: string }).token;
    expect(
      eksTokenProblem(token, { ...roleKey, clusterId: 'east' }),
    ).toBeUndefined();
  });

  it('googleServiceAccount: a token from the Google token endpoint for the configured key (recorded response)', async () => {
    const key = googleServiceAccountKey();
    const assertions: string[] = [];
    server.use(googleTokenEndpoint(assertions));
    const credential = await credentials({
      kubernetes: { googleServiceAccountCredentials: JSON.stringify(key) },
    }).getCredential(cluster({ authProvider: 'googleServiceAccount' }));
    expect(credential).toEqual({
      type: 'bearer token',
      token: 'ya29.mesh-test-access-token',
    });
    expect(assertions[0]).toContain('grant_type=urn');
  });

  it('azure: a token for the AKS scope from the Azure identity chain (recorded responses)', async () => {
    Object.assign(process.env, {
      AZURE_TENANT_ID: '72f988bf-0000-0000-0000-000000000000',
      AZURE_CLIENT_ID: '00000000-0000-0000-0000-00000000aaaa',
      AZURE_CLIENT_SECRET: 'azure-client-secret-value',
    });
    const scopes: string[] = [];
    server.use(...azureTokenEndpoints(scopes));
    const credential = await credentials().getCredential(
      cluster({ authProvider: 'azure' }),
    );
    expect(credential).toEqual({
      type: 'bearer token',
      token: 'eyJ.mesh-test-aks-token',
    });
    expect(scopes[0]).toContain(
      '6dae42f8-4368-4678-94ff-3960e28e3630/.default',
    );
  });

  it.each([
    [
      {
        authProvider: 'oidc',
        authMetadata: { 'kubernetes.io/oidc-token-provider': 'okta' },
      },
    ],
    [{ authProvider: 'google' }],
    [{ authProvider: 'aks' }],
  ])(
    'user-token providers get the configured background token in the place of the user token (%#)',
    async extra => {
      await expect(
        credentials().getCredential(
          cluster({ ...extra, serviceAccountToken: 'background-token' }),
        ),
      ).resolves.toEqual({ type: 'bearer token', token: 'background-token' });
    },
  );

  it('localKubectlProxy: anonymous (the proxy adds its own credentials)', async () => {
    await expect(
      credentials().getCredential(
        cluster({ authProvider: 'localKubectlProxy' }),
      ),
    ).resolves.toEqual({ type: 'anonymous' });
  });

  it('refuses a provider without a strategy, naming it', async () => {
    await expect(
      credentials().getCredential(cluster({ authProvider: 'pinniped' })),
    ).rejects.toThrow("authProvider 'pinniped' has no auth strategy in mesh");
  });

  it('an unreadable cluster fails with its reason, before any strategy runs', async () => {
    await expect(
      credentials().getCredential(
        cluster({ authProvider: 'google', unsupportedReason: 'needs a user' }),
      ),
    ).rejects.toThrow('needs a user');
  });

  it('withholds a library error that quotes the configured key', async () => {
    const key = googleServiceAccountKey();
    // Broken JSON: the parser's message quotes the text around the fault.
    const broken = JSON.stringify(key).replace(
      '"private_key_id"',
      'private_key_id',
    );
    const error: Error = await credentials({
      kubernetes: { googleServiceAccountCredentials: broken },
    })
      .getCredential(cluster({ authProvider: 'googleServiceAccount' }))
      .then(
        () => new Error('expected a failure'),
        e => e as Error,
      );
    expect(error.name).toBe('ClusterReadError');
    expect(error.message).toMatch(
      /^getting the googleServiceAccount credential: /,
    );
    for (let i = 0; i + 12 <= error.message.length; i++) {
      expect(broken).not.toContain(error.message.slice(i, i + 12));
    }
  });
});
