import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const sha256 = (text: string) =>
  createHash('sha256').update(text).digest('hex');
const hmac = (key: Buffer | string, text: string) =>
  createHmac('sha256', key).update(text).digest();

/** RFC 3986 encoding, as SigV4 wants it. */
const encode = (value: string) =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/**
 * Checks an EKS bearer token the way the EKS authenticator does before it
 * calls STS: `k8s-aws-v1.` + base64url of a presigned STS
 * `GetCallerIdentity` URL, signed (SigV4, written here independently of the
 * AWS SDK) with the given key over `host` and `x-k8s-aws-id: <clusterId>`.
 * Returns the problem, or undefined when the token is good.
 */
export function eksTokenProblem(
  token: string,
  expected: { accessKeyId: string; secretAccessKey: string; clusterId: string },
): string | undefined {
  if (!token.startsWith('k8s-aws-v1.')) return 'not a k8s-aws-v1 token';
  let url: URL;
  try {
    url = new URL(
      Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString(),
    );
  } catch {
    return 'not a presigned URL';
  }
  const query = url.searchParams;
  if (!/^sts\.[a-z0-9-]+\.amazonaws\.com$/.test(url.hostname)) {
    return `signed for ${url.hostname}, not STS`;
  }
  if (query.get('Action') !== 'GetCallerIdentity')
    return 'not GetCallerIdentity';
  const credential = query.get('X-Amz-Credential') ?? '';
  const [accessKeyId, date, region, service] = credential.split('/');
  if (accessKeyId !== expected.accessKeyId) return 'signed with another key';
  const signedHeaders = query.get('X-Amz-SignedHeaders') ?? '';
  if (signedHeaders !== 'host;x-k8s-aws-id') return `signs ${signedHeaders}`;
  const canonicalQuery = [...query.entries()]
    .filter(([key]) => key !== 'X-Amz-Signature')
    .map(([key, value]) => [encode(key), encode(value)])
    // Byte order (SigV4), not locale order.
    .sort(([a], [b]) => Number(a > b) - Number(a < b))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const canonicalRequest = [
    'GET',
    url.pathname,
    canonicalQuery,
    `host:${url.hostname}\nx-k8s-aws-id:${expected.clusterId}\n`,
    signedHeaders,
    sha256(''),
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    query.get('X-Amz-Date'),
    scope,
    sha256(canonicalRequest),
  ].join('\n');
  let key = hmac(`AWS4${expected.secretAccessKey}`, date);
  key = hmac(key, region);
  key = hmac(key, service);
  key = hmac(key, 'aws4_request');
  const signature = createHmac('sha256', key).update(stringToSign).digest();
  const given = Buffer.from(query.get('X-Amz-Signature') ?? '', 'hex');
  if (given.length !== signature.length || !timingSafeEqual(given, signature)) {
    return 'bad signature (wrong secret or cluster id)';
  }
  return undefined;
}
