import {
  ApiException,
  ConfigurationOptions,
  Observable,
  ObservableMiddleware,
  ResponseContext,
} from '@kubernetes/client-node';
import { ClusterReadError } from './describeError';

/**
 * One page of a list call, as the API server sent it.
 */
export interface RawListPage {
  items: unknown[];
  continueToken?: string;
  /** The list's `metadata.resourceVersion`, where a watch can start from. */
  resourceVersion?: string;
}

/**
 * Calls one typed client-node list method for one page. `options` must be
 * passed through as the call's configuration options.
 */
export type PageCall = (
  page: { limit: number; _continue?: string },
  options: ConfigurationOptions,
) => Promise<unknown>;

const EMPTY_BODY = {
  text: async () => '{}',
  binary: async () => Buffer.from('{}'),
};

/**
 * Per-call middleware: sets the call's timeout signal and keeps the raw JSON
 * body of a successful response. The typed client would otherwise turn every
 * object into a model class (dates into `Date`, unknown fields dropped, odd
 * values coerced): the engine wants the objects exactly as the API server
 * sent them, so that a malformed one becomes a finding. The typed client then
 * deserialises an empty body, which costs nothing.
 */
function captureRawBody(timeoutMs: number, abort?: AbortSignal) {
  let body: unknown;
  const middleware: ObservableMiddleware = {
    pre: context => {
      const timeout = AbortSignal.timeout(timeoutMs);
      context.setSignal(abort ? AbortSignal.any([timeout, abort]) : timeout);
      return new Observable(Promise.resolve(context));
    },
    post: response =>
      new Observable(
        (async () => {
          if (response.httpStatusCode < 200 || response.httpStatusCode > 299) {
            return response;
          }
          const text = await response.body.text();
          try {
            body = JSON.parse(text);
          } catch {
            throw new ClusterReadError('response is not valid JSON');
          }
          return new ResponseContext(
            response.httpStatusCode,
            response.headers,
            EMPTY_BODY,
          );
        })(),
      ),
  };
  return {
    options: {
      middleware: [middleware],
      middlewareMergeStrategy: 'append',
    } as ConfigurationOptions,
    body: () => body,
  };
}

/** Reads one page through a typed call, returning the raw items. */
async function readPage(
  call: PageCall,
  page: { limit: number; _continue?: string },
  timeoutMs: number,
  abort?: AbortSignal,
): Promise<RawListPage> {
  const capture = captureRawBody(timeoutMs, abort);
  await call(page, capture.options);
  const body = capture.body();
  if (!body || typeof body !== 'object') {
    throw new ClusterReadError('response is not a list object');
  }
  const { items, metadata } = body as { items?: unknown; metadata?: unknown };
  if (items !== undefined && items !== null && !Array.isArray(items)) {
    throw new ClusterReadError('response "items" is not a list');
  }
  const { continue: token, resourceVersion } = (
    metadata && typeof metadata === 'object' ? metadata : {}
  ) as { continue?: unknown; resourceVersion?: unknown };
  return {
    items: (items as unknown[] | null | undefined) ?? [],
    continueToken: typeof token === 'string' && token ? token : undefined,
    resourceVersion:
      typeof resourceVersion === 'string' && resourceVersion
        ? resourceVersion
        : undefined,
  };
}

/** Upper bound on pages of one list, so a server repeating tokens cannot loop us forever. */
const MAX_PAGES = 10_000;

/** Options of {@link listAll}. */
export interface ListAllOptions {
  pageSize: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Lists every object of one kind, page by page (`limit` / `continue`).
 */
export async function listAll(
  call: PageCall,
  options: ListAllOptions,
): Promise<unknown[]> {
  return (await listAllVersioned(call, options)).items;
}

/**
 * Lists every object of one kind, page by page, with the list's
 * `resourceVersion` (every page of one list is cut from the same version, so
 * the first page's is the list's): where a watch of the kind starts from.
 */
export async function listAllVersioned(
  call: PageCall,
  options: ListAllOptions,
): Promise<{ items: unknown[]; resourceVersion?: string }> {
  const items: unknown[] = [];
  let token: string | undefined;
  let resourceVersion: string | undefined;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const page = await readPage(
      call,
      { limit: options.pageSize, _continue: token },
      options.timeoutMs,
      options.signal,
    );
    resourceVersion ??= page.resourceVersion;
    for (const item of page.items) items.push(item);
    if (!page.continueToken) return { items, resourceVersion };
    if (page.continueToken === token) {
      throw new ClusterReadError('the server repeated a continue token');
    }
    token = page.continueToken;
  }
  throw new ClusterReadError(`more than ${MAX_PAGES} pages`);
}

/**
 * Reads only the first page of a list call (at most `limit` objects): a
 * cheap request that needs the same credential and permissions as the
 * whole list.
 */
export function readFirstPage(
  call: PageCall,
  options: { limit: number; timeoutMs: number },
): Promise<RawListPage> {
  return readPage(call, { limit: options.limit }, options.timeoutMs);
}

/** Whether an error is a 404 from the API server (resource not served). */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiException && error.code === 404;
}
