import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  DynamicClusterLocatorConfig,
  MeshClusterConfig,
  MeshConfig,
} from '../config';

/**
 * Finds the clusters of one runtime locator (catalog, GKE, kubectl proxy).
 * @public
 */
export type FindClusters = (
  locator: DynamicClusterLocatorConfig,
) => Promise<MeshClusterConfig[]>;

/**
 * Options of {@link ClusterDirectory}.
 * @public
 */
export interface ClusterDirectoryOptions {
  config: MeshConfig;
  logger: LoggerService;
  /** Finds one locator's clusters (see `createClusterFinder`). */
  find: FindClusters;
  /** How long a discovery is reused (default: the refresh frequency). */
  maxAgeMs?: number;
  now?: () => number;
}

/**
 * The clusters mesh reads: those of `type: config` (fixed at startup) and
 * those the runtime locators find, re-discovered at most once per
 * `maxAgeMs`. A locator that fails keeps its last clusters and adds one
 * entry named after its config key carrying the error, so the failure shows
 * next to the other clusters' data; a name found twice keeps the first.
 * @public
 */
export class ClusterDirectory {
  private clusters: MeshClusterConfig[];
  private readonly found = new Map<string, MeshClusterConfig[]>();
  private discoveredAt?: number;
  private inFlight?: Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: ClusterDirectoryOptions) {
    this.now = options.now ?? Date.now;
    this.clusters = options.config.clusters;
  }

  /** The clusters as last discovered (the config clusters before the first). */
  current(): MeshClusterConfig[] {
    return this.clusters;
  }

  /** Re-discovers when the last discovery is older than `maxAgeMs`. */
  refresh(): Promise<void> {
    const { config } = this.options;
    if (config.locators.length === 0) return Promise.resolve();
    const maxAge = this.options.maxAgeMs ?? config.refresh.frequencyMs;
    if (
      this.discoveredAt !== undefined &&
      this.now() - this.discoveredAt < maxAge
    ) {
      return Promise.resolve();
    }
    if (!this.inFlight) {
      this.inFlight = this.discover().finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  private async discover() {
    const { config, logger, find } = this.options;
    const failures: MeshClusterConfig[] = [];
    await Promise.all(
      config.locators.map(async locator => {
        try {
          this.found.set(locator.key, await find(locator));
        } catch (error) {
          const message = `${locator.type} locator: ${
            (error as Error)?.message ?? 'unknown error'
          }`;
          logger.warn('Could not discover mesh clusters', {
            locator: locator.key,
            error: message,
          });
          failures.push({
            name: `${locator.key}`,
            url: '',
            source: locator.type,
            skipTLSVerify: false,
            unsupportedReason: message,
          });
        }
      }),
    );
    const names = new Set<string>();
    const clusters: MeshClusterConfig[] = [];
    const add = (cluster: MeshClusterConfig) => {
      if (names.has(cluster.name)) {
        logger.warn('Duplicate mesh cluster name; the first one is read', {
          cluster: cluster.name,
          source: cluster.source,
        });
        return;
      }
      names.add(cluster.name);
      clusters.push(cluster);
    };
    config.clusters.forEach(add);
    for (const locator of config.locators) {
      (this.found.get(locator.key) ?? []).forEach(add);
    }
    failures.forEach(add);
    this.clusters = clusters;
    this.discoveredAt = this.now();
  }
}
