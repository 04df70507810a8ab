/**
 * What an Envoy response flag (the `response_flags` label of Istio's
 * standard metrics) tells about a request or connection.
 * @public
 */
export interface ResponseFlagInfo {
  /** The flag as Envoy writes it, e.g. `UC`. */
  flag: string;
  /** A short name. */
  name: string;
  /** What happened, in words a service owner can act on. */
  meaning: string;
}

/**
 * Envoy's response flags with their meaning (Envoy access-log documentation,
 * `%RESPONSE_FLAGS%`), described in our own words. Istio reports `-` when no
 * flag is set, and joins several flags with commas (`UF,URX`).
 * @public
 */
export const ENVOY_RESPONSE_FLAGS: Readonly<Record<string, ResponseFlagInfo>> =
  Object.fromEntries(
    (
      [
        [
          'UH',
          'No healthy upstream',
          'No healthy endpoint was available in the destination cluster (503).',
        ],
        [
          'UF',
          'Upstream connection failure',
          'The proxy could not connect to the destination, e.g. refused, or a TLS handshake that failed.',
        ],
        [
          'UO',
          'Upstream overflow',
          'A circuit breaker of the destination was open: the request was rejected (503).',
        ],
        [
          'NR',
          'No route',
          'No route matched the request (404), or no filter chain matched the connection.',
        ],
        [
          'URX',
          'Retries exhausted',
          'The request was rejected after the retry limit (HTTP) or the connect attempts (TCP) were used up.',
        ],
        [
          'NC',
          'No cluster',
          'The upstream cluster of the route does not exist in the proxy configuration.',
        ],
        [
          'DT',
          'Duration timeout',
          'The request or connection exceeded its maximum duration.',
        ],
        [
          'DC',
          'Downstream closed',
          'The client closed the connection before the response was complete.',
        ],
        ['LH', 'Local unhealthy', 'The local service failed its health check.'],
        [
          'UT',
          'Upstream timeout',
          'The destination did not answer within the route timeout (504).',
        ],
        ['LR', 'Local reset', 'The proxy itself reset the connection.'],
        ['UR', 'Upstream reset', 'The destination reset the connection.'],
        [
          'UC',
          'Upstream connection closed',
          'The connection to the destination was terminated before a response, e.g. a STRICT server refusing plaintext (503).',
        ],
        ['DI', 'Delay injected', 'A fault-injection rule delayed the request.'],
        ['FI', 'Fault injected', 'A fault-injection rule aborted the request.'],
        [
          'RL',
          'Rate limited',
          'The local rate limit rejected the request (429).',
        ],
        [
          'UAEX',
          'Unauthorized (external)',
          'The external authorization service denied the request.',
        ],
        [
          'RLSE',
          'Rate-limit service error',
          'The rate-limit service failed, and the request was rejected.',
        ],
        [
          'IH',
          'Invalid header',
          'A strictly checked request header had an invalid value.',
        ],
        [
          'SI',
          'Stream idle timeout',
          'The stream was idle for longer than its idle timeout.',
        ],
        [
          'DPE',
          'Downstream protocol error',
          'The client spoke the protocol wrongly.',
        ],
        [
          'UPE',
          'Upstream protocol error',
          'The destination spoke the protocol wrongly.',
        ],
        [
          'UMSDR',
          'Max stream duration',
          'The upstream request reached its maximum stream duration.',
        ],
        [
          'OM',
          'Overload manager',
          'The proxy was overloaded and refused the request.',
        ],
        ['DF', 'DNS failure', 'DNS resolution of the destination failed.'],
        [
          'DO',
          'Dropped (overload)',
          'The request was dropped by the drop-overload policy.',
        ],
      ] as const
    ).map(([flag, name, meaning]) => [flag, { flag, name, meaning }]),
  );

/**
 * The flags of one `response_flags` value with their meaning: `-` and empty
 * values give none, unknown flags are kept with an honest "unknown" meaning.
 * @public
 */
export function describeResponseFlags(value: string): ResponseFlagInfo[] {
  if (!value || value === '-') return [];
  return value
    .split(',')
    .map(flag => flag.trim())
    .filter(Boolean)
    .map(
      flag =>
        ENVOY_RESPONSE_FLAGS[flag] ?? {
          flag,
          name: flag,
          meaning:
            'A flag this version does not know; see the Envoy documentation of %RESPONSE_FLAGS%.',
        },
    );
}

/**
 * gRPC status codes by number (the `grpc_response_status` label).
 * @public
 */
export const GRPC_STATUS_NAMES: Readonly<Record<string, string>> = {
  '0': 'OK',
  '1': 'CANCELLED',
  '2': 'UNKNOWN',
  '3': 'INVALID_ARGUMENT',
  '4': 'DEADLINE_EXCEEDED',
  '5': 'NOT_FOUND',
  '6': 'ALREADY_EXISTS',
  '7': 'PERMISSION_DENIED',
  '8': 'RESOURCE_EXHAUSTED',
  '9': 'FAILED_PRECONDITION',
  '10': 'ABORTED',
  '11': 'OUT_OF_RANGE',
  '12': 'UNIMPLEMENTED',
  '13': 'INTERNAL',
  '14': 'UNAVAILABLE',
  '15': 'DATA_LOSS',
  '16': 'UNAUTHENTICATED',
};
