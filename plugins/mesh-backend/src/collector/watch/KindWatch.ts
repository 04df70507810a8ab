import {
  ADD,
  ApiException,
  DELETE,
  ERROR,
  type KubernetesListObject,
  type KubernetesObject,
  ListWatch,
  UPDATE,
} from '@kubernetes/client-node';
import type { KubernetesCredential } from '@backstage/plugin-kubernetes-node';
import type { MeshClusterConfig } from '../../config';
import { createClusterApi } from '../clusterApi';
import { ClusterReadError, describeError } from '../describeError';
import { isNotFound, listAllVersioned } from '../rawList';
import { CredentialedWatch, type WatchError } from './credentialedWatch';
import { slimObject } from './slimObject';
import type { KindVersion, WatchedKind } from './watchedKinds';

/**
 * Counts of the requests the watches made to one cluster (for the bench and tests).
 * @public
 */
export interface WatchRequestCounts {
  /** List pages are not counted one by one: one per list. */
  lists: number;
  /** Watch requests opened (each re-open counts). */
  watches: number;
  /** Health probes of the cluster (see `ClusterWatcher.probe`). */
  probes?: number;
}

/** What a {@link KindWatch} needs from its cluster. */
export interface KindWatchContext {
  cluster: MeshClusterConfig;
  /** The cluster's credential now (asked for every list and watch). */
  credential: () => Promise<KubernetesCredential | undefined>;
  /** Secrets to keep out of error messages (the last credential's too). */
  secrets: () => Array<string | undefined>;
  requestTimeoutMs: number;
  pageSize: number;
  /** Server-side end of each watch, so it is re-opened with a fresh credential. */
  watchTimeoutSeconds: number;
  /** First and longest wait before retrying a failed list or watch. */
  backoff: { initialMs: number; maxMs: number };
  /** Called whenever the kind's objects may have changed. */
  onChange: () => void;
  counts: WatchRequestCounts;
}

/** One list-watch of the kind, from its first list on. */
interface Attempt {
  watch: ListWatch<KubernetesObject>;
  listed: boolean;
  error?: unknown;
}

/**
 * Keeps one kind of one cluster current: lists it once (paginated, every
 * page from one snapshot), then watches it from the list's resourceVersion
 * with client-node's `ListWatch` (which applies the events to its cache,
 * moves the resourceVersion with every event and bookmark, and re-lists
 * after `410 Expired`). A failed list or watch is retried with exponential
 * back-off and jitter, resuming from the last resourceVersion when it is
 * still good; its cache is kept meanwhile (the last good objects).
 * {@link KindWatch.resync} re-lists as a safety net, swapping the cache only
 * once the new list is complete.
 */
export class KindWatch {
  private current?: Attempt;
  private pending?: Attempt;
  private missing = false;
  private failure?: ClusterReadError;
  private retry?: NodeJS.Timeout;
  private failures = 0;
  private stopped = false;
  private readonly watch: CredentialedWatch;

  constructor(
    readonly kind: WatchedKind,
    private readonly context: KindWatchContext,
  ) {
    const builtIn = !kind.api || kind.key === 'injectorWebhooks';
    this.watch = new CredentialedWatch({
      cluster: context.cluster,
      credential: context.credential,
      timeoutSeconds: context.watchTimeoutSeconds,
      slim: object => slimObject(object, kind.rule, builtIn),
      onRequest: () => {
        context.counts.watches++;
      },
      // Connected: no longer failing. Back-off starts over only once the
      // stream delivers (a server answering 200 then an error must not
      // make us retry at the shortest interval for ever).
      onConnected: () => {
        this.failure = undefined;
      },
      onEvent: type => {
        if (type !== 'ERROR') this.healthy();
      },
    });
  }

  /** Lists the kind and starts watching; resolves once the first list succeeded or failed. */
  start(): Promise<void> {
    return this.open();
  }

  /** Re-lists the kind (safety net against missed events). */
  resync(): Promise<void> {
    if (this.pending || this.stopped) return Promise.resolve();
    return this.open();
  }

  /** Stops watching; no callback is made afterwards. */
  stop() {
    this.stopped = true;
    clearTimeout(this.retry);
    void this.current?.watch.stop();
    void this.pending?.watch.stop();
  }

  /** Whether the kind was listed (or found not served) at least once. */
  isListed(): boolean {
    return this.missing || !!this.current;
  }

  /** Whether no version of the kind is served. */
  isMissing(): boolean {
    return this.missing;
  }

  /** The current failure of its list or watch, if any (credential-free). */
  error(): ClusterReadError | undefined {
    return this.failure;
  }

  /** The kind's objects as last known (slimmed, see `slimObject`). */
  items(): unknown[] {
    return [...(this.current?.watch.list() ?? [])];
  }

