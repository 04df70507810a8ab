/**
 * Builders for the `Status` objects a real API server answers errors with.
 * Field order and wording follow kube-apiserver so clients that parse them
 * (client-go, client-node, kubectl) see what they would see in production.
 */

/** A `meta/v1` `Status` object. */
export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: Array<{ reason?: string; message: string; field?: string }>;
  };
  code: number;
}

function failure(
  code: number,
  reason: string,
  message: string,
  details?: KubeStatus['details'],
): KubeStatus {
  // `details` sits between `reason` and `code`, as the API server serialises it.
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

/** `<resource>.<group>`, or just `<resource>` for the core group. */
function qualifiedResource(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

/** 404 for a path or resource type the server does not know. */
export function notFoundPathStatus(): KubeStatus {
  return failure(
    404,
    'NotFound',
    'the server could not find the requested resource',
    {},
  );
}

/** 404 for a named object that does not exist. */
export function notFoundObjectStatus(
  resource: string,
  group: string,
  name: string,
): KubeStatus {
  const details: KubeStatus['details'] = group
    ? { name, group, kind: resource }
    : { name, kind: resource };
  return failure(
    404,
    'NotFound',
    `${qualifiedResource(resource, group)} "${name}" not found`,
    details,
  );
}

/** 401 for a missing or wrong bearer token. */
export function unauthorizedStatus(): KubeStatus {
  return failure(401, 'Unauthorized', 'Unauthorized');
}

/** 403, as RBAC answers a list the user may not perform. */
export function forbiddenStatus(resource?: string, group = ''): KubeStatus {
  if (!resource) {
    return failure(
      403,
      'Forbidden',
      'forbidden: User "system:serviceaccount:k8s-sim:fault" cannot get path (simulated fault)',
      {},
    );
  }
  const q = qualifiedResource(resource, group);
  return failure(
    403,
    'Forbidden',
    `${q} is forbidden: User "system:serviceaccount:k8s-sim:fault" cannot list resource "${resource}" in API group "${group}" at the cluster scope (simulated fault)`,
    group ? { group, kind: resource } : { kind: resource },
  );
}

/** 500 InternalError. */
export function internalErrorStatus(cause: string): KubeStatus {
  return failure(500, 'InternalError', `Internal error occurred: ${cause}`, {
    causes: [{ message: cause }],
  });
}

/** Generic status for a fault answering with an arbitrary HTTP code. */
export function faultStatus(code: number): KubeStatus {
  switch (code) {
    case 401:
      return unauthorizedStatus();
    case 403:
      return forbiddenStatus();
    case 429:
      return failure(
        429,
        'TooManyRequests',
        'too many requests (simulated fault)',
        { causes: [{ message: 'simulated fault' }] },
      );
    case 500:
      return internalErrorStatus('simulated fault');
    case 503:
      return failure(
        503,
        'ServiceUnavailable',
        'the server is currently unable to handle the request (simulated fault)',
        {},
      );
    case 504:
      return failure(
        504,
        'Timeout',
        'the server was unable to return a response in the time allotted (simulated fault)',
        {},
      );
    default:
      return failure(code, 'Unknown', `simulated fault with code ${code}`, {});
  }
}

/** 405 for any method other than GET/HEAD. */
export function methodNotAllowedStatus(): KubeStatus {
  return failure(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
    {},
  );
}

/** 400 for an unparsable query parameter. */
export function badRequestStatus(message: string): KubeStatus {
  return failure(400, 'BadRequest', message);
}

/** 406 when the client accepts no media type the simulator produces. */
export function notAcceptableStatus(): KubeStatus {
  return failure(
    406,
    'NotAcceptable',
    'only the following media types are accepted: application/json',
  );
}

/** 410 for a continue token from an older resource version. */
export function expiredStatus(): KubeStatus {
  return failure(
    410,
    'Expired',
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
  );
}

/** The set of HTTP codes a `status` fault may answer with. */
export const FAULT_STATUS_CODES: readonly number[] = [
  401, 403, 429, 500, 503, 504,
];

/**
 * 410 for a watch from a resource version older than the kept history,
 * worded as kube-apiserver words it.
 */
export function tooOldResourceVersionStatus(
  requested: string,
  oldest: number,
): KubeStatus {
  return failure(
    410,
    'Expired',
    `too old resource version: ${requested} (${oldest})`,
  );
}
