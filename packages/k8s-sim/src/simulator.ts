import { FSWatcher, watch as watchFiles } from 'node:fs';
import path from 'node:path';
import { InputError, NotFoundError } from '@backstage/errors';
import { ClusterServer } from './clusterServer';
import { ClusterState, ObjectReference } from './clusterState';
import { ControlServer } from './controlServer';
import { Fault, parseFault } from './faults';
import { loadClusterDirectory } from './loadClusterObjects';
import { KubeObject, NormalizedObject, NormalizeResult } from './normalize';
import { defaultCatalog } from './resources';
import { createLoopbackCertificate } from './tls';

/**
 * One simulated cluster to serve.
 *
 * @public
 */
export interface SimulatedClusterOptions {
  /** Cluster name; also the manifests sub-directory to read. */
  name: string;
  /** Port to listen on; 0 or absent picks a free one. */
  port?: number;
  /** Address to bind; defaults to `127.0.0.1`. */
  host?: string;
  /**
   * Also serve the same API over HTTPS on this port (0 = a free one), with a
   * self-signed certificate for loopback (see `Simulator.certificateAuthority`).
   * kubectl and client-go only send bearer tokens over TLS.
   */
  tlsPort?: number;
  /** The bearer token clients must send. */
  token: string;
  /**
   * Let requests that carry no credentials at all read, as an API server
   * with anonymous auth and a read-only binding for `system:anonymous` does.
   * A wrong token is still refused with 401. Needed for `kubectl` over plain
   * `http://`, which never sends a token to a non-TLS server. Default false.
   */
  anonymousRead?: boolean;
}

/**
 * Options of {@link startSimulator}.
 *
 * @public
 */
export interface SimulatorOptions {
  /** Directory with one sub-directory of manifests per cluster. */
  manifestsDir: string;
  clusters: SimulatedClusterOptions[];
  /** Port of the fault-control HTTP API; absent means no control server, 0 a free port. */
  controlPort?: number;
  /** Address of the control server; defaults to `127.0.0.1`. */
  controlHost?: string;
  /** `creationTimestamp` given to objects without one; defaults to start time. */
  now?: Date;
  /** Receives warnings about skipped manifests and internal errors; defaults to silence. */
  log?: (message: string) => void;
  /** Watch tuning; every field has a default. */
  watch?: SimulatorWatchOptions;
  /**
   * Re-read the manifests when a file under `manifestsDir` changes
   * (debounced), as `reload()` does. Default false.
   */
  watchManifests?: boolean;
}

/**
 * How the simulated API servers serve watches.
 *
 * @public
 */
export interface SimulatorWatchOptions {
  /**
   * Change events kept per resource (default 1000). A watch that resumes
   * from a version older than the kept ones gets `410 Expired`.
   */
  historyLimit?: number;
  /** How often watches with `allowWatchBookmarks=true` get a BOOKMARK (default 60 s). */
  bookmarkIntervalMs?: number;
  /** When a watch without `timeoutSeconds` is ended by the server (default 1800 s). */
  timeoutSeconds?: number;
}

/**
 * State of one simulated cluster, as reported by the control API.
 *
 * @public
 */
export interface SimulatedClusterState {
  name: string;
  url: string;
  tlsUrl?: string;
  port: number;
  listening: boolean;
  fault: Fault;
  /** Objects served, over all kinds. */
  objects: number;
  /** Requests received since start, faulted ones included. */
  requests: number;
  /** Watches open right now. */
  watches: number;
  /** The cluster's current resourceVersion. */
  resourceVersion: string;
}

/**
 * A running simulator.
 *
 * @public
 */
