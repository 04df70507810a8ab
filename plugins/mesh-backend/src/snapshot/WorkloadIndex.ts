import type {
  Finding,
  MeshModel,
  ServiceSummary,
  Workload,
} from '@mesh-portal/plugin-mesh-common';

/** Which kind wins when two top owners in one namespace share a name. */
const KIND_PRIORITY = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'CronJob',
  'Job',
  'ReplicaSet',
  'Pod',
];

/**
 * Lookups over one computed {@link MeshModel}, built once per model so that
 * requests never scan the whole mesh: workloads by id, by pod label (for
 * entity matching) and by name (for telemetry series), and the services and
 * findings touching each workload.
 * @public
 */
export class WorkloadIndex {
  readonly byId = new Map<string, Workload>();
  /** label key -> label value -> workloads */
  readonly byLabel = new Map<string, Map<string, Workload[]>>();
  /** `<cluster>/<namespace>/<name>` -> workload */
  readonly byName = new Map<string, Workload>();
  readonly servicesByWorkload = new Map<string, ServiceSummary[]>();
  readonly findingsByWorkload = new Map<string, Finding[]>();

  constructor(readonly model: MeshModel) {
    for (const workload of model.workloads) {
      this.byId.set(workload.id, workload);
      // Controller labels are indexed too: entities match on either (the
      // Kubernetes plugin finds a Deployment by its own labels).
      const pairs = new Set(
        [
          ...Object.entries(workload.labels ?? {}),
          ...Object.entries(workload.controllerLabels ?? {}),
        ].map(([key, value]) => `${key}\u0000${value}`),
      );
      for (const pair of pairs) {
        const [key, value] = pair.split('\u0000');
        let values = this.byLabel.get(key);
        if (!values) {
          values = new Map();
          this.byLabel.set(key, values);
        }
        const list = values.get(value);
        if (list) list.push(workload);
        else values.set(value, [workload]);
      }
      const nameKey = `${workload.cluster}/${workload.namespace}/${workload.name}`;
      const existing = this.byName.get(nameKey);
      if (
        !existing ||
        KIND_PRIORITY.indexOf(workload.kind) <
          KIND_PRIORITY.indexOf(existing.kind)
      ) {
        this.byName.set(nameKey, workload);
      }
    }
    for (const service of model.services) {
      for (const id of service.workloads) {
        const list = this.servicesByWorkload.get(id);
        if (list) list.push(service);
        else this.servicesByWorkload.set(id, [service]);
      }
    }
    for (const finding of model.findings) {
      for (const id of new Set(finding.workloads ?? [])) {
        const list = this.findingsByWorkload.get(id);
        if (list) list.push(finding);
        else this.findingsByWorkload.set(id, [finding]);
      }
    }
  }

  /**
   * Workloads whose pod-template labels, or whose controller's own labels,
   * have `key` set to one of `values`.
   */
  withLabel(key: string, values: string[]): Workload[] {
    const byValue = this.byLabel.get(key);
    if (!byValue) return [];
    return values.flatMap(value => byValue.get(value) ?? []);
  }
}

/** An index over an empty model, before the first refresh. */
export const emptyWorkloadIndex = () =>
  new WorkloadIndex({
    clusters: [],
    workloads: [],
    services: [],
    findings: [],
  });
