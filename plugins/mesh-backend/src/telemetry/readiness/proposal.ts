import type {
  PeerAuthenticationManifest,
  PolicyChange,
  StrictProposal,
  Workload,
} from '@mesh-portal/plugin-mesh-common';
import { stringify } from 'yaml';
import type { PeerAuthenticationInfo } from '../../engine/parse/istio';
import {
  PeerAuthenticationIndex,
  composeMtls,
} from '../../engine/peerAuthentication';

/** The PeerAuthentications that decide a namespace, and where they live. */
export interface PolicyContext {
  /** Backstage cluster whose PeerAuthentications decide (the config cluster of a remote, C4). */
  cluster: string;
  rootNamespace: string;
  /** Every PeerAuthentication of that cluster (parsed). */
  policies: PeerAuthenticationInfo[];
}

/** A workload to make STRICT, with the ports that keep a scraper exception. */
export interface StrictTarget {
  workload: Workload;
  portExceptions: number[];
}

/**
 * Labels that name one pod or one rollout, never a workload: a selector on
 * them would stop matching at the next rollout.
 */
const VOLATILE_LABELS = new Set([
  'pod-template-hash',
  'controller-revision-hash',
  'statefulset.kubernetes.io/pod-name',
  'pod-template-generation',
  'controller-uid',
  'batch.kubernetes.io/controller-uid',
  'batch.kubernetes.io/job-name',
  'job-name',
  'security.istio.io/tlsMode',
]);

/** Labels that usually name the application, tried first. */
const PREFERRED_LABELS = [
  'app.kubernetes.io/name',
  'app',
  'app.kubernetes.io/instance',
  'service.istio.io/canonical-name',
  'app.kubernetes.io/component',
];

function matches(
  selector: Record<string, string>,
  labels: Record<string, string>,
) {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/**
 * The smallest selector (preferred labels first) that matches the workload
 * and as few others of its namespace as possible (E3: a selector matches
 * every workload carrying its labels). Undefined when it has no usable label.
 */
export function selectorFor(
  workload: Workload,
  neighbours: Workload[],
): Record<string, string> | undefined {
  const usable = Object.keys(workload.labels).filter(
    k => !VOLATILE_LABELS.has(k),
  );
  if (usable.length === 0) return undefined;
  const ordered = [
    ...PREFERRED_LABELS.filter(k => usable.includes(k)),
    ...usable.filter(k => !PREFERRED_LABELS.includes(k)).sort(),
  ];
  const others = neighbours.filter(
    w => w.id !== workload.id && w.namespace === workload.namespace,
  );
  const selector: Record<string, string> = {};
  for (const key of ordered) {
    selector[key] = workload.labels[key];
    if (!others.some(w => matches(selector, w.labels))) break;
  }
  return selector;
}

function uniqueName(base: string, taken: Set<string>): string {
  const clean = base.slice(0, 53).replace(/[^a-z0-9.-]/g, '-');
  if (!taken.has(clean)) return clean;
  for (let i = 2; ; i++) {
    const candidate = `${clean}-${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function portLevel(
  ports: Iterable<number>,
  exceptions: number[],
): PeerAuthenticationManifest['spec']['portLevelMtls'] {
  const all = [...new Set([...ports, ...exceptions])].sort((a, b) => a - b);
  if (all.length === 0) return undefined;
  return Object.fromEntries(
    all.map(port => [
      String(port),
      { mode: exceptions.includes(port) ? 'PERMISSIVE' : 'STRICT' },
    ]),
  ) as PeerAuthenticationManifest['spec']['portLevelMtls'];
}

function manifest(
  name: string,
  namespace: string,
  selector: Record<string, string> | undefined,
  portLevelMtls?: PeerAuthenticationManifest['spec']['portLevelMtls'],
): PeerAuthenticationManifest {
  const spec: PeerAuthenticationManifest['spec'] = {
    ...(selector ? { selector: { matchLabels: selector } } : {}),
    mtls: { mode: 'STRICT' },
  };
  if (portLevelMtls) spec.portLevelMtls = portLevelMtls;
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name, namespace },
    spec,
  };
}

/** The parsed form of a manifest, as the engine would read it once applied. */
function asInfo(
  change: PolicyChange,
  cluster: string,
  previous: PeerAuthenticationInfo | undefined,
): PeerAuthenticationInfo {
  const { metadata, spec } = change.manifest;
  return {
    ref: {
      cluster,
      kind: 'PeerAuthentication',
      namespace: metadata.namespace,
      name: metadata.name,
    },
    namespace: metadata.namespace,
    name: metadata.name,
    // `kubectl apply` keeps an existing object's creation time; a new one is
    // the newest of all (E4: it loses every tie of its scope).
    createdAt: previous ? previous.createdAt : Number.MAX_SAFE_INTEGER,
    selector: spec.selector?.matchLabels,
    mode: spec.mtls.mode,
    portLevel: new Map(
      Object.entries(spec.portLevelMtls ?? {}).map(([p, v]) => [
        Number(p),
        v.mode,
      ]),
    ),
  };
}

/**
 * The PeerAuthentications after applying `changes` (an update replaces the
 * policy of the same namespace and name).
 */
export function applyChanges(
  context: PolicyContext,
  changes: PolicyChange[],
): PeerAuthenticationInfo[] {
  const key = (ns: string, name: string) => `${ns}/${name}`;
  const byKey = new Map(
    context.policies.map(p => [key(p.namespace, p.name), p]),
  );
  for (const change of changes) {
    const k = key(
      change.manifest.metadata.namespace,
      change.manifest.metadata.name,
    );
    byKey.set(k, asInfo(change, context.cluster, byKey.get(k)));
  }
  return [...byKey.values()];
}

/** Quotes a value for a POSIX shell when it needs it. */
function shellWord(value: string): string {
  return /^[A-Za-z0-9._:@/=-]+$/.test(value)
    ? value
    : `'${value.replace(/'/g, `'\\''`)}'`;
}

