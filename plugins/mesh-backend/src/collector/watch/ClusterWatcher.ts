import type { KubernetesCredential } from '@backstage/plugin-kubernetes-node';
import type { MeshClusterConfig } from '../../config';
import { createClusterApi, secretsOf } from '../clusterApi';
import { ClusterReadError, describeError } from '../describeError';
import type { ClusterCollection } from '../collectCluster';
import { istiodNamespaces } from '../istiod';
import { readFirstPage } from '../rawList';
import { injectorRevisionsOf, type RawClusterLists } from '../readClusterLists';
import { toClusterObjects } from '../toClusterObjects';
import {
  KindWatch,
  type KindWatchContext,
  type WatchRequestCounts,
} from './KindWatch';
import { namespaceConfigMaps, watchedKinds } from './watchedKinds';

/**
 * Options of {@link ClusterWatcher}.
 * @public
 */
export interface ClusterWatchOptions {
  /** The cluster's credential now; asked again for every list and watch. */
  getCredential?: (cluster: MeshClusterConfig) => Promise<KubernetesCredential>;
  /** Timeout of each list call in milliseconds. */
  requestTimeoutMs: number;
  /** Page size of list calls (default 500). */
  pageSize?: number;
  /** The server ends each watch after this long (default 300 s), so it is re-opened with a fresh credential. */
  watchTimeoutSeconds?: number;
  /** Retry waits after a failed list or watch (default 1 s doubling up to 60 s, with jitter). */
  backoff?: { initialMs: number; maxMs: number };
  excludeNamespaces?: string[];
  /** Called whenever the cluster's objects may have changed (often: debounce it). */
  onChange: () => void;
}

/**
 * What a watched cluster reads as now: its objects, the error that keeps
 * them from being current, or `pending` before the first lists are done.
 * @public
 */
export type WatchedClusterRead =
  | { collection: ClusterCollection }
  | { error: string }
  | { pending: true };

/**
 * Keeps one cluster's objects current with one list-watch per kind the
 * engine reads (`KindWatch`), and turns its caches into the engine's
 * input exactly as a full collection would (`toClusterObjects`). The
 * ConfigMaps of istiod's namespaces are watched as istiod is found.
 * @public
 */
export class ClusterWatcher {
  /** Requests made so far (lists and watches). */
  readonly counts: WatchRequestCounts = { lists: 0, watches: 0, probes: 0 };
  private readonly kinds: KindWatch[];
  private readonly istiodConfigMaps = new Map<string, KindWatch>();
  private readonly context: KindWatchContext;
  private lastCredential?: KubernetesCredential;
  private probeFailure?: ClusterReadError;
  private stopped = false;

  constructor(
    readonly cluster: MeshClusterConfig,
    private readonly options: ClusterWatchOptions,
  ) {
    this.context = {
      cluster,
      credential: async () => {
        const credential = await options.getCredential?.(cluster);
        this.lastCredential = credential;
        return credential;
      },
      secrets: () => [
        cluster.serviceAccountToken,
        ...secretsOf(this.lastCredential),
      ],
      requestTimeoutMs: options.requestTimeoutMs,
      pageSize: options.pageSize ?? 500,
      watchTimeoutSeconds: options.watchTimeoutSeconds ?? 300,
      backoff: options.backoff ?? { initialMs: 1_000, maxMs: 60_000 },
      onChange: () => {
        if (!this.stopped) options.onChange();
      },
      counts: this.counts,
    };
    this.kinds = watchedKinds(this.rootNamespace()).map(
      kind => new KindWatch(kind, this.context),
    );
  }

  private rootNamespace() {
    return this.cluster.rootNamespace ?? 'istio-system';
  }

  /** Lists every kind and starts the watches; resolves when each first list is done or failed. */
  async start(): Promise<void> {
    await Promise.all(this.kinds.map(kind => kind.start()));
  }

  /** Re-lists every kind (the periodic safety net). */
  async resync(): Promise<void> {
    await Promise.all(
      [...this.kinds, ...this.istiodConfigMaps.values()].map(kind =>
        kind.resync(),
      ),
    );
  }

