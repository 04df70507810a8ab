import { ApiException } from '@kubernetes/client-node';

const MAX_DETAIL = 300;

/**
 * An error reading a cluster, whose message is safe to show to users and to
 * log: built by us from the status code and the API server's `Status.message`,
 * never from request options, and with the token redacted as a last guard.
 * @public
 */
export class ClusterReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterReadError';
  }
}

/** Removes every occurrence of the secrets from a text. */
export function redact(text: string, secrets: Array<string | undefined>) {
  let result = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) {
      result = result.split(secret).join('[redacted]');
    }
  }
  return result;
}

const WITHHELD = 'the error quotes a configured secret, so it is not shown';

/** Length of the shortest secret fragment {@link withoutSecretFragments} looks for. */
const FRAGMENT = 12;

/**
 * A library's error message, or a notice that it was withheld when it quotes
 * any part of a secret: a credential library may cite its input (a JSON
 * parser quotes the text near the fault, which for a key file is the key).
 */
export function withoutSecretFragments(
  message: string,
  secrets: Array<string | undefined>,
): string {
  const text = message.split('\n')[0].slice(0, MAX_DETAIL);
  for (const secret of secrets) {
    if (!secret) continue;
    if (secret.length < FRAGMENT) {
      if (secret.length >= 4 && text.includes(secret)) return WITHHELD;
      continue;
    }
    for (let i = 0; i + FRAGMENT <= text.length; i++) {
      if (secret.includes(text.slice(i, i + FRAGMENT))) return WITHHELD;
    }
  }
  return text;
}

function statusMessage(body: unknown): string | undefined {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return body.slice(0, MAX_DETAIL) || undefined;
    }
  }
  if (value && typeof value === 'object' && 'message' in value) {
    const message = (value as { message: unknown }).message;
    return typeof message === 'string'
      ? message.slice(0, MAX_DETAIL)
      : undefined;
  }
  return undefined;
}

const HTTP_REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: "Unauthorized (check the cluster's credentials)",
  403: 'Forbidden (the identity lacks list permission)',
  404: 'Not Found',
  410: 'Gone (pagination token expired)',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
  // The server closed the connection mid-answer: it is stopping or restarting.
  ERR_STREAM_PREMATURE_CLOSE:
    'connection closed before the answer was complete (is the API server stopping or restarting?)',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed TLS certificate in chain',
};

/**
 * Turns whatever a client-node call threw into a {@link ClusterReadError}
 * with a short, credential-free message naming what was being listed.
 */
export function describeError(
  error: unknown,
  what: string,
  context: {
    timeoutMs: number;
    secrets: Array<string | undefined>;
    /** The refresh's own signal: when it fired, the refresh ran out of time. */
    signal?: AbortSignal;
  },
): ClusterReadError {
  let text: string;
  if (error instanceof ClusterReadError) {
    text = `listing ${what}: ${error.message}`;
  } else if (error instanceof ApiException) {
    const reason = HTTP_REASONS[error.code] ?? 'unexpected status';
    const detail = statusMessage(error.body);
    text = `listing ${what}: HTTP ${error.code} ${reason}${
      detail ? `: ${detail}` : ''
    }`;
  } else if (
    error instanceof Error &&
    (error.name === 'AbortError' || error.name === 'TimeoutError')
  ) {
    text = context.signal?.aborted
      ? `listing ${what}: the refresh was stopped (mesh.refresh.timeout reached)`
      : `listing ${what}: timed out after ${context.timeoutMs / 1000} s`;
  } else if (error instanceof Error) {
    const code =
      (error as { code?: string; errno?: string }).code ??
      (error as { errno?: string }).errno ??
      // Some stream layers throw it without the code.
      (error.message === 'Premature close'
        ? 'ERR_STREAM_PREMATURE_CLOSE'
        : undefined);
    const reason = code ? NETWORK_REASONS[code] : undefined;
    text = reason
      ? `listing ${what}: ${reason} (${code})`
      : `listing ${what}: ${error.name}: ${error.message.slice(0, MAX_DETAIL)}`;
  } else {
    text = `listing ${what}: unknown error`;
  }
  return new ClusterReadError(redact(text, context.secrets));
}