function finish(
  scope: StrictProposal['scope'],
  context: PolicyContext,
  namespace: string,
  fileStem: string,
  changes: PolicyChange[],
  alsoAffects: string[],
): StrictProposal {
  const yaml = changes
    .map(c => stringify(c.manifest, { lineWidth: 0 }))
    .join('---\n');
  const fileName = `${fileStem.replace(/[^A-Za-z0-9._-]/g, '-')}.yaml`;
  return {
    scope,
    cluster: context.cluster,
    namespace,
    changes,
    alsoAffects,
    yaml,
    fileName,
    command: `kubectl --context ${shellWord(
      context.cluster,
    )} apply -f ${shellWord(fileName)}`,
  };
}

/** The mode and port modes a set of policies gives a workload (E3-E5). */
function effective(
  policies: PeerAuthenticationInfo[],
  rootNamespace: string,
  workload: Workload,
) {
  return composeMtls(
    new PeerAuthenticationIndex(policies, rootNamespace),
    workload.namespace,
    workload.labels,
  );
}

/** Whether the composed result is STRICT except on the exception ports. */
function strictExcept(
  composed: ReturnType<typeof composeMtls>,
  workload: Workload,
  exceptions: number[],
): boolean {
  const ports = new Set([
    ...workload.mtls.ports.map(p => p.port),
    ...composed.ports.keys(),
  ]);
  if (composed.workload.mode !== 'STRICT') return false;
  for (const port of ports) {
    const mode = composed.ports.get(port)?.mode ?? composed.workload.mode;
    if (exceptions.includes(port) ? mode !== 'PERMISSIVE' : mode !== 'STRICT') {
      return false;
    }
  }
  return exceptions.every(p => composed.ports.get(p)?.mode === 'PERMISSIVE');
}

/** The workload-level change that makes `target` STRICT beside the other policies. */
function workloadChange(
  target: StrictTarget,
  context: PolicyContext,
  neighbours: Workload[],
  takenNames: Set<string>,
): PolicyChange | undefined {
  const { workload, portExceptions } = target;
  const index = new PeerAuthenticationIndex(
    context.policies,
    context.rootNamespace,
  );
  const existing = index.workloadPolicies(workload.namespace, workload.labels);
  const oldest = existing[0];
  if (oldest) {
    // A new workload policy would be newer and lose to this one (E4): change it.
    return {
      action: 'update',
      manifest: manifest(
        oldest.name,
        oldest.namespace,
        oldest.selector,
        portLevel(oldest.portLevel.keys(), portExceptions),
      ),
      why: `${oldest.namespace}/${
        oldest.name
      } is the oldest workload policy selecting ${
        workload.name
      }, so it decides (E4): set it to STRICT${
        portExceptions.length
          ? ` and keep port ${portExceptions.join(
              ', ',
            )} PERMISSIVE for the scraper`
          : ''
      }.`,
    };
  }
  const selector = selectorFor(workload, neighbours);
  if (!selector) return undefined;
  const name = uniqueName(`${workload.name}-strict`, takenNames);
  takenNames.add(name);
  return {
    action: 'create',
    manifest: manifest(
      name,
      workload.namespace,
      selector,
      portLevel([], portExceptions),
    ),
    why: `No workload policy selects ${
      workload.name
    }: a new one overrides the ${
      workload.mtls.workload.scope === 'default'
        ? 'default'
        : `${workload.mtls.workload.scope}-wide policy`
    } for it only (E4)${
      portExceptions.length
        ? `, with port ${portExceptions.join(
            ', ',
          )} PERMISSIVE for the scraper (portLevelMtls needs a selector)`
        : ''
    }.`,
  };
}

