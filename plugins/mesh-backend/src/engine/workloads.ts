import type { WorkloadKind } from '@mesh-portal/plugin-mesh-common';
import type {
  ControllerInfo,
  ControllerKind,
  PodInfo,
  PodSpecInfo,
} from './parse/core';

/** Pods grouped under their top owner, before any mesh semantics. */
export interface WorkloadGroup {
  id: string;
  cluster: string;
  namespace: string;
  kind: WorkloadKind;
  name: string;
  /** The top owner object, when it was listed. */
  controller?: ControllerInfo;
  /** Pods, sorted by name. */
  pods: PodInfo[];
  /** Labels used for policy and Service selection: template labels overlaid by the first pod's. */
  labels: Record<string, string>;
  /** Pod spec to read declared ports from: the first pod's, else the template's. */
  spec?: PodSpecInfo;
}

/** Builds a workload id: `<cluster>/<namespace>/<kind>/<name>` (C5). */
export function workloadId(
  cluster: string,
  namespace: string,
  kind: string,
  name: string,
): string {
  return `${cluster}/${namespace}/${kind}/${name}`;
}

/** The controllers of one cluster, by kind. */
export interface ControllerLists {
  deployments: ControllerInfo[];
  replicaSets: ControllerInfo[];
  statefulSets: ControllerInfo[];
  daemonSets: ControllerInfo[];
  jobs: ControllerInfo[];
  cronJobs: ControllerInfo[];
}

const key = (kind: string, namespace: string, name: string) =>
  `${kind}\u0000${namespace}\u0000${name}`;

function byName(a: { name: string }, b: { name: string }): number {
  if (a.name === b.name) return 0;
  return a.name < b.name ? -1 : 1;
}

interface Owner {
  kind: WorkloadKind;
  name: string;
}

/**
 * Groups pods under their top owner: Deployment (through its ReplicaSet),
 * StatefulSet, DaemonSet, CronJob (through its Job), Job, or the bare pod.
 * Controllers without pods become workloads too, with no pods (their
 * membership is then `unknown`, never assumed).
 */
export function groupWorkloads(
  cluster: string,
  pods: PodInfo[],
  controllers: ControllerLists,
): WorkloadGroup[] {
  const byKey = new Map<string, ControllerInfo>();
  for (const list of Object.values(controllers) as ControllerInfo[][]) {
    for (const c of list) byKey.set(key(c.kind, c.namespace, c.name), c);
  }
  const podsByName = new Map<string, PodInfo>();
  for (const p of pods) podsByName.set(key('Pod', p.namespace, p.name), p);

  const topOwner = (pod: PodInfo): Owner => {
    let current: PodInfo = pod;
    // Pods owned by pods (e.g. Spark executors owned by their driver) follow
    // the chain; a bounded loop guards against cycles in bad data.
    for (let depth = 0; depth < 5; depth++) {
      const owner = current.owner;
      if (!owner) return { kind: 'Pod', name: current.name };
      const ns = current.namespace;
      switch (owner.kind) {
        case 'ReplicaSet': {
          const rs = byKey.get(key('ReplicaSet', ns, owner.name));
          if (rs) {
            return rs.owner?.kind === 'Deployment'
              ? { kind: 'Deployment', name: rs.owner.name }
              : { kind: 'ReplicaSet', name: rs.name };
          }
          // ReplicaSet not listed: Deployments name theirs `<deployment>-<pod-template-hash>`.
          const hash = current.labels['pod-template-hash'];
          if (hash && owner.name.endsWith(`-${hash}`)) {
            return {
              kind: 'Deployment',
              name: owner.name.slice(0, -hash.length - 1),
            };
          }
          return { kind: 'ReplicaSet', name: owner.name };
        }
        case 'Job': {
          const job = byKey.get(key('Job', ns, owner.name));
          return job?.owner?.kind === 'CronJob'
            ? { kind: 'CronJob', name: job.owner.name }
            : { kind: 'Job', name: owner.name };
        }
        case 'Deployment':
        case 'StatefulSet':
        case 'DaemonSet':
        case 'CronJob':
          return { kind: owner.kind, name: owner.name };
        case 'Pod': {
          const parent = podsByName.get(key('Pod', ns, owner.name));
          if (!parent || parent === current) {
            return { kind: 'Pod', name: owner.name };
          }
          current = parent;
          break;
        }
        default:
          // Owners of other kinds (operators' custom resources) are not
          // workload kinds; the pod stands for itself.
          return { kind: 'Pod', name: current.name };
      }
    }
    return { kind: 'Pod', name: current.name };
  };

  const groups = new Map<string, WorkloadGroup>();
  const ensure = (namespace: string, owner: Owner): WorkloadGroup => {
    const id = workloadId(cluster, namespace, owner.kind, owner.name);
    let group = groups.get(id);
    if (!group) {
      group = {
        id,
        cluster,
        namespace,
        kind: owner.kind,
        name: owner.name,
        controller:
          owner.kind === 'Pod'
            ? undefined
            : byKey.get(
                key(owner.kind as ControllerKind, namespace, owner.name),
              ),
        pods: [],
        labels: {},
      };
      groups.set(id, group);
    }
    return group;
  };

  for (const pod of pods) ensure(pod.namespace, topOwner(pod)).pods.push(pod);

  // Controllers with no pods are workloads too (scaled to zero, crash-looping
  // before pod creation, CronJobs between runs).
  const addEmpty = (
    list: ControllerInfo[],
    isTop: (c: ControllerInfo) => boolean,
  ) => {
    for (const c of list)
      if (isTop(c)) ensure(c.namespace, { kind: c.kind, name: c.name });
  };
  addEmpty(controllers.deployments, () => true);
  addEmpty(controllers.statefulSets, () => true);
  addEmpty(controllers.daemonSets, () => true);
  addEmpty(controllers.cronJobs, () => true);
  addEmpty(controllers.jobs, c => c.owner?.kind !== 'CronJob');
  addEmpty(controllers.replicaSets, c => c.owner?.kind !== 'Deployment');

  for (const group of groups.values()) {
    group.pods.sort(byName);
    const first = group.pods[0];
    group.labels = {
      ...(group.controller?.templateLabels ?? {}),
      ...(first?.labels ?? {}),
    };
    group.spec = first ?? group.controller?.template;
  }
  return [...groups.values()];
}
