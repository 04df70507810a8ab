import { KubeConfig, Watch } from '@kubernetes/client-node';
import type { KubernetesCredential } from '@backstage/plugin-kubernetes-node';
import type { MeshClusterConfig } from '../../config';
import { createKubeConfig } from '../kubeConfig';

/** How one cluster's watch requests are made. */
export interface WatchConnection {
  cluster: MeshClusterConfig;
  /**
   * The credential for one request, asked again for every watch: cloud
   * tokens expire, and the auth strategies cache them until they do.
   */
  credential: () => Promise<KubernetesCredential | undefined>;
  /**
   * Asks the server to end each watch after this long, so every watch is
   * re-opened (with a fresh credential) at least that often.
   */
  timeoutSeconds: number;
  /** Turns an event's object into the cached form; undefined drops the event. */
  slim: (object: unknown) => object | undefined;
  /** Told of every event received (also bookmarks): the watch is healthy. */
  onEvent?: (type: string) => void;
  /** Told of every watch request made. */
  onRequest?: () => void;
  /** Told when the server accepted a watch (HTTP 200, stream open). */
  onConnected?: () => void;
}

/** Minimum time between two watch requests of one kind that end with nothing. */
const MIN_EMPTY_WATCH_INTERVAL_MS = 1_000;

/** A watch error carrying the status code of the API server's answer or event. */
export interface WatchError extends Error {
  statusCode?: number;
}

function watchError(message: string, statusCode?: number): WatchError {
  const error: WatchError = new Error(message);
  error.statusCode = statusCode;
  return error;
}

/** The `code` of an `ERROR` event's `Status`, if it has one. */
function statusCodeOf(object: unknown): number | undefined {
  const code = (object as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * client-node's `Watch`, made fit for long-running list-watches of a cluster
 * whose credential can expire. client-node's `ListWatch` re-opens a watch
 * through one `Watch` for its whole life, and a `Watch` reads the
 * credential from its `KubeConfig` once; this one instead:
 * - builds the `KubeConfig` with the cluster's current credential for each
 *   request, so a watch ended by the server (`timeoutSeconds`) or failed by
 *   a `401` is re-opened with a fresh token;
 * - asks for bookmarks (`allowWatchBookmarks`, which `ListWatch` does not
 *   set), so a quiet kind's resourceVersion keeps up and a re-opened watch
 *   does not fall out of the server's history;
 * - ends a stream that stays silent past its `timeoutSeconds` (a dead
 *   connection) with an error;
 * - reports an `ERROR` event other than `410 Expired` as an error of the
 *   watch, and spaces out watches that end at once with nothing, so a
 *   misbehaving server never makes the list-watch loop spin;
 * - never rejects (a credential that cannot be had is the watch's error),
 *   since `ListWatch` awaits it where nobody catches.
 */
export class CredentialedWatch extends Watch {
  constructor(private readonly connection: WatchConnection) {
    // The base's KubeConfig is never used: every request gets its own.
    super(new KubeConfig());
  }

  override async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: any, watchObj?: any) => void,
    done: (err: any) => void,
  ): Promise<AbortController> {
    const { connection } = this;
    let kubeConfig: KubeConfig;
    try {
      kubeConfig = createKubeConfig(
        connection.cluster,
        await connection.credential(),
      );
    } catch (error) {
      setImmediate(() => done(error));
      return new AbortController();
    }
    connection.onRequest?.();

    const started = Date.now();
    let events = 0;
    let failure: WatchError | undefined;
    // Set once the request is made; the silence timer aborts through it.
    const handle: { request?: AbortController } = {};
    // The server ends the stream after timeoutSeconds; silence well past
    // that means the connection is dead.
    const silenceMs = connection.timeoutSeconds * 1000 + 30_000;
    let silence: NodeJS.Timeout | undefined;
    const watchSilence = () => {
      clearTimeout(silence);
      silence = setTimeout(() => {
        failure ??= watchError('the watch stream went silent');
        handle.request?.abort();
      }, silenceMs);
      silence.unref?.();
    };
    watchSilence();

    const onEvent = (phase: string, object: unknown, raw: unknown) => {
      events++;
      watchSilence();
      connection.onEvent?.(phase);
      if (phase === 'ERROR') {
        const code = statusCodeOf(object);
        // 410 is ListWatch's own business: it re-lists.
        if (code !== 410) {
          failure ??= watchError(
            `the watch sent an error event (${code ?? 'no code'})`,
            code,
          );
        }
        callback(phase, object, raw);
        return;
      }
      if (phase === 'BOOKMARK') {
        callback(phase, object, raw);
        return;
      }
      const slim = connection.slim(object);
      if (slim) callback(phase, slim, raw);
    };

    let ended = false;
    const onDone = (err: unknown) => {
      ended = true;
      clearTimeout(silence);
      const error = err ?? failure ?? null;
      const elapsed = Date.now() - started;
      if (!error && events === 0 && elapsed < MIN_EMPTY_WATCH_INTERVAL_MS) {
        setTimeout(() => done(null), MIN_EMPTY_WATCH_INTERVAL_MS - elapsed);
        return;
      }
      done(error);
    };

    handle.request = await new Watch(kubeConfig).watch(
      path,
      {
        ...queryParams,
        allowWatchBookmarks: true,
        timeoutSeconds: connection.timeoutSeconds,
      },
      onEvent,
      onDone,
    );
    // client-node resolves once the server answered; still open means 200.
    if (!ended) connection.onConnected?.();
    return handle.request;
  }
}
