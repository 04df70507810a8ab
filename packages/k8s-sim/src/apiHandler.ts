import { IncomingMessage, ServerResponse } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import {
  apiGroupDocument,
  apiGroupListDocument,
  apiResourceListDocument,
  apiVersionsDocument,
  SIMULATED_VERSION,
} from './discovery';
import { acceptsJson, sendJson, sendStatus, sendText } from './http';
import {
  ExpiredContinueError,
  InvalidContinueError,
  Page,
  continueResourceVersion,
  paginate,
} from './paginate';
import { ResourceCatalog, ResourceDefinition, apiVersionOf } from './resources';
import {
  FieldSelector,
  LabelSelector,
  SelectorError,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors';
import {
  badRequestStatus,
  expiredStatus,
  methodNotAllowedStatus,
  notAcceptableStatus,
  notFoundObjectStatus,
  notFoundPathStatus,
  unauthorizedStatus,
} from './status';
import { ClusterStore, StoredObject } from './store';
import { TableRequest, parseTableAccept, tableOf } from './tables';
import { objectJson, serveWatch } from './watch';
import { WatchHub } from './watchHub';

/** What the handler of one simulated cluster needs. */
export interface ApiHandlerContext {
  catalog: ResourceCatalog;
  /** The current store; read per request so reloads take effect at once. */
  store: () => ClusterStore;
  /** The store at an earlier version, while kept (for continue tokens). */
  storeAt: (resourceVersion: string) => ClusterStore | undefined;
  /** The cluster's watch fan-out. */
  hub: WatchHub;
  /** Server-side end of a watch without `timeoutSeconds`. */
  watchTimeoutSeconds: number;
  token: string;
  /**
   * Whether requests without any credentials may read, as on an API server
   * with anonymous auth and a read-only binding for `system:anonymous`. A
   * wrong token is still refused.
   */
  anonymousRead: boolean;
  /** `host:port` the cluster is reachable at, for `/api`. */
  serverAddress: () => string;
}

const HEALTH_PATHS = new Set(['/healthz', '/livez', '/readyz']);

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Compares bearer tokens in constant time. */
function isAuthorized(
  header: string | undefined,
  token: string,
  anonymousRead: boolean,
): boolean {
  if (!header) return anonymousRead;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match) return false;
  return timingSafeEqual(digest(match[1]), digest(token));
}

/** The value of a field selector path on an object, as the API server compares it. */
function fieldValue(item: StoredObject, field: string): string {
  if (field === 'metadata.name') return item.name;
  if (field === 'metadata.namespace') return item.namespace;
  let current: unknown = item.object;
  for (const part of field.split('.')) {
    if (typeof current !== 'object' || current === null) return '';
    current = (current as Record<string, unknown>)[part];
  }
  if (current === undefined || current === null) return '';
  return typeof current === 'object'
    ? JSON.stringify(current)
    : String(current);
}

/** A list item as the API server writes it, cached per served version. */
function listItemJson(
  item: StoredObject,
  def: ResourceDefinition,
  apiVersion: string,
): string {
  let json = item.itemJson.get(apiVersion);
  if (json === undefined) {
    if (def.custom) {
      json = JSON.stringify({ ...item.object, apiVersion });
    } else {
      // Built-in typed lists leave kind and apiVersion off their items.
      const { kind: _kind, apiVersion: _apiVersion, ...rest } = item.object;
      json = JSON.stringify(rest);
    }
    item.itemJson.set(apiVersion, json);
  }
  return json;
}

/** A resource path, resolved against the catalog. */
export interface ResourceRequest {
  def: ResourceDefinition;
  version: string;
  namespace?: string;
  name?: string;
}

/**
 * Resolves `/api/v1/...` or `/apis/<group>/<version>/...` below the group
 * version prefix. Returns undefined for paths no API server serves.
 */
