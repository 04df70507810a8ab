import type { PrometheusEndpoint } from '../../config/telemetryConfig';

/**
 * Returns every secret of an endpoint that must never appear in a message:
 * the bearer token, the basic-auth password and username, and every custom
 * header value (headers such as `X-Scope-OrgID` are not always secret, but
 * we cannot tell which are).
 */
export function secretsOf(endpoint: PrometheusEndpoint): string[] {
  const secrets = [
    endpoint.bearerToken,
    endpoint.basicAuth?.password,
    endpoint.basicAuth?.username,
    endpoint.basicAuth
      ? Buffer.from(
          `${endpoint.basicAuth.username}:${endpoint.basicAuth.password}`,
        ).toString('base64')
      : undefined,
    ...Object.values(endpoint.headers ?? {}),
  ];
  return secrets.filter((s): s is string => !!s && s.length >= 3);
}

/**
 * Replaces every secret in `text` with `***`, as a last line of defence for
 * texts that embed what a server answered.
 */
export function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) {
    out = out.split(secret).join('***');
  }
  return out;
}

/** The URL without user info, query or fragment, for messages. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(
      /\/$/,
      '',
    )}`;
  } catch {
    return '(invalid URL)';
  }
}
