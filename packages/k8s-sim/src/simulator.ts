import path from 'node:path';
import { InputError, NotFoundError } from '@backstage/errors';
import { ClusterServer } from './clusterServer';
import { ControlServer } from './controlServer';
import { Fault, parseFault } from './faults';
import { loadClusterDirectory } from './loadClusterObjects';
import { NormalizeResult } from './normalize';
import { defaultCatalog } from './resources';
import { ClusterStore } from './store';
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
  /** Re-reads the manifests; on an error the served objects stay as they were. */
  reload(): Promise<{ warnings: string[] }>;
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

async function loadAll(
  options: SimulatorOptions,
  now: Date,
  previous?: Map<string, ClusterStore>,
): Promise<{ stores: Map<string, ClusterStore>; warnings: string[] }> {
  const stores = new Map<string, ClusterStore>();
  const warnings: string[] = [];
  for (const cluster of options.clusters) {
    const dir = path.join(options.manifestsDir, cluster.name);
    const before = previous?.get(cluster.name);
    const beforeVersion = before ? Number(before.resourceVersion) : 0;
    const result: NormalizeResult = await loadClusterDirectory(dir, {
      cluster: cluster.name,
      now,
      startResourceVersion: beforeVersion,
      catalog: defaultCatalog,
    });
    warnings.push(...result.warnings.map(w => `[${cluster.name}] ${w}`));
    // A reload always moves the resource version on, so continue tokens
    // handed out before it expire (410) instead of mixing two data sets.
    const version = before
      ? Math.max(result.resourceVersion, beforeVersion + 1)
      : result.resourceVersion;
    stores.set(cluster.name, new ClusterStore(result.objects, version));
  }
  return { stores, warnings };
}

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
  const servers = new Map<string, ClusterServer>();
  for (const cluster of options.clusters) {
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
        store: loaded.stores.get(cluster.name)!,
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
  const stopAll = async () => {
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
      const previous = new Map(
        [...servers.values()].map(s => [s.name, s.store] as const),
      );
      const next = await loadAll(options, now, previous);
      for (const [name, store] of next.stores) {
        servers.get(name)!.replaceStore(store);
      }
      warnings = next.warnings;
      for (const warning of warnings) log(`warning: ${warning}`);
      return { warnings };
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
  } catch (error) {
    await stopAll();
    throw error;
  }
  return simulator;
}
