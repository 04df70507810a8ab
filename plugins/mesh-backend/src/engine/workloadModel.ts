import type {
  MetricsScrape,
  MtlsDecision,
  PortMtls,
  Workload,
} from '@mesh-portal/plugin-mesh-common';
import { coverageOf } from './coverage';
import {
  PROXY_CONTAINER,
  PodClassification,
  aggregateMembership,
} from './membership';
import type { ServiceInfo } from './parse/core';
import type { ComposedMtls } from './peerAuthentication';
import { containerPorts, resolveTargetPort } from './services';
import type { WorkloadGroup } from './workloads';

/** M5: the canonical revision Istio derives from a pod's labels. */
export function canonicalRevision(labels: Record<string, string>): string {
  return (
    labels['service.istio.io/canonical-revision'] ??
    labels['app.kubernetes.io/version'] ??
    labels.version ??
    'latest'
  );
}

function portDecisions(
  group: WorkloadGroup,
  composed: ComposedMtls,
  services: ServiceInfo[],
): PortMtls[] {
  const ports = new Map<number, { name?: string; servicePorts: Set<string> }>();
  for (const p of containerPorts(group.spec)) {
    ports.set(p.port, { name: p.name, servicePorts: new Set() });
  }
  for (const s of services) {
    for (const sp of s.ports) {
      const target = resolveTargetPort(sp, group.spec);
      if (target === undefined) continue;
      const entry = ports.get(target) ?? { servicePorts: new Set<string>() };
      entry.servicePorts.add(`${s.name}:${sp.port}`);
      ports.set(target, entry);
    }
  }
  // Ports a workload policy names are decided even when no container declares them.
  for (const port of composed.ports.keys()) {
    if (!ports.has(port)) ports.set(port, { servicePorts: new Set() });
  }
  return [...ports.entries()]
    .sort(([a], [b]) => a - b)
    .map(([port, entry]) => {
      const decision: MtlsDecision =
        composed.ports.get(port) ?? composed.workload;
      const out: PortMtls = { port, decision };
      if (entry.name) out.name = entry.name;
      if (entry.servicePorts.size > 0)
        out.servicePorts = [...entry.servicePorts].sort();
      return out;
    });
}

/**
 * Assembles the model of one workload from its pods, policies and Services
 * (and how Prometheus scrapes it, see `metricsScrapeOf`).
 */
export function buildWorkload(
  group: WorkloadGroup,
  classifications: PodClassification[],
  composed: ComposedMtls,
  services: ServiceInfo[],
  metricsScrape?: MetricsScrape,
): Workload {
  const membership = aggregateMembership(classifications);
  const versions = new Set<string>();
  const images = new Set<string>();
  for (const pod of group.pods) {
    versions.add(canonicalRevision(pod.labels));
    for (const c of pod.containers) {
      if (c.name !== PROXY_CONTAINER && c.image) images.add(c.image);
    }
  }
  if (group.pods.length === 0) {
    if (group.controller?.templateLabels) {
      versions.add(canonicalRevision(group.controller.templateLabels));
    }
    for (const c of group.controller?.template?.containers ?? []) {
      if (c.name !== PROXY_CONTAINER && c.image) images.add(c.image);
    }
  }
  const state = membership.state;
  const enforced =
    state === 'sidecar' ||
    state === 'ambient' ||
    (state === 'infrastructure' &&
      (membership.infrastructure === 'gateway' ||
        membership.infrastructure === 'waypoint'));
  const mtls: Workload['mtls'] = {
    workload: composed.workload,
    ports: portDecisions(group, composed, services),
    enforced,
  };
  if (state === 'ambient') mtls.ambientTransport = true;
  const replicas: Workload['replicas'] = {
    ready: group.pods.filter(p => p.ready).length,
    current: group.pods.length,
  };
  if (group.controller?.desired !== undefined)
    replicas.desired = group.controller.desired;
  const workload: Workload = {
    id: group.id,
    cluster: group.cluster,
    namespace: group.namespace,
    kind: group.kind,
    name: group.name,
    labels: group.labels,
    replicas,
    versions: [...versions].sort(),
    images: [...images].sort(),
    membership,
    mtls,
    coverage: 'outside',
    services: services.map(s => s.name).sort(),
  };
  const controllerLabels = group.controller?.labels;
  if (controllerLabels && Object.keys(controllerLabels).length > 0) {
    workload.controllerLabels = controllerLabels;
  }
  if (metricsScrape) workload.metricsScrape = metricsScrape;
  workload.coverage = coverageOf(workload);
  return workload;
}
