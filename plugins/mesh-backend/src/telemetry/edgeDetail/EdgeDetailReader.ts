import {
  parseWorkloadId,
  type EdgeDetailResponse,
  type GraphNode,
  type TelemetrySourceStatus,
} from '@mesh-portal/plugin-mesh-common';
import { InputError, NotFoundError } from '@backstage/errors';
import { parseWindow } from '../../config/window';
import type { TelemetrySource } from '../collectSource';
import type { WorkloadDirectory } from '../types';
import {
  buildEdgeQueries,
  rateSampling,
  type EdgeEndLabels,
} from './edgeQueries';
import {
  mergeEdgeDetail,
  mergeEdgeTotals,
  rateUnitOf,
  type EdgeSamples,
} from './mergeEdgeDetail';
import type { TelemetryCollection } from '../background';
import { sourceStatuses } from '../steps/sourceStatus';
import { collectedEdgeSamples } from './collectedEdgeSamples';
import {
  edgeRateFromRing,
  ringCoversWindow,
  type EdgeRateRing,
} from './edgeRateRing';

/**
 * Reads the detail of one workload-to-workload edge. From the background
 * collection of the window when there is a recent one whose rate points
 * reach back over the whole window: no query at all. Otherwise with one
 * small query set per source ({@link buildEdgeQueries}), run at once. Both
 * paths merge the same way. Visibility is the service layer's business: it
 * calls this only for edges whose both ends the caller may see.
 */
/** One end of the edge: its telemetry labels and its node in the answer. */
interface EdgeEnd {
  labels: EdgeEndLabels;
  node: GraphNode;
}

export class EdgeDetailReader {
  readonly #sources: TelemetrySource[];
  readonly #directory: WorkloadDirectory;
  readonly #clusterIds: () => Map<string, string>;
  readonly #scrapeIntervalSeconds: number;
  readonly #now: () => Date;

  constructor(options: {
    sources: TelemetrySource[];
    directory: WorkloadDirectory;
    clusterIds: () => Map<string, string>;
    scrapeIntervalSeconds: number;
    now: () => Date;
  }) {
    this.#sources = options.sources;
    this.#directory = options.directory;
    this.#clusterIds = options.clusterIds;
    this.#scrapeIntervalSeconds = options.scrapeIntervalSeconds;
    this.#now = options.now;
  }

  /**
   * The detail of the edge `source` → `destination` (workload ids) over
   * `window`; `collected` is the window's recent background collection, if any.
   */
  async read(
    sourceId: string,
    destinationId: string,
    window: string,
    collected?: TelemetryCollection,
  ): Promise<EdgeDetailResponse> {
    const windowSeconds = parseWindow(window, this.#scrapeIntervalSeconds);
    const source = this.#end(sourceId, 'source');
    const destination = this.#end(destinationId, 'destination');
    const ring = collected?.edgeRates;
    if (collected && ringCoversWindow(ring, windowSeconds)) {
      return this.#fromCollection(collected, ring, window, source, destination);
    }
    return this.#onDemand(window, windowSeconds, source, destination);
  }

  #fromCollection(
    collected: TelemetryCollection,
    ring: EdgeRateRing,
    window: string,
    source: EdgeEnd,
    destination: EdgeEnd,
  ): EdgeDetailResponse {
    const totals = mergeEdgeTotals([
      collectedEdgeSamples(
        collected.sources,
        source.labels,
        destination.labels,
      ),
    ]);
    const age = (this.#now().getTime() - collected.collectedAt) / 1000;
    const unit = rateUnitOf(totals);
    return {
      source: source.node,
      destination: destination.node,
      window,
      dataTime: new Date(collected.collectedAt).toISOString(),
      ageSeconds: Math.max(0, Math.round(age)),
      collection: 'background',
      ...totals,
      rate: {
        unit,
        stepSeconds: ring.stepSeconds,
        points: edgeRateFromRing(ring, source.labels, destination.labels, unit),
      },
      sources: sourceStatuses(collected.sources).sort((a, b) =>
        a.name.localeCompare(b.name),
      ),
    };
  }

  async #onDemand(
    window: string,
    windowSeconds: number,
    source: EdgeEnd,
    destination: EdgeEnd,
  ): Promise<EdgeDetailResponse> {
    const sampling = rateSampling(windowSeconds, this.#scrapeIntervalSeconds);
    const time = this.#now();
    const statuses: TelemetrySourceStatus[] = [];
    const answers: EdgeSamples[] = await Promise.all(
      this.#sources.map(async telemetrySource => {
        const started = performance.now();
        const status: TelemetrySourceStatus = {
          name: telemetrySource.name,
          ok: true,
        };
        statuses.push(status);
        let queries;
        try {
          queries = buildEdgeQueries({
            source: source.labels,
            destination: destination.labels,
            window,
            sampling,
            scope: telemetrySource.scope(),
          });
        } catch (e) {
          status.ok = false;
          status.error = `could not build queries: ${(e as Error).message}`;
          return {};
        }
        const settled = await Promise.allSettled(
          queries.map(q => telemetrySource.client.query(q.promql, time)),
        );
        const samples: EdgeSamples = {};
        const errors: string[] = [];
        const warnings = new Set<string>();
        settled.forEach((outcome, i) => {
          if (outcome.status === 'fulfilled') {
            samples[queries[i].name] = outcome.value.samples;
            outcome.value.warnings.forEach(w => warnings.add(w));
          } else {
            errors.push((outcome.reason as Error)?.message ?? 'query failed');
          }
        });
        status.queries = queries.length;
        status.durationMs = Math.round(performance.now() - started);
        if (warnings.size > 0) status.warnings = [...warnings];
        if (errors.length > 0) {
          status.ok = false;
          status.error = [...new Set(errors)].join('; ');
        }
        return samples;
      }),
    );
    statuses.sort((a, b) => a.name.localeCompare(b.name));
    return {
      source: source.node,
      destination: destination.node,
      window,
      dataTime: time.toISOString(),
      ageSeconds: 0,
      collection: 'on-demand',
      ...mergeEdgeDetail(answers, sampling, time),
      sources: statuses,
    };
  }

  #end(id: string, side: string): EdgeEnd {
    const parts = parseWorkloadId(id);
    if (!parts) throw new InputError(`${side} is not a workload id`);
    // Telemetry names the cluster by its Istio id, or by the name itself
    // where no id is known: match every spelling of this cluster.
    const clusters = new Set([parts.cluster]);
    for (const [istioId, name] of this.#clusterIds()) {
      if (name === parts.cluster) clusters.add(istioId);
    }
    const entry = this.#directory.findWorkload(
      parts.cluster,
      parts.namespace,
      parts.name,
    );
    // Only workloads of the snapshot: ids cannot invent query texts, and a
    // missing workload answers like a hidden one.
    if (!entry || entry.workloadId !== id) {
      throw new NotFoundError('No such edge');
    }
    const node: GraphNode = {
      id,
      type: 'workload',
      cluster: parts.cluster,
      namespace: parts.namespace,
      name: parts.name,
    };
    if (entry?.membership) node.membership = entry.membership;
    if (entry?.entity) {
      node.entityRef = entry.entity.ref;
      if (entry.entity.title) node.title = entry.entity.title;
      if (entry.entity.owner) node.owner = entry.entity.owner;
      if (entry.entity.system) node.system = entry.entity.system;
    }
    return {
      labels: {
        clusters: [...clusters].sort(),
        namespace: parts.namespace,
        workload: parts.name,
      },
      node,
    };
  }
}