  private healthy() {
    this.failure = undefined;
    this.failures = 0;
  }

  private fail(error: unknown) {
    this.failure = this.describe(error);
  }

  private describe(error: unknown): ClusterReadError {
    const secrets = this.context.secrets();
    const statusCode = (error as WatchError | undefined)?.statusCode;
    if (typeof statusCode === 'number') {
      return describeError(
        new ApiException(statusCode, 'watch failed', undefined, {}),
        `${this.kind.what} (watch)`,
        { timeoutMs: this.context.requestTimeoutMs, secrets },
      );
    }
    return describeError(error, this.kind.what, {
      timeoutMs: this.context.requestTimeoutMs,
      secrets,
    });
  }

  private later(action: () => Promise<void>) {
    if (this.stopped) return;
    clearTimeout(this.retry);
    const { initialMs, maxMs } = this.context.backoff;
    const ceiling = Math.min(maxMs, initialMs * 2 ** this.failures);
    this.failures++;
    // Jitter: clusters that failed together do not all come back at once.
    const delay = ceiling * (0.5 + Math.random() / 2);
    this.retry = setTimeout(() => {
      action().catch(error => this.fail(error));
    }, delay);
    this.retry.unref?.();
  }

  private async list(version: KindVersion): Promise<KubernetesListObject<any>> {
    const { context, kind } = this;
    const api = createClusterApi(context.cluster, {
      credential: await context.credential(),
      requestTimeoutMs: context.requestTimeoutMs,
      pageSize: context.pageSize,
    });
    context.counts.lists++;
    const { items, resourceVersion } = await listAllVersioned(
      (page, options) => version.list(api, page, options),
      { pageSize: context.pageSize, timeoutMs: context.requestTimeoutMs },
    );
    const builtIn = !kind.api || kind.key === 'injectorWebhooks';
    const slim: object[] = [];
    for (const item of items) {
      const object = slimObject(item, kind.rule, builtIn);
      if (object) slim.push(object);
    }
    return { metadata: { resourceVersion }, items: slim };
  }

  /**
   * Finds the version served (listing it: that list is the watch's first),
   * then starts a list-watch and makes it current once it has listed.
   */
  private async open(): Promise<void> {
    if (this.stopped) return;
    let version: KindVersion | undefined;
    let firstList: KubernetesListObject<any> | undefined;
    for (const candidate of this.kind.versions) {
      try {
        firstList = await this.list(candidate);
        version = candidate;
        break;
      } catch (error) {
        if (this.kind.api && isNotFound(error)) continue;
        this.fail(error);
        this.later(() => this.open());
        return;
      }
    }
    if (this.stopped) return;
    if (!version) {
      // Served at no version: reads as empty, and is looked for again at
      // the next resync.
      this.missing = true;
      this.healthy();
      void this.current?.watch.stop();
      this.current = undefined;
      this.context.onChange();
      return;
    }
    const served = version;
    let initial = firstList;
    const attempt: Attempt = {
      listed: false,
      watch: new ListWatch<KubernetesObject>(
        served.path,
        this.watch,
        async () => {
          const list = initial ?? (await this.list(served));
          initial = undefined;
          attempt.listed = true;
          this.healthy();
          return list;
        },
        false,
        this.kind.labelSelector,
        this.kind.fieldSelector,
      ),
    };
    const changed = () => {
      if (attempt === this.current) this.context.onChange();
    };
    attempt.watch.on(ADD, changed);
    attempt.watch.on(UPDATE, changed);
    attempt.watch.on(DELETE, changed);
    attempt.watch.on(ERROR, error => this.onError(attempt, error));
    this.pending = attempt;
    try {
      await attempt.watch.start();
    } finally {
      this.pending = undefined;
    }
    if (this.stopped) {
      void attempt.watch.stop();
      return;
    }
    if (!attempt.listed) {
      void attempt.watch.stop();
      this.fail(attempt.error);
      this.later(() => this.open());
      return;
    }
    const previous = this.current;
    this.current = attempt;
    this.missing = false;
    // A retry of the replaced list-watch is moot now.
    clearTimeout(this.retry);
    void previous?.watch.stop();
    this.context.onChange();
    if (attempt.error !== undefined) this.onError(attempt, attempt.error);
  }

  /**
   * A list or watch of a list-watch failed: `ListWatch` stops there. The
   * current one is resumed after a back-off, from its last resourceVersion
   * (or with a new list when it has none, e.g. after `410`).
   */
  private onError(attempt: Attempt, error: unknown) {
    if (this.stopped) return;
    if (attempt !== this.current) {
      attempt.error = error;
      return;
    }
    this.fail(error);
    this.later(async () => {
      // Replaced by a resync meanwhile: leave the old one stopped.
      if (attempt === this.current) await attempt.watch.start();
    });
  }
}
