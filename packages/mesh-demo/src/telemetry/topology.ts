import { InputError } from '@backstage/errors';
import { ManifestObject } from '../manifests/loadManifests';

/** How one pod takes part in the mesh, seen from telemetry. */
export type PodDataplane =
  | 'sidecar'
  | 'gateway'
  | 'ambient'
  | 'ztunnel'
  | 'none';

/** One pod of the demo, with what telemetry needs of it. */
export interface PodInfo {
  name: string;
  namespace: string;
  ip: string;
  node: string;
  labels: Record<string, string>;
  serviceAccount: string;
  dataplane: PodDataplane;
}

/** One workload (top-level owner) and its pods. */
export interface WorkloadInfo {
  cluster: string;
  namespace: string;
  name: string;
  pods: PodInfo[];
}

/** What telemetry knows about one cluster. */
export interface ClusterTopology {
  /** Backstage / simulator name, e.g. `platform`. */
  name: string;
  /** Istio's `CLUSTER_ID` (from the istiod Deployment). */
  istioClusterId: string;
  /** `namespace/name` to workload. */
  workloads: Map<string, WorkloadInfo>;
  /** The ztunnel pod of each node, if any. */
  ztunnelByNode: Map<string, PodInfo>;
}

function classify(pod: ManifestObject): PodDataplane {
  const labels = pod.metadata?.labels ?? {};
  const annotations = pod.metadata?.annotations ?? {};
  const containers: Array<{ name?: string }> = [
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.initContainers ?? []),
  ];
  if (pod.metadata?.namespace === 'istio-system' && labels.app === 'ztunnel') {
    return 'ztunnel';
  }
  const hasProxy = containers.some(c => c.name === 'istio-proxy');
  if (hasProxy && annotations['sidecar.istio.io/status']) return 'sidecar';
  if (
    hasProxy &&
    (labels.istio === 'ingressgateway' ||
      labels.istio === 'eastwestgateway' ||
      labels.istio === 'egressgateway')
  ) {
    return 'gateway';
  }
  if (hasProxy) return 'sidecar';
  if (annotations['ambient.istio.io/redirection'] === 'enabled') {
    return 'ambient';
  }
  return 'none';
}

/**
 * Builds the telemetry view of one cluster from its manifests: pods grouped
 * by their top owner (Pod → ReplicaSet → Deployment, Job, StatefulSet,
 * DaemonSet), which is what Istio reports as `*_workload`.
 */
export function buildClusterTopology(
  name: string,
  objects: ManifestObject[],
): ClusterTopology {
  const byUid = new Map<string, ManifestObject>();
  for (const o of objects) {
    if (o.metadata?.uid) byUid.set(o.metadata.uid, o);
  }
  const topOwner = (o: ManifestObject, depth = 0): ManifestObject => {
    const ref = o.metadata?.ownerReferences?.[0];
    if (!ref || depth > 5) return o;
    const owner = byUid.get(ref.uid);
    return owner ? topOwner(owner, depth + 1) : o;
  };
  const istiod = objects.find(
    o =>
      o.kind === 'Deployment' &&
      o.metadata?.name === 'istiod' &&
      o.metadata?.namespace === 'istio-system',
  );
  const env: Array<{ name: string; value?: string }> =
    istiod?.spec?.template?.spec?.containers?.[0]?.env ?? [];
  const istioClusterId =
    env.find(e => e.name === 'CLUSTER_ID')?.value ?? 'Kubernetes';

  const workloads = new Map<string, WorkloadInfo>();
  const ztunnelByNode = new Map<string, PodInfo>();
  for (const pod of objects.filter(o => o.kind === 'Pod')) {
    const namespace = pod.metadata?.namespace;
    const podName = pod.metadata?.name;
    if (!namespace || !podName) {
      throw new InputError(`A pod in cluster ${name} has no name or namespace`);
    }
    const info: PodInfo = {
      name: podName,
      namespace,
      ip: pod.status?.podIP ?? '0.0.0.0',
      node: pod.spec?.nodeName ?? 'unknown',
      labels: pod.metadata?.labels ?? {},
      serviceAccount: pod.spec?.serviceAccountName ?? 'default',
      dataplane: classify(pod),
    };
    const owner = topOwner(pod);
    const workloadName = owner.metadata?.name ?? podName;
    const key = `${namespace}/${workloadName}`;
    if (!workloads.has(key)) {
      workloads.set(key, {
        cluster: name,
        namespace,
        name: workloadName,
        pods: [],
      });
    }
    workloads.get(key)!.pods.push(info);
    if (info.dataplane === 'ztunnel') ztunnelByNode.set(info.node, info);
  }
  return { name, istioClusterId, workloads, ztunnelByNode };
}
