import type {
  InfrastructureRole,
  NotMeshedReason,
  PodMembership,
  Workload,
  WorkloadMembership,
} from '@mesh-portal/plugin-mesh-common';
import { labelSelectorMatches } from './labelSelector';
import { ControlPlane, isIstiodPod, isRevisionInstalled } from './meshConfig';
import type { NamespaceInfo, PodInfo } from './parse/core';

/** Labels and annotations the membership rules read (M1-M8). */
export const MESH_LABELS = {
  injection: 'istio-injection',
  revision: 'istio.io/rev',
  inject: 'sidecar.istio.io/inject',
  sidecarStatus: 'sidecar.istio.io/status',
  dataplaneMode: 'istio.io/dataplane-mode',
  redirection: 'ambient.istio.io/redirection',
  gatewayManaged: 'gateway.istio.io/managed',
} as const;

/** The proxy container's name (M4, M6). */
export const PROXY_CONTAINER = 'istio-proxy';

/** Namespaces the injector never touches (M2, `ignoredNamespaces`). */
const IGNORED_NAMESPACES = new Set([
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'local-path-storage',
]);

/** How one pod takes part in the mesh, and why. */
export interface PodClassification {
  state: PodMembership;
  reason?: NotMeshedReason;
  role?: InfrastructureRole;
  /** Sidecar pods: native (init container with `restartPolicy: Always`, M4). */
  nativeSidecar?: boolean;
  /** Sidecar pods: `istio-proxy` among the regular containers. */
  classicSidecar?: boolean;
  /** Sidecar pods: the injecting revision; `revision-not-installed`: the missing one. */
  revision?: string;
}

/** What the injector would decide for a pod (M1, M2). */
export type InjectionIntent =
  | 'inject'
  | 'opted-out'
  | 'not-enabled'
  | 'revision-not-installed';

/** The Istio infrastructure role a pod's labels declare (M8), if any. */
export function infrastructureRole(
  pod: PodInfo,
  istioNamespace: string,
): InfrastructureRole | undefined {
  const l = pod.labels;
  if (isIstiodPod(l)) return 'istiod';
  if (l.app === 'ztunnel' && pod.namespace === istioNamespace) return 'ztunnel';
  const managed = l[MESH_LABELS.gatewayManaged];
  if (managed === 'istio.io-mesh-controller') return 'waypoint';
  if (
    managed === 'istio.io-gateway-controller' ||
    l.istio === 'ingressgateway' ||
    l.istio === 'egressgateway' ||
    l['operator.istio.io/component'] === 'IngressGateways' ||
    l['operator.istio.io/component'] === 'EgressGateways' ||
    l['istio.io/gateway-name'] !== undefined ||
    pod.annotations['inject.istio.io/templates'] === 'gateway'
  ) {
    return 'gateway';
  }
  return undefined;
}

/**
 * M1 + M2: whether the sidecar injector would inject this pod now.
 * The webhook's selectors see only labels; inside the webhook the label wins
 * over the deprecated annotation, and only `true`/`false` count.
 */