function namesIn(context: PolicyContext, namespace: string): Set<string> {
  return new Set(
    context.policies.filter(p => p.namespace === namespace).map(p => p.name),
  );
}

/** Ids of workloads (other than the targets) whose composed mode changes. */
function sideEffects(
  context: PolicyContext,
  after: PeerAuthenticationInfo[],
  neighbours: Workload[],
  targets: Set<string>,
): string[] {
  return neighbours
    .filter(w => !targets.has(w.id))
    .filter(w => {
      const before = effective(context.policies, context.rootNamespace, w);
      const now = effective(after, context.rootNamespace, w);
      return (
        before.workload.mode !== now.workload.mode ||
        before.workload.policy?.name !== now.workload.policy?.name
      );
    })
    .map(w => w.id)
    .sort();
}

/**
 * What to apply to make one workload STRICT (E3-E5): the oldest workload
 * policy selecting it when there is one (a new one would be ignored, E4),
 * else a new workload policy with the smallest selector naming it; scrape
 * ports keep a PERMISSIVE `portLevelMtls` exception. The result is checked
 * by resolving the policies again: undefined when no change would make it
 * STRICT (no usable label for a selector).
 */
export function proposeWorkloadStrict(
  target: StrictTarget,
  context: PolicyContext,
  /** Workloads of the same cluster and namespace (to keep the selector narrow). */
  neighbours: Workload[],
): StrictProposal | undefined {
  const { workload } = target;
  const change = workloadChange(
    target,
    context,
    neighbours,
    namesIn(context, workload.namespace),
  );
  if (!change) return undefined;
  const after = applyChanges(context, [change]);
  if (
    !strictExcept(
      effective(after, context.rootNamespace, workload),
      workload,
      target.portExceptions,
    )
  ) {
    return undefined;
  }
  return finish(
    'workload',
    context,
    workload.namespace,
    `strict-${workload.namespace}-${workload.name}`,
    [change],
    sideEffects(context, after, neighbours, new Set([workload.id])),
  );
}

/**
 * What to apply to make a whole namespace STRICT: the oldest namespace-wide
 * policy set to STRICT (or a new one when there is none, E4), plus a
 * workload policy for every workload that keeps scrape-port exceptions
 * (`portLevelMtls` needs a selector) or whose own workload policy would
 * still override the namespace. Call it only when every workload there is
 * ready or already STRICT. Checked by resolving the policies again.
 */
export function proposeNamespaceStrict(
  namespace: string,
  targets: StrictTarget[],
  context: PolicyContext,
): StrictProposal | undefined {
  if (namespace === context.rootNamespace) return undefined;
  const taken = namesIn(context, namespace);
  const nsWide = new PeerAuthenticationIndex(
    context.policies,
    context.rootNamespace,
  ).namespaceWide.get(namespace);
  const oldest = nsWide?.[0];
  const changes: PolicyChange[] = [];
  if (oldest) {
    changes.push({
      action: 'update',
      manifest: manifest(oldest.name, namespace, undefined),
      why: `${namespace}/${oldest.name} is the oldest namespace-wide policy, so it decides (E4): set it to STRICT.`,
    });
  } else {
    const name = uniqueName('default', taken);
    taken.add(name);
    changes.push({
      action: 'create',
      manifest: manifest(name, namespace, undefined),
      why: `No namespace-wide policy in ${namespace}: a new one makes every workload there STRICT unless a workload policy says otherwise (E4).`,
    });
  }
  const neighbours = targets.map(t => t.workload);
  let after = applyChanges(context, changes);
  for (const target of targets) {
    const composed = effective(after, context.rootNamespace, target.workload);
    if (strictExcept(composed, target.workload, target.portExceptions)) {
      continue;
    }
    const change = workloadChange(
      target,
      { ...context, policies: after },
      neighbours,
      taken,
    );
    if (!change) return undefined;
    changes.push(change);
    after = applyChanges(context, changes);
  }
  for (const target of targets) {
    const composed = effective(after, context.rootNamespace, target.workload);
    if (!strictExcept(composed, target.workload, target.portExceptions)) {
      return undefined;
    }
  }
  return finish(
    'namespace',
    context,
    namespace,
    `strict-${namespace}`,
    changes,
    [],
  );
}
