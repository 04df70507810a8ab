import type {
  MtlsDecision,
  MtlsMode,
  ObjectRef,
} from '@mesh-portal/plugin-mesh-common';
import { selectorMatches } from './objects';
import type { PeerAuthenticationInfo } from './parse/istio';

/** Oldest first, then by name and namespace: Istio's tie-break (E4). */
export function oldestFirst<
  T extends { createdAt: number; name: string; namespace: string },
>(a: T, b: T): number {
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return 0;
}

const labelKey = (key: string, value: string) => `${key}\u0000${value}`;

/**
 * The PeerAuthentications of one control plane, indexed so that finding the
 * policies of a workload costs a few map look-ups, not a scan (E1, E3):
 * mesh-wide ones (root namespace, no selector), namespace-wide ones by
 * namespace, and workload ones by namespace and by one of their selector
 * labels.
 */
export class PeerAuthenticationIndex {
  /** Selector-less policies in the root namespace, oldest first. */
  readonly meshWide: PeerAuthenticationInfo[];
  /** Selector-less policies by namespace (root excluded), oldest first. */
  readonly namespaceWide = new Map<string, PeerAuthenticationInfo[]>();
  /** Selector policies in the root namespace: ignored by Istio (E4). */
  readonly ignoredInRoot: PeerAuthenticationInfo[] = [];
  /** Selector-less policies that set `portLevelMtls`: ignored ports (E4). */
  readonly portLevelWithoutSelector: PeerAuthenticationInfo[] = [];
  private readonly workload = new Map<
    string,
    Map<string, PeerAuthenticationInfo[]>
  >();

  constructor(
    policies: PeerAuthenticationInfo[],
    readonly rootNamespace: string,
  ) {
    const sorted = [...policies].sort(oldestFirst);
    this.meshWide = [];
    for (const pa of sorted) {
      if (!pa.selector) {
        if (pa.portLevel.size > 0) this.portLevelWithoutSelector.push(pa);
        if (pa.namespace === rootNamespace) this.meshWide.push(pa);
        else {
          const list = this.namespaceWide.get(pa.namespace) ?? [];
          list.push(pa);
          this.namespaceWide.set(pa.namespace, list);
        }
      } else if (pa.namespace === rootNamespace) {
        this.ignoredInRoot.push(pa);
      } else {
        // Index by the first selector label: every workload the policy can
        // match carries it, so looking up a workload's own labels finds it.
        const [firstKey] = Object.keys(pa.selector).sort();
        let byLabel = this.workload.get(pa.namespace);
        if (!byLabel) {
          byLabel = new Map();
          this.workload.set(pa.namespace, byLabel);
        }
        const k = labelKey(firstKey, pa.selector[firstKey]);
        const list = byLabel.get(k) ?? [];
        list.push(pa);
        byLabel.set(k, list);
      }
    }
  }

  /** Workload-scoped policies (E1, E3) that select these labels, oldest first. */
  workloadPolicies(
    namespace: string,
    labels: Record<string, string>,
  ): PeerAuthenticationInfo[] {
    const byLabel = this.workload.get(namespace);
    if (!byLabel) return [];
    const out: PeerAuthenticationInfo[] = [];
    for (const key of Object.keys(labels)) {
      const candidates = byLabel.get(labelKey(key, labels[key]));
      if (!candidates) continue;
      for (const pa of candidates) {
        if (selectorMatches(pa.selector!, labels)) out.push(pa);
      }
    }
    return out.sort(oldestFirst);
  }
}

/** A workload's composed policy: its workload-level decision and its port exceptions. */
export interface ComposedMtls {
  workload: MtlsDecision;
  /** Port-level decisions from the workload policy's `portLevelMtls` (E4). */
  ports: Map<number, MtlsDecision>;
  /** Workload-scoped policies that matched, oldest (the winner) first. */
  workloadPolicies: PeerAuthenticationInfo[];
}

const SCOPE_TEXT = {
  mesh: 'mesh-wide policy',
  namespace: 'namespace-wide policy',
  workload: 'workload policy',
} as const;

function refText(ref: ObjectRef): string {
  return `${ref.namespace}/${ref.name}`;
}

/**
 * Composes the effective server-side mTLS of a workload (E3-E5): the oldest
 * policy of each scope is the candidate; mesh, then namespace, then workload,
 * each overriding the previous unless it is `UNSET`; PERMISSIVE when nothing
 * decides; `portLevelMtls` only from the workload policy, `UNSET` ports
 * inheriting the workload-level mode.
 */
export function composeMtls(
  index: PeerAuthenticationIndex,
  namespace: string,
  labels: Record<string, string>,
): ComposedMtls {
  const mesh = index.meshWide;
  const ns =
    namespace === index.rootNamespace
      ? []
      : index.namespaceWide.get(namespace) ?? [];
  const wl =
    namespace === index.rootNamespace
      ? []
      : index.workloadPolicies(namespace, labels);

  let decision: MtlsDecision = {
    mode: 'PERMISSIVE',
    scope: 'default',
    reason: 'PERMISSIVE by default: no PeerAuthentication sets a mode for it.',
  };
  const inherited: string[] = [];
  const levels: [keyof typeof SCOPE_TEXT, PeerAuthenticationInfo[]][] = [
    ['mesh', mesh],
    ['namespace', ns],
    ['workload', wl],
  ];
  for (const [scope, list] of levels) {
    const winner = list[0];
    if (!winner) continue;
    if (winner.mode === 'UNSET') {
      inherited.push(`${SCOPE_TEXT[scope]} ${refText(winner.ref)} is UNSET`);
      continue;
    }
    const ignored = list.slice(1).map(p => p.ref);
    decision = {
      mode: winner.mode as MtlsMode,
      scope,
      policy: winner.ref,
      reason: `${winner.mode} from the ${SCOPE_TEXT[scope]} ${refText(
        winner.ref,
      )}${
        ignored.length > 0
          ? ` (the newer ${ignored.map(refText).join(', ')} ignored)`
          : ''
      }.`,
    };
    if (ignored.length > 0) decision.ignored = ignored;
    inherited.length = 0;
  }
  if (inherited.length > 0) {
    decision = {
      ...decision,
      reason: `${decision.reason.replace(
        /\.$/,
        '',
      )}; inherited because the ${inherited.join(' and the ')}.`,
    };
  }

  const ports = new Map<number, MtlsDecision>();
  const workloadPolicy = wl[0];
  if (workloadPolicy) {
    for (const [port, mode] of workloadPolicy.portLevel) {
      if (mode === 'UNSET') {
        ports.set(port, {
          ...decision,
          reason: `Port ${port} is UNSET in ${refText(
            workloadPolicy.ref,
          )}, so it inherits: ${decision.reason}`,
        });
      } else {
        ports.set(port, {
          mode: mode as MtlsMode,
          scope: 'port',
          policy: workloadPolicy.ref,
          reason: `${mode} on port ${port} from the port-level setting of ${refText(
            workloadPolicy.ref,
          )}.`,
        });
      }
    }
  }
  return { workload: decision, ports, workloadPolicies: wl };
}