export function injectionIntent(
  pod: PodInfo,
  namespaceLabels: Record<string, string>,
  cp: ControlPlane,
): InjectionIntent {
  if (pod.hostNetwork) return 'not-enabled';
  const nsInjection = namespaceLabels[MESH_LABELS.injection];
  const nsRevision = namespaceLabels[MESH_LABELS.revision];
  const podLabel = pod.labels[MESH_LABELS.inject];
  const podRevision = pod.labels[MESH_LABELS.revision];

  // M1: webhook selectors. The legacy label wins over istio.io/rev, and a
  // revision selects only if a webhook for it (an installed revision or tag)
  // exists.
  let webhookMatches: boolean;
  if (nsInjection !== undefined) {
    webhookMatches = nsInjection === 'enabled' && podLabel !== 'false';
  } else if (nsRevision !== undefined || podRevision !== undefined) {
    if (podLabel === 'false') return 'opted-out';
    const revision = (nsRevision ?? podRevision)!;
    if (!isRevisionInstalled(cp, revision)) return 'revision-not-installed';
    webhookMatches = true;
  } else if (podLabel === 'true') {
    webhookMatches = true;
  } else {
    webhookMatches =
      cp.injector.enableNamespacesByDefault &&
      !IGNORED_NAMESPACES.has(pod.namespace) &&
      podLabel === undefined;
  }
  if (podLabel === 'false') return 'opted-out';
  if (!webhookMatches) return 'not-enabled';

  // M2: injectRequired inside the webhook.
  if (IGNORED_NAMESPACES.has(pod.namespace)) return 'not-enabled';
  const explicit = podLabel ?? pod.annotations[MESH_LABELS.inject];
  if (explicit === 'false') return 'opted-out';
  if (explicit === 'true') return 'inject';
  if (
    cp.injector.neverInjectSelector.some(s =>
      labelSelectorMatches(s, pod.labels),
    )
  ) {
    return 'opted-out';
  }
  if (
    cp.injector.alwaysInjectSelector.some(s =>
      labelSelectorMatches(s, pod.labels),
    )
  ) {
    return 'inject';
  }
  return cp.injector.policy === 'enabled' ? 'inject' : 'not-enabled';
}

/** M7: whether istio-cni would enroll this pod in ambient, or it opted out. */
export function ambientIntent(
  pod: PodInfo,
  namespaceLabels: Record<string, string>,
): 'enroll' | 'opted-out' | 'not-enabled' {
  if (
    pod.hostNetwork ||
    pod.annotations[MESH_LABELS.sidecarStatus] !== undefined
  ) {
    return 'not-enabled';
  }
  const podMode = pod.labels[MESH_LABELS.dataplaneMode];
  const nsMode = namespaceLabels[MESH_LABELS.dataplaneMode];
  if (podMode === 'ambient') return 'enroll';
  if (nsMode === 'ambient') return podMode === 'none' ? 'opted-out' : 'enroll';
  return 'not-enabled';
}

function sidecarRevision(pod: PodInfo): string | undefined {
  const label = pod.labels[MESH_LABELS.revision];
  if (label) return label;
  const status = pod.annotations[MESH_LABELS.sidecarStatus];
  if (!status) return undefined;
  try {
    const parsed: unknown = JSON.parse(status);
    if (typeof parsed === 'object' && parsed !== null) {
      const revision = (parsed as Record<string, unknown>).revision;
      return typeof revision === 'string' && revision !== ''
        ? revision
        : undefined;
    }
  } catch {
    // The annotation is written by Istio; unreadable means no revision info.
  }
  return undefined;
}

/**
 * Classifies one pod (section 1.4, M6-M8), in this order:
 * 1. `hostNetwork` pods are out of the mesh (they cannot be captured);
 * 2. Istio's own pods (istiod, ztunnel, waypoints, gateways; M8) are
 *    infrastructure: gateways and waypoints also run a container named
 *    `istio-proxy`, so this is checked before the sidecar test;
 * 3. an `istio-proxy` container or init container, or the
 *    `sidecar.istio.io/status` annotation, means sidecar (M4, M6);
 * 4. `ambient.istio.io/redirection` `enabled`/`pending` means ambient (M7);
 * 5. otherwise out of the mesh, with the reason (M1, M2, M7).
 */