export interface Simulator {
  /** Where each cluster is served and the token it expects. */
  readonly clusters: Array<{
    name: string;
    url: string;
    token: string;
    /** HTTPS URL, when the cluster has a `tlsPort`. */
    tlsUrl?: string;
  }>;
  /** PEM certificate of the HTTPS listeners (self-signed), when any cluster has a `tlsPort`. */
  readonly certificateAuthority?: string;
  /** Base URL of the fault-control API, when one was asked for. */
  readonly controlUrl?: string;
  /** Switches a cluster's fault; `down` stops it listening, any other mode brings it back. */
  setFault(cluster: string, fault: Fault): Promise<void>;
  /** Clears every fault and brings stopped clusters back. */
  clearFaults(): Promise<void>;
  /** Stops a cluster listening, as if its API server went down. */
  stopCluster(name: string): Promise<void>;
  /** Brings a stopped cluster back on the same port. */
  startCluster(name: string): Promise<void>;
  /**
   * Re-reads the manifests; on an error the served objects stay as they were.
   * Watches get ADDED, MODIFIED and DELETED for what changed.
   */
  reload(): Promise<{ warnings: string[] }>;
  /**
   * Creates or replaces an object in a cluster (a replace keeps its uid and
   * creationTimestamp); returns it as stored, with its new resourceVersion.
   */
  applyObject(cluster: string, object: unknown): Promise<KubeObject>;
  /** Applies a JSON merge patch (RFC 7386) to an object; returns it as stored. */
  patchObject(
    cluster: string,
    ref: ObjectReference,
    patch: unknown,
  ): Promise<KubeObject>;
  /** Deletes an object; returns its last state. */
  deleteObject(cluster: string, ref: ObjectReference): Promise<KubeObject>;
  /** Current state of every cluster. */
  state(): SimulatedClusterState[];
  /** Warnings from the last (re)load: skipped or repaired documents. */
  readonly warnings: string[];
  /** Stops every server. */
  stop(): Promise<void>;
}

const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function validateOptions(options: SimulatorOptions): void {
  if (!options.manifestsDir) {
    throw new InputError('manifestsDir is required');
  }
  if (!Array.isArray(options.clusters) || options.clusters.length === 0) {
    throw new InputError('at least one cluster is required');
  }
  for (const [field, value] of Object.entries(options.watch ?? {})) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      throw new InputError(`watch.${field} must be a positive integer`);
    }
  }
  const seen = new Set<string>();
  for (const cluster of options.clusters) {
    if (!CLUSTER_NAME.test(cluster.name ?? '')) {
      throw new InputError(
        `invalid cluster name "${cluster.name}": use lowercase letters, digits and '-'`,
      );
    }
    if (seen.has(cluster.name)) {
      throw new InputError(`cluster "${cluster.name}" is listed twice`);
    }
    seen.add(cluster.name);
    if (typeof cluster.token !== 'string' || cluster.token.length === 0) {
      throw new InputError(`cluster "${cluster.name}" needs a non-empty token`);
    }
    for (const port of [cluster.port ?? 0, cluster.tlsPort ?? 0]) {
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new InputError(`cluster "${cluster.name}" has an invalid port`);
      }
    }
  }
}

interface LoadedCluster {
  objects: NormalizedObject[];
  resourceVersion: number;
}

async function loadAll(
  options: SimulatorOptions,
  now: Date,
): Promise<{ clusters: Map<string, LoadedCluster>; warnings: string[] }> {
  const clusters = new Map<string, LoadedCluster>();
  const warnings: string[] = [];
  for (const cluster of options.clusters) {
    const dir = path.join(options.manifestsDir, cluster.name);
    const result: NormalizeResult = await loadClusterDirectory(dir, {
      cluster: cluster.name,
      now,
      catalog: defaultCatalog,
    });
    warnings.push(...result.warnings.map(w => `[${cluster.name}] ${w}`));
    clusters.set(cluster.name, {
      objects: result.objects,
      resourceVersion: result.resourceVersion,
    });
  }
  return { clusters, warnings };
}

/** Debounce of the manifest file watcher: editors write files in bursts. */
const MANIFEST_DEBOUNCE_MS = 200;

/**
 * Starts one simulated Kubernetes API server per cluster, serving the
 * manifests in `<manifestsDir>/<cluster name>/`, plus the optional
 * fault-control API.
 *
 * @public
 * @throws InputError for invalid options or unreadable manifests.
 */
