import type { RawSourceData } from '../graph/rawData';
import type { TrafficGraph } from '../graph/model';
import {
  clusterResolverFrom,
  normalizeSamples,
} from '../graph/normalizeSamples';
import { buildWorkloadGraph } from '../graph/buildWorkloadGraph';
import type { WorkloadDirectory } from '../types';

/** Most workload graphs kept (one per window asked for recently). */
const MAX_MEMOISED_GRAPHS = 8;

/**
 * Builds the workload graph from the raw data of every source, and keeps it
 * while nothing it depends on changes: the window, each source's
 * collection, the directory's version and the cluster ids. Graphs are
 * shared by every view and treated as immutable.
 */
export class WorkloadGraphs {
  readonly #directory: WorkloadDirectory;
  readonly #graphs = new Map<string, TrafficGraph>();

  constructor(directory: WorkloadDirectory) {
    this.#directory = directory;
  }

  /** The graph of `data`, built once per data and directory version. */
  graphOf(
    window: string,
    data: RawSourceData[],
    clusterIds: Map<string, string>,
  ): TrafficGraph {
    const key = this.#key(window, data, clusterIds);
    const memo = key !== undefined ? this.#graphs.get(key) : undefined;
    if (memo) return memo;
    const { traffic, latency } = normalizeSamples(
      data,
      clusterResolverFrom(clusterIds),
    );
    const graph = buildWorkloadGraph(traffic, latency, this.#directory);
    if (key !== undefined) {
      // One graph per window is plenty: the views shape copies of it.
      for (const old of this.#graphs.keys()) {
        if (old.startsWith(`${window}\n`)) this.#graphs.delete(old);
      }
      if (this.#graphs.size >= MAX_MEMOISED_GRAPHS) this.#graphs.clear();
      this.#graphs.set(key, graph);
    }
    return graph;
  }

  /**
   * What a built graph depends on. Undefined (no reuse) when the directory
   * or a collection cannot say what version it is.
   */
  #key(
    window: string,
    data: RawSourceData[],
    clusterIds: Map<string, string>,
  ): string | undefined {
    const directoryVersion = this.#directory.version?.();
    if (directoryVersion === undefined) return undefined;
    if (data.some(d => !d.collectionId)) return undefined;
    return [
      window,
      directoryVersion,
      JSON.stringify([...clusterIds]),
      ...data.map(d => `${d.source}=${d.collectionId}`),
    ].join('\n');
  }
}