  /**
   * Asks the API server for one namespace, with the watches' credential and
   * timeout. Open watches do not notice a server that starts refusing the
   * credential (401/403) or answering slower than the timeout: their
   * streams stay open. The answer is kept for {@link ClusterWatcher.problem}.
   */
  async probe(): Promise<void> {
    if (this.stopped) return;
    const { requestTimeoutMs } = this.options;
    this.counts.probes = (this.counts.probes ?? 0) + 1;
    try {
      const api = createClusterApi(this.cluster, {
        credential: await this.context.credential(),
        requestTimeoutMs,
        pageSize: 1,
      });
      await readFirstPage(
        (page, options) => api.core.listNamespace(page, options),
        { limit: 1, timeoutMs: requestTimeoutMs },
      );
      this.probeFailure = undefined;
    } catch (error) {
      this.probeFailure = describeError(error, 'namespaces (health check)', {
        timeoutMs: requestTimeoutMs,
        secrets: this.context.secrets(),
      });
    }
  }

  /** Stops every watch. */
  stop() {
    this.stopped = true;
    for (const kind of [...this.kinds, ...this.istiodConfigMaps.values()]) {
      kind.stop();
    }
  }

  /**
   * Why the cluster's objects are not current (a required kind not listed
   * yet, or failing), without reading them; undefined when they are.
   */
  problem(): { error: string } | { pending: true } | undefined {
    if (this.probeFailure) return { error: this.probeFailure.message };
    const required = [...this.kinds, ...this.istiodConfigMaps.values()].filter(
      kind => !kind.kind.optional,
    );
    const unlisted = required.find(kind => !kind.isListed());
    if (unlisted) {
      const error = unlisted.error();
      return error ? { error: error.message } : { pending: true };
    }
    // A broken watch keeps its last good objects, but the cluster is not
    // current: report it (the store keeps the last good snapshot).
    const failing = required.find(kind => kind.error());
    return failing ? { error: failing.error()!.message } : undefined;
  }

  /** The cluster as its caches hold it now. */
  read(): WatchedClusterRead {
    const problem = this.problem();
    if (problem) return problem;

    const items = (key: string) =>
      this.kinds.find(kind => kind.kind.key === key)?.items() ?? [];
    const deployments = items('deployments');
    const pods = items('pods');
    const extra = this.watchIstiodNamespaces(
      istiodNamespaces(deployments, pods).filter(
        namespace => namespace !== this.rootNamespace(),
      ),
    );
    if (extra.some(kind => !kind.isListed() && !kind.error())) {
      return { pending: true };
    }
    const broken = extra.find(kind => kind.error());
    if (broken) return { error: broken.error()!.message };

    const webhooks = this.kinds.find(
      kind => kind.kind.key === 'injectorWebhooks',
    )!;
    const webhooksKnown =
      webhooks.isListed() && !webhooks.isMissing() && !webhooks.error();
    const raw: RawClusterLists = {
      namespaces: items('namespaces'),
      pods,
      services: items('services'),
      rootConfigMaps: items('rootConfigMaps'),
      istiodConfigMaps: extra.flatMap(kind => kind.items()),
      caRootCerts: items('caRootCerts'),
      deployments,
      replicaSets: items('replicaSets'),
      statefulSets: items('statefulSets'),
      daemonSets: items('daemonSets'),
      jobs: items('jobs'),
      cronJobs: items('cronJobs'),
      peerAuthentications: items('peerAuthentications'),
      destinationRules: items('destinationRules'),
      injectorRevisions: webhooksKnown
        ? injectorRevisionsOf(webhooks.items())
        : undefined,
    };
    const missingApis = this.kinds
      .filter(
        kind =>
          kind.kind.api &&
          (kind.isMissing() || (kind.kind.optional && !webhooksKnown)),
      )
      .map(kind => kind.kind.api!)
      .sort();
    return {
      collection: {
        objects: toClusterObjects(
          this.cluster,
          raw,
          this.options.excludeNamespaces,
        ),
        missingApis,
      },
    };
  }

  /** Watches the ConfigMaps of each of `namespaces`, and only those. */
  private watchIstiodNamespaces(namespaces: string[]): KindWatch[] {
    for (const [namespace, kind] of this.istiodConfigMaps) {
      if (!namespaces.includes(namespace)) {
        kind.stop();
        this.istiodConfigMaps.delete(namespace);
      }
    }
    return namespaces.map(namespace => {
      let kind = this.istiodConfigMaps.get(namespace);
      if (!kind && !this.stopped) {
        kind = new KindWatch(
          namespaceConfigMaps('istiodConfigMaps', namespace),
          this.context,
        );
        this.istiodConfigMaps.set(namespace, kind);
        void kind.start();
      }
      return kind!;
    });
  }
}
