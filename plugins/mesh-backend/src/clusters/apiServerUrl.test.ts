import { checkApiServerUrl, isNonPublicAddress } from './apiServerUrl';

describe('checkApiServerUrl (SSRF rule of catalog clusters)', () => {
  const publicHost = async () => ['203.0.114.10'];

  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    'not-an-ip',
  ])('%s is not public', address => {
    expect(isNonPublicAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '203.0.114.10', '2a00:1450:4001::200e'])(
    '%s is public',
    address => {
      expect(isNonPublicAddress(address)).toBe(false);
    },
  );

  it('accepts a public https API server', async () => {
    const url = await checkApiServerUrl(
      'https://k8s.example.com:6443',
      [],
      publicHost,
    );
    expect(url.host).toBe('k8s.example.com:6443');
  });

  it.each([
    ['https://169.254.169.254', /non-public address/],
    ['https://[::1]:6443', /non-public address/],
    ['http://k8s.example.com', /must use https/],
    ['https://user:pw@k8s.example.com', /must not contain credentials/],
    ['ftp://k8s.example.com', /must be an http\(s\) URL/],
    ['nope', /not a valid URL/],
  ])('refuses %s', async (value, problem) => {
    await expect(checkApiServerUrl(value, [], publicHost)).rejects.toThrow(
      problem,
    );
  });

  it('refuses a host name that resolves to a private address', async () => {
    await expect(
      checkApiServerUrl('https://inside.example.com', [], async () => [
        '203.0.114.10',
        '10.0.0.5',
      ]),
    ).rejects.toThrow(/'inside.example.com' is or resolves to a non-public/);
  });

  it('lets dangerouslyAllowClusterUrls exempt a host, wildcards included', async () => {
    const never = async (): Promise<string[]> => {
      throw new Error('must not resolve an allowed host');
    };
    await expect(
      checkApiServerUrl('http://127.0.0.1:8080', ['127.0.0.1'], never),
    ).resolves.toBeInstanceOf(URL);
    await expect(
      checkApiServerUrl('https://a.corp.internal', ['*.corp.internal'], never),
    ).resolves.toBeInstanceOf(URL);
    await expect(
      checkApiServerUrl('https://corp.internal', ['*.corp.internal'], never),
    ).resolves.toBeInstanceOf(URL);
    await expect(
      checkApiServerUrl(
        'https://evilcorp.internal',
        ['*.corp.internal'],
        async () => ['10.0.0.1'],
      ),
    ).rejects.toThrow(/non-public/);
  });
});
