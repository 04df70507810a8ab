import { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ResourceDefinition, apiVersionOf } from './resources';
import { badRequestStatus, tooOldResourceVersionStatus } from './status';
import { ClusterStore, StoredObject } from './store';
import { TableRequest, tableOf } from './tables';
import { WatchEvent, WatchHub } from './watchHub';

/** What one watch request asks for, already validated. */
export interface WatchRequest {
  def: ResourceDefinition;
  version: string;
  namespace?: string;
  matches: (item: StoredObject) => boolean;
  query: URLSearchParams;
  /** Set when the client asked for `as=Table`. */
  table?: TableRequest;
}

/** What the watch needs from its cluster. */
export interface WatchContext {
  store: ClusterStore;
  hub: WatchHub;
  /** Server-side limit when the client gives no `timeoutSeconds`. */
  defaultTimeoutSeconds: number;
}

/** A watcher that falls this far behind is cut off, as the API server does. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** The whole object as served at the requested version, cached per version. */
export function objectJson(item: StoredObject, apiVersion: string): string {
  let json = item.objectJson.get(apiVersion);
  if (json === undefined) {
    json = JSON.stringify({ ...item.object, apiVersion });
    item.objectJson.set(apiVersion, json);
  }
  return json;
}

/**
 * Serves `?watch=1` on a list path: optional initial ADDED events, then the
 * cluster's changes as JSON lines, BOOKMARKs when allowed, until
 * `timeoutSeconds`, the client leaving or the server stopping. A version
 * older than the kept history gets an `ERROR` event with a 410 `Expired`
 * `Status`, as kube-apiserver answers it.
 */
export function serveWatch(
  res: ServerResponse,
  ctx: WatchContext,
  request: WatchRequest,
): void {
  const { def, version, namespace, matches, query, table } = request;
  const rvParam = query.get('resourceVersion') ?? '';
  if (rvParam !== '' && !/^\d+$/.test(rvParam)) {
    const status = badRequestStatus(`invalid resource version "${rvParam}"`);
    res.writeHead(400, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(status));
    return;
  }
  const timeoutParam = query.get('timeoutSeconds');
  const timeoutSeconds =
    timeoutParam !== null && /^\d+$/.test(timeoutParam) && timeoutParam !== '0'
      ? Number(timeoutParam)
      : ctx.defaultTimeoutSeconds;
  const bookmarks = query.get('allowWatchBookmarks') === 'true';
  const apiVersion = apiVersionOf(def.group, version);

  res.writeHead(200, {
    'Audit-Id': randomUUID(),
    'Cache-Control': 'no-cache, private',
    'Content-Type': 'application/json',
  });
  res.flushHeaders();

  const write = (type: string, objectText: string) => {
    if (res.destroyed || res.writableEnded) return;
    res.write(`{"type":"${type}","object":${objectText}}\n`);
    if (res.writableLength > MAX_BUFFERED_BYTES) res.destroy();
  };
  const send = (type: string, item: StoredObject) => {
    if (table) {
      write(
        type,
        JSON.stringify(
          tableOf(def, [item.object], table, {
            resourceVersion: item.object.metadata.resourceVersion,
          }),
        ),
      );
    } else {
      write(type, objectJson(item, apiVersion));
    }
  };
  const inScope = (item: StoredObject) =>
    (namespace === undefined || item.namespace === namespace) && matches(item);
  const deliver = (event: WatchEvent) => {
    const now = inScope(event.object);
    if (event.type === 'MODIFIED' && event.previous) {
      const before = inScope(event.previous);
      if (now && before) send('MODIFIED', event.object);
      else if (now) send('ADDED', event.object);
      else if (before) send('DELETED', event.object);
      return;
    }
    if (now) send(event.type, event.object);
  };
  const bookmarkObject = (resourceVersion: string, annotations?: object) =>
    JSON.stringify({
      kind: def.kind,
      apiVersion,
      metadata: {
        resourceVersion,
        ...(annotations ? { annotations } : {}),
      },
    });

  if (rvParam === '' || rvParam === '0') {
    // Like the real server: the current state first, as ADDED events.
    const items =
      namespace === undefined
        ? ctx.store.list(def)
        : ctx.store.list(def, namespace);
    for (const item of items) if (matches(item)) send('ADDED', item);
    if (bookmarks && query.get('sendInitialEvents') === 'true') {
      write(
        'BOOKMARK',
        bookmarkObject(ctx.store.resourceVersion, {
          'k8s.io/initial-events-end': 'true',
        }),
      );
    }
  } else {
    const past = ctx.hub.since(def, Number(rvParam));
    if ('expired' in past) {
      write(
        'ERROR',
        JSON.stringify(tooOldResourceVersionStatus(rvParam, past.expired)),
      );
      res.end();
      return;
    }
    for (const event of past) deliver(event);
  }

  let timer: NodeJS.Timeout | undefined;
  let unsubscribe = () => {};
  const finish = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    unsubscribe();
  };
  unsubscribe = ctx.hub.subscribe({
    resourceKey: `${def.group}/${def.resource}`,
    deliver,
    bookmark: bookmarks
      ? resourceVersion => write('BOOKMARK', bookmarkObject(resourceVersion))
      : undefined,
    close: () => {
      // Release the timer now; the socket's close event comes later.
      finish();
      res.destroy();
    },
  });
  if (timeoutSeconds > 0) {
    timer = setTimeout(() => {
      finish();
      res.end();
    }, timeoutSeconds * 1000);
  }
  res.on('close', finish);
}