export function classifyPod(
  pod: PodInfo,
  namespace: NamespaceInfo | undefined,
  cp: ControlPlane,
): PodClassification {
  if (pod.hostNetwork) return { state: 'none', reason: 'host-network' };
  const role = infrastructureRole(pod, cp.istioNamespace);
  if (role) return { state: 'infrastructure', role };

  const classic = pod.containers.some(c => c.name === PROXY_CONTAINER);
  const init = pod.initContainers.find(c => c.name === PROXY_CONTAINER);
  if (
    classic ||
    init ||
    pod.annotations[MESH_LABELS.sidecarStatus] !== undefined
  ) {
    return {
      state: 'sidecar',
      nativeSidecar: !classic && init?.restartPolicy === 'Always',
      classicSidecar: classic,
      revision: sidecarRevision(pod),
    };
  }
  const redirection = pod.annotations[MESH_LABELS.redirection];
  if (redirection === 'enabled') return { state: 'ambient' };
  if (redirection === 'pending') return { state: 'ambient-pending' };

  const nsLabels = namespace?.labels ?? {};
  const injection = injectionIntent(pod, nsLabels, cp);
  const ambient = ambientIntent(pod, nsLabels);
  if (injection === 'inject' || ambient === 'enroll') {
    return { state: 'none', reason: 'needs-restart' };
  }
  if (injection === 'opted-out' || ambient === 'opted-out') {
    return { state: 'none', reason: 'opted-out' };
  }
  if (injection === 'revision-not-installed') {
    return {
      state: 'none',
      reason: 'revision-not-installed',
      revision:
        nsLabels[MESH_LABELS.revision] ?? pod.labels[MESH_LABELS.revision],
    };
  }
  return { state: 'none', reason: 'namespace-not-enabled' };
}

const REASON_TEXT: Record<NotMeshedReason, string> = {
  'host-network': 'it uses the host network, which the mesh cannot capture',
  'opted-out':
    'it opted out (sidecar.istio.io/inject=false or istio.io/dataplane-mode=none)',
  'namespace-not-enabled':
    'its namespace enables neither sidecar injection nor ambient',
  'revision-not-installed':
    'its istio.io/rev label names a control-plane revision or tag that is not installed, so no sidecar injector selects it',
  'needs-restart':
    'it should have a sidecar or be in ambient but does not: it was created before the mesh was enabled and needs a restart',
};

/** Describes why pods are out of the mesh, for people. */
export function describeReason(reason: NotMeshedReason): string {
  return REASON_TEXT[reason];
}

/** A workload's membership from its pods' classifications (section 1.4). */
export function aggregateMembership(
  classifications: PodClassification[],
): Workload['membership'] {
  const pods: Partial<Record<PodMembership, number>> = {};
  const reasons: Partial<Record<NotMeshedReason, number>> = {};
  let role: InfrastructureRole | undefined;
  let native = false;
  let revision: string | undefined;
  for (const c of classifications) {
    pods[c.state] = (pods[c.state] ?? 0) + 1;
    if (c.reason) reasons[c.reason] = (reasons[c.reason] ?? 0) + 1;
    role = role ?? c.role;
    native = native || c.nativeSidecar === true;
    revision = revision ?? c.revision;
  }
  const states = Object.keys(pods) as PodMembership[];
  let state: WorkloadMembership;
  let reason: string;
  const n = classifications.length;
  if (n === 0) {
    state = 'unknown';
    reason = 'It has no pods, so whether it is in the mesh cannot be observed.';
  } else if (states.length > 1) {
    state = 'partial';
    const parts = states.map(s => `${pods[s]} ${s}`).join(', ');
    reason = `Its pods differ (${parts}), so it is only partly in the mesh.`;
  } else {
    state = states[0];
    const all = n === 1 ? 'Its pod' : `All ${n} pods`;
    const run = n === 1 ? 'runs' : 'run';
    const are = n === 1 ? 'is' : 'are';
    switch (state) {
      case 'sidecar':
        reason = `${all} ${run} an Istio sidecar${
          native ? ' (native sidecar)' : ''
        }.`;
        break;
      case 'ambient':
        reason = `${all} ${are} enrolled in ambient mode (ztunnel).`;
        break;
      case 'ambient-pending':
        reason = `${all} ${are} only partly enrolled in ambient mode (redirection pending).`;
        break;
      case 'infrastructure':
        reason = `It is part of Istio itself (${role}).`;
        break;
      default: {
        const main = (Object.keys(reasons) as NotMeshedReason[])[0];
        reason = `Not in the mesh: ${main ? REASON_TEXT[main] : 'no proxy'}.`;
      }
    }
  }
  const membership: Workload['membership'] = { state, pods, reason };
  if (Object.keys(reasons).length > 0) membership.notMeshedReasons = reasons;
  if (role) membership.infrastructure = role;
  if (native) membership.nativeSidecar = true;
  if (revision) membership.revision = revision;
  return membership;
}
