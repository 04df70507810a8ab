import { StoredObject, indexAfter } from './store';

/** Raised for a `continue` token that cannot be decoded (400). */
export class InvalidContinueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidContinueError';
  }
}

/** Raised for a token issued before the data was reloaded (410 Gone). */
export class ExpiredContinueError extends Error {
  constructor() {
    super('continue token expired');
    this.name = 'ExpiredContinueError';
  }
}

interface ContinuePayload {
  v: 'meta.k8s.io/v1';
  rv: string;
  start: string;
}

/** Encodes the opaque token the way kube-apiserver does: base64 JSON. */
export function encodeContinue(
  resourceVersion: string,
  lastKey: string,
): string {
  const payload: ContinuePayload = {
    v: 'meta.k8s.io/v1',
    rv: resourceVersion,
    start: lastKey,
  };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

/**
 * The resource version a continue token was issued at, so the list can be
 * served from that snapshot.
 *
 * @throws InvalidContinueError for a token that cannot be decoded.
 */
export function continueResourceVersion(token: string): string {
  let payload: Partial<ContinuePayload> | null = null;
  try {
    payload = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    // reported below
  }
  if (typeof payload?.rv !== 'string') {
    throw new InvalidContinueError(
      'continue key is not valid: not base64 JSON',
    );
  }
  return payload.rv;
}

/**
 * Decodes a continue token and checks it still refers to the data being served.
 *
 * @returns the key of the last object already returned.
 */
export function decodeContinue(token: string, resourceVersion: string): string {
  let payload: Partial<ContinuePayload>;
  try {
    payload = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidContinueError(
      'continue key is not valid: not base64 JSON',
    );
  }
  if (
    typeof payload !== 'object' ||
    payload === null ||
    payload.v !== 'meta.k8s.io/v1' ||
    typeof payload.rv !== 'string' ||
    typeof payload.start !== 'string'
  ) {
    throw new InvalidContinueError(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  }
  if (payload.rv !== resourceVersion) throw new ExpiredContinueError();
  return payload.start;
}

/** One page of a list. */
export interface Page {
  items: StoredObject[];
  /** Token for the next page, when more matching objects exist. */
  continueToken?: string;
  /** Objects after this page, reported only for unfiltered lists. */
  remainingItemCount?: number;
}

/** What {@link paginate} needs. */
export interface PageRequest {
  /** Candidates in key order. */
  items: readonly StoredObject[];
  /** Whether an object passes the label and field selectors. */
  matches: (item: StoredObject) => boolean;
  /** Whether selectors are in play (affects `remainingItemCount`). */
  filtered: boolean;
  /** Page size; 0 or undefined for everything. */
  limit?: number;
  continueToken?: string;
  resourceVersion: string;
}

/**
 * Returns one page of matching objects without copying the candidates:
 * it starts at the continue key (binary search) and walks forward until the
 * page is full.
 */
export function paginate(request: PageRequest): Page {
  const { items, matches, limit } = request;
  let start = 0;
  if (request.continueToken) {
    start = indexAfter(
      items,
      decodeContinue(request.continueToken, request.resourceVersion),
    );
  }
  const page: StoredObject[] = [];
  let i = start;
  for (; i < items.length; i++) {
    if (limit && page.length >= limit) break;
    if (matches(items[i])) page.push(items[i]);
  }
  if (!limit || i >= items.length) return { items: page };
  // The page is full. Hand out a token only when a further object matches:
  // allowed by the API contract, and it spares clients an empty last page.
  let more = false;
  for (let j = i; j < items.length; j++) {
    if (matches(items[j])) {
      more = true;
      break;
    }
  }
  if (!more) return { items: page };
  const result: Page = {
    items: page,
    continueToken: encodeContinue(
      request.resourceVersion,
      page[page.length - 1].key,
    ),
  };
  if (!request.filtered) result.remainingItemCount = items.length - i;
  return result;
}