export function resolveResourcePath(
  catalog: ResourceCatalog,
  group: string,
  version: string,
  rest: string[],
): ResourceRequest | undefined {
  let namespace: string | undefined;
  let parts = rest;
  if (parts.length >= 3 && parts[0] === 'namespaces') {
    namespace = parts[1];
    parts = parts.slice(2);
  }
  if (parts.length < 1 || parts.length > 2) return undefined;
  const def = catalog.findByPath(group, version, parts[0]);
  if (!def) return undefined;
  if (namespace !== undefined && !def.namespaced) return undefined;
  // A namespaced object by name needs its namespace in the path.
  if (namespace === undefined && def.namespaced && parts.length === 2) {
    return undefined;
  }
  return { def, version, namespace, name: parts[1] };
}

function handleGet(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ApiHandlerContext,
  request: ResourceRequest & { name: string },
): void {
  const { def, version, namespace, name } = request;
  const item = ctx.store().get(def, namespace ?? '', name);
  if (!item) {
    sendStatus(req, res, notFoundObjectStatus(def.resource, def.group, name));
    return;
  }
  const table = tableRequestOf(
    req,
    new URL(req.url ?? '/', 'http://x').searchParams,
  );
  if (table) {
    sendJson(
      req,
      res,
      200,
      tableOf(def, [item.object], table, {
        resourceVersion: item.object.metadata.resourceVersion,
      }),
    );
    return;
  }
  sendJson(req, res, 200, objectJson(item, apiVersionOf(def.group, version)));
}

function tableRequestOf(
  req: IncomingMessage,
  query: URLSearchParams,
): TableRequest | undefined {
  return parseTableAccept(req.headers.accept, query.get('includeObject'));
}

function handleList(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ApiHandlerContext,
  request: ResourceRequest,
  query: URLSearchParams,
): void {
  const { def, version, namespace } = request;
  let store = ctx.store();
  let labelSelector: LabelSelector;
  let fieldSelector: FieldSelector;
  try {
    labelSelector = parseLabelSelector(query.get('labelSelector') ?? undefined);
    fieldSelector = parseFieldSelector(
      query.get('fieldSelector') ?? undefined,
      [
        'metadata.name',
        'metadata.namespace',
        ...(def.extraFieldSelectors ?? []),
      ],
    );
  } catch (error) {
    if (error instanceof SelectorError) {
      sendStatus(req, res, badRequestStatus(error.message));
      return;
    }
    throw error;
  }
  const matches = (item: StoredObject) =>
    labelSelector.matches(item.labels) &&
    fieldSelector.matches(field => fieldValue(item, field));
  const table = tableRequestOf(req, query);
  if (query.get('watch') === 'true' || query.get('watch') === '1') {
    serveWatch(
      res,
      {
        store,
        hub: ctx.hub,
        defaultTimeoutSeconds: ctx.watchTimeoutSeconds,
      },
      { def, version, namespace, matches, query, table },
    );
    return;
  }
  const limitParam = query.get('limit');
  let limit: number | undefined;
  if (limitParam !== null && limitParam !== '') {
    if (!/^\d+$/.test(limitParam)) {
      sendStatus(
        req,
        res,
        badRequestStatus(
          `invalid limit "${limitParam}": must be a non-negative integer`,
        ),
      );
      return;
    }
    limit = Number(limitParam);
  }
  const filtered =
    labelSelector.requirements.length > 0 ||
    fieldSelector.requirements.length > 0;
  let page: Page;
  try {
    const continueToken = query.get('continue');
    if (continueToken) {
      // Later pages come from the snapshot the first page was cut from.
      const snapshot = ctx.storeAt(continueResourceVersion(continueToken));
      if (!snapshot) throw new ExpiredContinueError();
      store = snapshot;
    }
    page = paginate({
      items: store.list(def, namespace),
      matches,
      filtered,
      limit,
      continueToken: query.get('continue') ?? undefined,
      resourceVersion: store.resourceVersion,
    });
  } catch (error) {
    if (error instanceof ExpiredContinueError) {
      sendStatus(req, res, expiredStatus());
      return;
    }
    if (error instanceof InvalidContinueError) {
      sendStatus(req, res, badRequestStatus(error.message));
      return;
    }
    throw error;
  }
  const apiVersion = apiVersionOf(def.group, version);
  const metadata: Record<string, unknown> = {
    resourceVersion: store.resourceVersion,
  };
  if (page.continueToken) metadata.continue = page.continueToken;
  if (page.remainingItemCount !== undefined) {
    metadata.remainingItemCount = page.remainingItemCount;
  }
  if (table) {
    sendJson(
      req,
      res,
      200,
      tableOf(
        def,
        page.items.map(item => item.object),
        table,
        metadata,
      ),
    );
    return;
  }
  // Assemble the body from cached item strings instead of one huge
  // JSON.stringify: lists of 10,000 pods stay cheap.
  const head = JSON.stringify({
    kind: `${def.kind}List`,
    apiVersion,
    metadata,
  });
  const items = page.items.map(item => listItemJson(item, def, apiVersion));
  sendJson(req, res, 200, `${head.slice(0, -1)},"items":[${items.join(',')}]}`);
}

