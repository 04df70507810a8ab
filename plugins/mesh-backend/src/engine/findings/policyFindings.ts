import type { Workload } from '@mesh-portal/plugin-mesh-common';
import type { PeerAuthenticationInfo } from '../parse/istio';
import type {
  ComposedMtls,
  PeerAuthenticationIndex,
} from '../peerAuthentication';
import { FindingSink, describeRef } from './FindingSink';

function names(list: PeerAuthenticationInfo[]): string {
  return list.map(p => describeRef(p.ref)).join(', ');
}

/**
 * Findings about PeerAuthentications themselves (E4): several policies in one
 * mesh or namespace scope, selector policies in the root namespace, and
 * `portLevelMtls` without a selector.
 */
export function reportPolicyScopes(
  cluster: string,
  index: PeerAuthenticationIndex,
  workloadsByNamespace: Map<string, Workload[]>,
  sink: FindingSink,
): void {
  if (index.meshWide.length > 1) {
    const [winner, ...ignored] = index.meshWide;
    sink.add({
      code: 'MESH-PA-MULTIPLE-MESH-WIDE',
      cluster,
      message: `The root namespace ${index.rootNamespace} has ${
        index.meshWide.length
      } mesh-wide PeerAuthentications; Istio uses the oldest, ${describeRef(
        winner.ref,
      )}, and ignores ${names(ignored)}.`,
      fix: `Keep one selector-less PeerAuthentication in ${index.rootNamespace} and delete the others.`,
      objects: index.meshWide.map(p => p.ref),
    });
  }
  for (const [namespace, list] of index.namespaceWide) {
    if (list.length < 2) continue;
    const [winner, ...ignored] = list;
    sink.add({
      code: 'MESH-PA-MULTIPLE-NAMESPACE-WIDE',
      cluster,
      message: `Namespace ${namespace} has ${
        list.length
      } namespace-wide PeerAuthentications; Istio uses the oldest, ${describeRef(
        winner.ref,
      )}, and ignores ${names(ignored)}.`,
      fix: `Keep one selector-less PeerAuthentication in ${namespace} and delete the others.`,
      objects: list.map(p => p.ref),
      workloads: (workloadsByNamespace.get(namespace) ?? []).map(w => w.id),
    });
  }
  for (const pa of index.ignoredInRoot) {
    sink.add({
      code: 'MESH-PA-SELECTOR-IN-ROOT',
      cluster,
      message: `PeerAuthentication ${describeRef(
        pa.ref,
      )} has a workload selector but sits in the root namespace, where Istio ignores selector policies.`,
      fix: `Move it to the namespace of the workloads it selects, or remove the selector to make it mesh-wide.`,
      objects: [pa.ref],
    });
  }
  for (const pa of index.portLevelWithoutSelector) {
    sink.add({
      code: 'MESH-PA-PORT-LEVEL-WITHOUT-SELECTOR',
      cluster,
      message: `PeerAuthentication ${describeRef(
        pa.ref,
      )} sets portLevelMtls without a workload selector; Istio only honours port-level settings on workload policies, so they have no effect.`,
      fix: 'Add a selector.matchLabels for the workload, or move the port settings to a workload policy.',
      objects: [pa.ref],
    });
  }
}

/**
 * Findings per workload about its policies: several workload policies
 * matching it (E4), and DISABLE on an ambient workload (E6). Workloads with
 * the same conflicting policies share one finding.
 */
export function reportWorkloadPolicies(
  cluster: string,
  entries: { workload: Workload; composed: ComposedMtls }[],
  sink: FindingSink,
): void {
  const conflicts = new Map<
    string,
    { policies: PeerAuthenticationInfo[]; workloads: string[] }
  >();
  const ambientDisabled: Workload[] = [];
  for (const { workload, composed } of entries) {
    if (composed.workloadPolicies.length > 1) {
      const key = composed.workloadPolicies
        .map(p => describeRef(p.ref))
        .join('|');
      const entry = conflicts.get(key) ?? {
        policies: composed.workloadPolicies,
        workloads: [],
      };
      entry.workloads.push(workload.id);
      conflicts.set(key, entry);
    }
    if (
      workload.mtls.ambientTransport &&
      (workload.mtls.workload.mode === 'DISABLE' ||
        workload.mtls.ports.some(p => p.decision.mode === 'DISABLE'))
    ) {
      ambientDisabled.push(workload);
    }
  }
  for (const { policies, workloads } of conflicts.values()) {
    const [winner, ...ignored] = policies;
    sink.add({
      code: 'MESH-PA-MULTIPLE-WORKLOAD',
      cluster,
      message: `${
        policies.length
      } workload PeerAuthentications select the same workload; Istio uses the oldest, ${describeRef(
        winner.ref,
      )}, and ignores ${names(ignored)}.`,
      fix: 'Keep one PeerAuthentication per workload; merge port settings into it and delete the others.',
      objects: policies.map(p => p.ref),
      workloads,
    });
  }
  for (const workload of ambientDisabled) {
    const decision =
      workload.mtls.workload.policy ??
      workload.mtls.ports.find(p => p.decision.mode === 'DISABLE')?.decision
        .policy;
    sink.add({
      code: 'MESH-AMBIENT-DISABLE-UNSUPPORTED',
      cluster,
      message: `Workload ${workload.namespace}/${workload.name} runs in ambient mode, where DISABLE is not supported: ztunnel still uses mTLS between nodes and accepts plaintext as with PERMISSIVE.`,
      fix: 'Use PERMISSIVE (or STRICT) for ambient workloads; take the workload out of ambient if it must not use mTLS.',
      objects: decision ? [decision] : [],
      workloads: [workload.id],
    });
  }
}
