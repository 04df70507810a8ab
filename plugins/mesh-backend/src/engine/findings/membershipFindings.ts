import type { ObjectRef, Workload } from '@mesh-portal/plugin-mesh-common';
import { MESH_LABELS, PodClassification } from '../membership';
import type { NamespaceInfo } from '../parse/core';
import type { WorkloadGroup } from '../workloads';
import { FindingSink } from './FindingSink';

const INJECTION_LABELS = [
  MESH_LABELS.injection,
  MESH_LABELS.revision,
  MESH_LABELS.dataplaneMode,
];

/** IST0123 analogue: a namespace with more than one injection label. */
export function reportNamespaceLabels(
  cluster: string,
  namespaces: Iterable<NamespaceInfo>,
  workloadsByNamespace: Map<string, Workload[]>,
  sink: FindingSink,
): void {
  for (const ns of namespaces) {
    const present = INJECTION_LABELS.filter(l => ns.labels[l] !== undefined);
    if (present.length < 2) continue;
    sink.add({
      code: 'MESH-NAMESPACE-MULTIPLE-INJECTION-LABELS',
      cluster,
      message: `Namespace ${ns.name} has ${present
        .map(l => `${l}=${ns.labels[l]}`)
        .join(
          ', ',
        )}; with more than one injection label it is unclear (and version-dependent) which data plane its pods get.`,
      fix: `Keep only one of ${INJECTION_LABELS.join(', ')} on the namespace.`,
      objects: [ns.ref],
      workloads: (workloadsByNamespace.get(ns.name) ?? []).map(w => w.id),
    });
  }
}

function ownerRef(group: WorkloadGroup): ObjectRef {
  return {
    cluster: group.cluster,
    kind: group.kind,
    namespace: group.namespace,
    name: group.name,
  };
}

/**
 * Per-workload membership findings: pods needing a restart (IST0103
 * analogue), sidecars in an ambient namespace (KIA1316), and Job pods with a
 * classic sidecar, which keeps the Job from completing (M4).
 */
export function reportWorkloadMembership(
  cluster: string,
  group: WorkloadGroup,
  classifications: PodClassification[],
  namespace: NamespaceInfo | undefined,
  sink: FindingSink,
): void {
  const workloads = [group.id];
  const what = `${group.kind} ${group.namespace}/${group.name}`;
  const restart = classifications.filter(
    c => c.reason === 'needs-restart',
  ).length;
  if (restart > 0) {
    sink.add({
      code: 'MESH-POD-NEEDS-RESTART',
      cluster,
      message: `${restart} pod(s) of ${what} should be in the mesh (their namespace or labels enable it) but are not: they were created before the mesh was enabled.`,
      fix: `Restart them, e.g. kubectl rollout restart ${group.kind.toLowerCase()}/${
        group.name
      } -n ${group.namespace}.`,
      objects: [ownerRef(group)],
      workloads,
    });
  }
  const missingRevisions = [
    ...new Set(
      classifications
        .filter(c => c.reason === 'revision-not-installed')
        .map(c => c.revision ?? ''),
    ),
  ];
  if (missingRevisions.length > 0) {
    const count = classifications.filter(
      c => c.reason === 'revision-not-installed',
    ).length;
    const names = missingRevisions.map(r => `"${r}"`).join(', ');
    sink.add({
      code: 'MESH-REVISION-NOT-INSTALLED',
      cluster,
      message: `${count} pod(s) of ${what} are not in the mesh: istio.io/rev ${names} names no installed Istio revision or revision tag in cluster ${cluster}, so no sidecar injector selects them.`,
      fix: `Set istio.io/rev to an installed revision or tag (see the cluster's revisions), or install revision ${names}, then restart the pods.`,
      objects: namespace ? [ownerRef(group), namespace.ref] : [ownerRef(group)],
      workloads,
    });
  }
  const sidecars = classifications.filter(c => c.state === 'sidecar').length;
  if (
    sidecars > 0 &&
    namespace?.labels[MESH_LABELS.dataplaneMode] === 'ambient'
  ) {
    sink.add({
      code: 'MESH-SIDECAR-IN-AMBIENT-NAMESPACE',
      cluster,
      message: `${sidecars} pod(s) of ${what} run a sidecar although namespace ${group.namespace} is in ambient mode; ztunnel skips them, so the workload does not behave like its neighbours.`,
      fix: `Drop sidecar injection for it (remove istio-injection/sidecar.istio.io/inject) and restart, or label the pods istio.io/dataplane-mode=none if the sidecar is intended.`,
      objects: [ownerRef(group), namespace.ref],
      workloads,
    });
  }
  const classic = classifications.filter(c => c.classicSidecar).length;
  if (classic > 0 && (group.kind === 'Job' || group.kind === 'CronJob')) {
    sink.add({
      code: 'MESH-JOB-CLASSIC-SIDECAR',
      cluster,
      message: `${classic} pod(s) of ${what} run istio-proxy as a regular container, which keeps running after the job's work ends, so the Job never completes.`,
      fix: 'Enable native sidecars (ENABLE_NATIVE_SIDECARS, or annotation sidecar.istio.io/nativeSidecar: "true") so the proxy stops with the job, or opt the Job out of injection.',
      objects: [ownerRef(group)],
      workloads,
    });
  }
}