/**
 * Answers one request to a simulated cluster's API server: health, version,
 * discovery, and get/list of the served resources.
 */
export function handleApiRequest(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ApiHandlerContext,
): void {
  const url = new URL(req.url ?? '/', 'http://k8s-sim.invalid');
  let pathname = url.pathname;
  if (pathname.length > 1 && pathname.endsWith('/')) {
    pathname = pathname.slice(0, -1);
  }
  if (
    HEALTH_PATHS.has(pathname) &&
    (req.method === 'GET' || req.method === 'HEAD')
  ) {
    sendText(req, res, 200, 'ok');
    return;
  }
  if (!isAuthorized(req.headers.authorization, ctx.token, ctx.anonymousRead)) {
    sendStatus(req, res, unauthorizedStatus());
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendStatus(req, res, methodNotAllowedStatus());
    return;
  }
  if (!acceptsJson(req.headers.accept)) {
    sendStatus(req, res, notAcceptableStatus());
    return;
  }
  let segments: string[];
  try {
    segments = pathname
      .split('/')
      .filter(s => s !== '')
      .map(decodeURIComponent);
  } catch {
    sendStatus(req, res, badRequestStatus('malformed URL escape in path'));
    return;
  }
  const { catalog } = ctx;

  if (segments.length === 0) {
    sendJson(req, res, 200, {
      paths: [
        '/api',
        '/api/v1',
        '/apis',
        ...catalog
          .groups()
          .flatMap(g => [
            `/apis/${g.name}`,
            ...g.versions.map(v => `/apis/${g.name}/${v}`),
          ]),
        '/healthz',
        '/livez',
        '/readyz',
        '/version',
      ],
    });
    return;
  }
  if (pathname === '/version') {
    sendJson(req, res, 200, SIMULATED_VERSION);
    return;
  }

  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api') {
    if (segments.length === 1) {
      sendJson(req, res, 200, apiVersionsDocument(ctx.serverAddress()));
      return;
    }
    group = '';
    version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === 'apis') {
    if (segments.length === 1) {
      sendJson(req, res, 200, apiGroupListDocument(catalog));
      return;
    }
    if (segments.length === 2) {
      const doc = apiGroupDocument(catalog, segments[1]);
      if (doc) sendJson(req, res, 200, doc);
      else sendStatus(req, res, notFoundPathStatus());
      return;
    }
    group = segments[1];
    version = segments[2];
    rest = segments.slice(3);
  } else {
    sendStatus(req, res, notFoundPathStatus());
    return;
  }

  if (rest.length === 0) {
    const doc = apiResourceListDocument(catalog, group, version);
    if (doc) sendJson(req, res, 200, doc);
    else sendStatus(req, res, notFoundPathStatus());
    return;
  }
  const request = resolveResourcePath(catalog, group, version, rest);
  if (!request) {
    sendStatus(req, res, notFoundPathStatus());
    return;
  }
  if (request.name !== undefined) {
    handleGet(req, res, ctx, { ...request, name: request.name });
  } else {
    handleList(req, res, ctx, request, url.searchParams);
  }
}
