import path from 'node:path';
import { DEFAULT_CLUSTERS_DIR, DEFAULT_TRAFFIC_MODEL } from '../paths';
import { loadClusterManifests } from '../manifests/loadManifests';
import { TrafficModel, loadTrafficModel } from './model';
import { ScrapeTarget, buildScrapeTargets } from './series';
import { ClusterTopology, buildClusterTopology } from './topology';

export {
  DEFAULT_CLUSTERS_DIR,
  DEFAULT_TRAFFIC_MODEL,
  MESH_DEMO_DIR,
} from '../paths';

/** The demo's cluster names, in order. */
export const DEMO_CLUSTER_NAMES = ['platform', 'compute'];

/** The generator's view of the demo: the model, the clusters and their proxies. */
export interface TelemetryPlan {
  model: TrafficModel;
  topologies: ClusterTopology[];
  targets: ScrapeTarget[];
  /** When every counter started (seconds since the epoch). */
  anchorSeconds: number;
}

/** Options of {@link loadTelemetryPlan}. */
export interface TelemetryPlanOptions {
  clustersDir?: string;
  trafficModelFile?: string;
  clusterNames?: string[];
  /** Counter start; defaults to 65 minutes before now, so a backfilled hour has data. */
  anchorSeconds?: number;
}

/** Reads the manifests and the traffic model and derives the simulated proxies. */
export async function loadTelemetryPlan(
  options: TelemetryPlanOptions = {},
): Promise<TelemetryPlan> {
  const clustersDir = options.clustersDir ?? DEFAULT_CLUSTERS_DIR;
  const model = await loadTrafficModel(
    options.trafficModelFile ?? DEFAULT_TRAFFIC_MODEL,
  );
  const topologies: ClusterTopology[] = [];
  for (const name of options.clusterNames ?? DEMO_CLUSTER_NAMES) {
    const objects = await loadClusterManifests(path.join(clustersDir, name));
    topologies.push(buildClusterTopology(name, objects));
  }
  return {
    model,
    topologies,
    targets: buildScrapeTargets(model, topologies),
    anchorSeconds:
      options.anchorSeconds ?? Math.floor(Date.now() / 1000) - 65 * 60,
  };
}