export async function startSimulator(
  options: SimulatorOptions,
): Promise<Simulator> {
  validateOptions(options);
  const log = options.log ?? (() => {});
  const now = options.now ?? new Date();
  const loaded = await loadAll(options, now);
  let warnings = loaded.warnings;
  for (const warning of warnings) log(`warning: ${warning}`);

  const certificate = options.clusters.some(c => c.tlsPort !== undefined)
    ? createLoopbackCertificate()
    : undefined;
  const watchOptions = options.watch ?? {};
  const servers = new Map<string, ClusterServer>();
  for (const cluster of options.clusters) {
    const loadedCluster = loaded.clusters.get(cluster.name)!;
    servers.set(
      cluster.name,
      new ClusterServer({
        name: cluster.name,
        host: cluster.host ?? '127.0.0.1',
        port: cluster.port ?? 0,
        tlsPort: cluster.tlsPort,
        certificate,
        token: cluster.token,
        anonymousRead: cluster.anonymousRead ?? false,
        state: new ClusterState({
          cluster: cluster.name,
          catalog: defaultCatalog,
          objects: loadedCluster.objects,
          resourceVersion: loadedCluster.resourceVersion,
          historyLimit: watchOptions.historyLimit ?? 1000,
          bookmarkIntervalMs: watchOptions.bookmarkIntervalMs ?? 60_000,
        }),
        watchTimeoutSeconds: watchOptions.timeoutSeconds ?? 1800,
        catalog: defaultCatalog,
        log,
      }),
    );
  }

  const serverOf = (name: string): ClusterServer => {
    const server = servers.get(name);
    if (!server)
      throw new NotFoundError(`no simulated cluster named "${name}"`);
    return server;
  };

  let control: ControlServer | undefined;
  let fileWatcher: FSWatcher | undefined;
  let reloadTimer: NodeJS.Timeout | undefined;
  const stopAll = async () => {
    fileWatcher?.close();
    fileWatcher = undefined;
    if (reloadTimer) clearTimeout(reloadTimer);
    await Promise.all([...servers.values()].map(s => s.stop()));
    await control?.stop();
  };

  const simulator: Simulator = {
    get clusters() {
      return [...servers.values()].map(s => ({
        name: s.name,
        url: s.url,
        token: s.token,
        ...(s.tlsUrl ? { tlsUrl: s.tlsUrl } : {}),
      }));
    },
    certificateAuthority: certificate?.cert,
    get controlUrl() {
      return control?.url;
    },
    get warnings() {
      return warnings;
    },
    async setFault(cluster, fault) {
      await serverOf(cluster).setFault(parseFault(fault));
    },
    async clearFaults() {
      await Promise.all(
        [...servers.values()].map(s => s.setFault({ mode: 'none' })),
      );
    },
    async stopCluster(name) {
      await serverOf(name).setFault({ mode: 'down' });
    },
    async startCluster(name) {
      await serverOf(name).start();
    },
    async reload() {
      const next = await loadAll(options, now);
      for (const [name, cluster] of next.clusters) {
        servers.get(name)!.state.reload(cluster.objects);
      }
      warnings = next.warnings;
      for (const warning of warnings) log(`warning: ${warning}`);
      return { warnings };
    },
    async applyObject(cluster, object) {
      return serverOf(cluster).state.apply(object);
    },
    async patchObject(cluster, ref, patch) {
      return serverOf(cluster).state.patch(ref, patch);
    },
    async deleteObject(cluster, ref) {
      return serverOf(cluster).state.remove(ref);
    },
    state() {
      return [...servers.values()].map(s => ({
        name: s.name,
        url: s.url,
        ...(s.tlsUrl ? { tlsUrl: s.tlsUrl } : {}),
        port: s.port,
        listening: s.listening,
        fault: s.fault,
        objects: s.store.size,
        requests: s.requestCount,
        watches: s.state.hub.size,
        resourceVersion: s.store.resourceVersion,
      }));
    },
    stop: stopAll,
  };

  try {
    for (const server of servers.values()) await server.start();
    if (options.controlPort !== undefined) {
      control = new ControlServer({
        simulator,
        host: options.controlHost ?? '127.0.0.1',
        port: options.controlPort,
        log,
      });
      await control.start();
    }
    if (options.watchManifests) {
      fileWatcher = watchFiles(
        options.manifestsDir,
        { recursive: true, persistent: false },
        () => {
          if (reloadTimer) clearTimeout(reloadTimer);
          reloadTimer = setTimeout(() => {
            reloadTimer = undefined;
            simulator
              .reload()
              .catch(error =>
                log(`reload after a manifest change failed: ${error}`),
              );
          }, MANIFEST_DEBOUNCE_MS);
        },
      );
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  return simulator;
}
