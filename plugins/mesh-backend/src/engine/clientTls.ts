import type {
  MtlsMode,
  ObjectRef,
  ServicePortClientTls,
  ServiceSummary,
  Workload,
} from '@mesh-portal/plugin-mesh-common';
import {
  CLUSTER_DOMAIN,
  DestinationRuleIndex,
  ruleTlsForPort,
  subsetTlsForPort,
} from './destinationRules';
import { FindingCode } from './findings/codes';
import { FindingSink, describeRef } from './findings/FindingSink';
import type { ServiceInfo } from './parse/core';
import type { ClientTlsMode } from './parse/istio';
import { declaredProtocol, resolveTargetPort } from './services';
import type { WorkloadGroup } from './workloads';

type ClientMode = ServicePortClientTls['clientMode'];
type Outcome = ServicePortClientTls['outcome'];

/** One side of a server: the meshed or the unmeshed pods of one workload. */
interface ServerPart {
  workload: Workload;
  meshed: boolean;
  ambient: boolean;
  mode: MtlsMode;
}

/**
 * E11: what happens when a meshed client sending `client` reaches a server
 * part. Auto-mTLS is decided per endpoint (E9), so `AUTO_*` never breaks.
 */
export function pairOutcome(client: ClientMode, server: ServerPart): Outcome {
  const strict = server.meshed && server.mode === 'STRICT';
  switch (client) {
    case 'ISTIO_MUTUAL':
      if (!server.meshed) return 'broken';
      return server.mode === 'DISABLE' && !server.ambient ? 'broken' : 'mtls';
    case 'MUTUAL':
      return 'mtls';
    case 'AUTO_MTLS':
      return 'mtls';
    default:
      return strict ? 'broken' : 'plaintext';
  }
}

function autoModeFor(server: ServerPart, autoMtls: boolean): ClientMode {
  // E8/E9: auto-mTLS sends Istio mTLS to endpoints with a proxy whose policy
  // is not DISABLE (ambient endpoints always accept it), else plaintext.
  return autoMtls &&
    server.meshed &&
    (server.mode !== 'DISABLE' || server.ambient)
    ? 'AUTO_MTLS'
    : 'AUTO_PLAINTEXT';
}

const WORSE: Record<Outcome, number> = { mtls: 0, plaintext: 1, broken: 2 };

interface Problem {
  code: FindingCode;
  /** The DestinationRule whose setting breaks, if one does. */
  rule?: ObjectRef;
  /** Client namespaces affected, when not the Service's own. */
  clientNamespaces: Set<string>;
  ports: Set<number>;
  workloads: Set<string>;
  mode?: ClientTlsMode;
}

/** Inputs for one Service's client-side view. */
export interface ServiceContext {
  cluster: string;
  service: ServiceInfo;
  /** Selected workloads and their groups, in the same order. */
  workloads: Workload[];
  groups: WorkloadGroup[];
  destinationRules: DestinationRuleIndex;
  autoMtls: boolean;
  /**
   * Workload ids of a client namespace, so that a rule breaking its clients
   * is shown on their pages as well as on the server's.
   */
  clientWorkloads?: (namespace: string) => string[];
}

function serverParts(
  workloads: Workload[],
  groups: WorkloadGroup[],
  sp: ServiceInfo['ports'][number],
): ServerPart[] {
  const parts: ServerPart[] = [];
  workloads.forEach((w, i) => {
    if (w.membership.state === 'unknown') return;
    const target = resolveTargetPort(sp, groups[i].spec);
    if (target === undefined) return;
    const mode = (
      w.mtls.ports.find(p => p.port === target)?.decision ?? w.mtls.workload
    ).mode;
    const pods = w.membership.pods;
    const meshedPods =
      (pods.sidecar ?? 0) + (pods.ambient ?? 0) + (pods.infrastructure ?? 0);
    const ambient = (pods.ambient ?? 0) > 0;
    if (meshedPods > 0)
      parts.push({ workload: w, meshed: true, ambient, mode });
    if (meshedPods < w.replicas.current)
      parts.push({ workload: w, meshed: false, ambient: false, mode });
  });
  return parts;
}

/**
 * Computes what meshed clients (in the Service's own namespace) send to each
 * port of a Service and whether the server accepts it (E7-E11), and reports
 * the combinations that break.
 */
export function summarizeService(
  ctx: ServiceContext,
  sink: FindingSink,
): ServiceSummary {
  const { service, cluster } = ctx;
  const host = `${service.name}.${service.namespace}.svc.${CLUSTER_DOMAIN}`;
  const rule = ctx.destinationRules.lookup(
    service.namespace,
    host,
    service.namespace,
  );
  const problems = new Map<string, Problem>();
  const note = (
    code: FindingCode,
    port: number,
    w: Workload,
    mode: ClientTlsMode | undefined,
    from: { rule?: ObjectRef; clientNamespace?: string },
  ) => {
    const key = `${code}|${from.rule ? describeRef(from.rule) : ''}`;
    const p = problems.get(key) ?? {
      code,
      rule: from.rule,
      clientNamespaces: new Set<string>(),
      ports: new Set<number>(),
      workloads: new Set<string>(),
      mode,
    };
    p.ports.add(port);
    p.workloads.add(w.id);
    if (from.clientNamespace) {
      p.clientNamespaces.add(from.clientNamespace);
      for (const id of ctx.clientWorkloads?.(from.clientNamespace) ?? [])
        p.workloads.add(id);
    }
    problems.set(key, p);
  };
  const check = (
    mode: ClientTlsMode | undefined,
    port: number,
    parts: ServerPart[],
    from: { rule?: ObjectRef; clientNamespace?: string } = {
      rule: rule?.ref,
    },
  ) => {
    for (const part of parts) {
      const client = mode ?? autoModeFor(part, ctx.autoMtls);
      if (pairOutcome(client, part) !== 'broken') continue;
      if (mode === 'DISABLE' || mode === 'SIMPLE')
        note('MESH-DR-DISABLES-STRICT', port, part.workload, mode, from);
      else if (mode === 'ISTIO_MUTUAL')
        note(
          'MESH-DR-MTLS-TO-PLAINTEXT-SERVER',
          port,
          part.workload,
          mode,
          from,
        );
      else
        note(
          'MESH-STRICT-WITHOUT-CLIENT-MTLS',
          port,
          part.workload,
          undefined,
          from,
        );
    }
  };

  const ports = service.ports.map((sp): ServicePortClientTls => {
    const parts = serverParts(ctx.workloads, ctx.groups, sp);
    const ruleMode = rule ? ruleTlsForPort(rule, sp.port) : undefined;
    let clientMode: ClientMode;
    if (ruleMode) clientMode = ruleMode;
    else if (parts.some(p => autoModeFor(p, ctx.autoMtls) === 'AUTO_MTLS'))
      clientMode = 'AUTO_MTLS';
    else clientMode = 'AUTO_PLAINTEXT';

    let outcome: Outcome =
      clientMode === 'ISTIO_MUTUAL' ||
      clientMode === 'MUTUAL' ||
      clientMode === 'AUTO_MTLS'
        ? 'mtls'
        : 'plaintext';
    if (parts.length > 0) {
      outcome = 'mtls';
      for (const part of parts) {
        const o = pairOutcome(
          ruleMode ?? autoModeFor(part, ctx.autoMtls),
          part,
        );
        if (WORSE[o] > WORSE[outcome]) outcome = o;
      }
    }
    check(ruleMode, sp.port, parts);

    const entry: ServicePortClientTls = {
      port: sp.port,
      clientMode,
      outcome,
      reason: describeOutcome(
        clientMode,
        outcome,
        rule?.ref,
        ctx.autoMtls,
        parts.length,
      ),
    };
    if (sp.name) entry.name = sp.name;
    const protocol = declaredProtocol(sp);
    if (protocol) entry.protocol = protocol;
    if (rule && ruleMode) entry.destinationRule = rule.ref;

    if (rule) {
      const subsets: Record<string, ClientMode> = {};
      for (const subset of subsetTlsForPort(rule, sp.port)) {
        if (subset.mode === ruleMode) continue;
        const subsetParts = parts.filter(p =>
          Object.entries(subset.labels).every(
            ([k, v]) => p.workload.labels[k] === v,
          ),
        );
        subsets[subset.name] =
          subset.mode ??
          (subsetParts.some(p => autoModeFor(p, ctx.autoMtls) === 'AUTO_MTLS')
            ? 'AUTO_MTLS'
            : 'AUTO_PLAINTEXT');
        check(subset.mode, sp.port, subsetParts);
      }
      if (Object.keys(subsets).length > 0) entry.subsets = subsets;
    }

    // Istio's own gateways name their ports as Istio ships them; only
    // application workloads behind a proxy are worth the warning.
    const appParts = parts.filter(
      p => p.meshed && p.workload.membership.state !== 'infrastructure',
    );
    if (!protocol && sp.protocol !== 'UDP' && appParts.length > 0) {
      noteNoProtocol(sink, cluster, service, sp.port, sp.name, appParts);
    }
    return entry;
  });

  // Clients in other namespaces look up their own namespace's rules first
  // (E10): a rule there can break them even when the Service's own view is
  // fine, e.g. a client team disabling TLS toward a STRICT server.
  const clientNamespaces: NonNullable<ServiceSummary['clientNamespaces']> = [];
  for (const clientNamespace of ctx.destinationRules.clientNamespacesWithRulesFor(
    host,
    service.namespace,
  )) {
    const clientRule = ctx.destinationRules.lookup(
      clientNamespace,
      host,
      service.namespace,
    );
    if (!clientRule || clientRule === rule) continue;
    const sent: NonNullable<ServiceSummary['clientNamespaces']>[number] = {
      namespace: clientNamespace,
      ports: [],
    };
    for (const sp of service.ports) {
      const parts = serverParts(ctx.workloads, ctx.groups, sp);
      const from = { rule: clientRule.ref, clientNamespace };
      const mode = ruleTlsForPort(clientRule, sp.port);
      check(mode, sp.port, parts, from);
      // What these clients send, so telemetry can read it where proxies cannot.
      sent.ports.push(
        mode
          ? { port: sp.port, clientMode: mode, destinationRule: clientRule.ref }
          : {
              port: sp.port,
              clientMode: parts.some(
                p => autoModeFor(p, ctx.autoMtls) === 'AUTO_MTLS',
              )
                ? 'AUTO_MTLS'
                : 'AUTO_PLAINTEXT',
            },
      );
    }
    clientNamespaces.push(sent);
  }

  for (const problem of problems.values())
    reportProblem(sink, cluster, service, problem);

  return {
    id: `${cluster}/${service.namespace}/${service.name}`,
    cluster,
    namespace: service.namespace,
    name: service.name,
    host,
    workloads: ctx.workloads.map(w => w.id),
    ports,
    ...(clientNamespaces.length > 0 ? { clientNamespaces } : {}),
  };
}

function describeOutcome(
  mode: ClientMode,
  outcome: Outcome,
  rule: ObjectRef | undefined,
  autoMtls: boolean,
  servers: number,
): string {
  let source = `DestinationRule ${rule ? describeRef(rule) : ''} sets ${mode}`;
  if (mode === 'AUTO_MTLS' || mode === 'AUTO_PLAINTEXT') {
    source = autoMtls
      ? 'auto-mTLS (no DestinationRule sets TLS)'
      : 'no DestinationRule sets TLS and auto-mTLS is off';
  }
  if (servers === 0)
    return `Clients send ${mode} because ${source}; no running workload serves this port.`;
  const result = {
    mtls: 'the server accepts it, so traffic is mutual TLS',
    plaintext: 'traffic to at least some pods is plaintext',
    broken: 'the server rejects it for at least some pods, so requests fail',
  }[outcome];
  return `Clients send ${mode} because ${source}; ${result}.`;
}

function noteNoProtocol(
  sink: FindingSink,
  cluster: string,
  service: ServiceInfo,
  port: number,
  name: string | undefined,
  parts: ServerPart[],
): void {
  sink.add({
    code: 'MESH-SERVICE-PORT-NO-PROTOCOL',
    cluster,
    message: `Port ${port}${name ? ` (${name})` : ''} of Service ${
      service.namespace
    }/${
      service.name
    } declares no protocol, so the mesh has to guess it and gRPC or HTTP/2 traffic may break.`,
    fix: `Name the port with a protocol prefix (e.g. "grpc-api", "http-web") or set appProtocol.`,
    objects: [service.ref],
    workloads: parts.map(p => p.workload.id),
  });
}

function reportProblem(
  sink: FindingSink,
  cluster: string,
  service: ServiceInfo,
  problem: Problem,
): void {
  const { rule } = problem;
  const portText = [...problem.ports].sort((a, b) => a - b).join(', ');
  const clientNamespaces = [...problem.clientNamespaces].sort();
  const clients =
    clientNamespaces.length > 0
      ? `clients in namespace ${clientNamespaces.join(', ')}`
      : 'clients';
  const svc = `${service.namespace}/${service.name}`;
  const objects = rule ? [service.ref, rule] : [service.ref];
  const workloads = [...problem.workloads];
  switch (problem.code) {
    case 'MESH-DR-DISABLES-STRICT':
      sink.add({
        code: problem.code,
        cluster,
        message: `DestinationRule ${
          rule ? describeRef(rule) : ''
        } makes ${clients} send ${
          problem.mode
        } (no Istio mTLS) to Service ${svc} port ${portText}, whose server requires STRICT mTLS, so those requests fail.`,
        fix: 'Set the DestinationRule tls mode to ISTIO_MUTUAL (or remove it to use auto-mTLS), or relax the server PeerAuthentication to PERMISSIVE.',
        objects,
        workloads,
      });
      break;
    case 'MESH-DR-MTLS-TO-PLAINTEXT-SERVER':
      sink.add({
        code: problem.code,
        cluster,
        message: `DestinationRule ${
          rule ? describeRef(rule) : ''
        } makes ${clients} send Istio mTLS to Service ${svc} port ${portText}, but some of its pods have no proxy or disable mTLS, so those requests fail.`,
        fix: 'Add the server pods to the mesh (or stop disabling mTLS on them), or remove the tls setting so auto-mTLS picks per endpoint.',
        objects,
        workloads,
      });
      break;
    default:
      sink.add({
        code: problem.code,
        cluster,
        message: `Service ${svc} port ${portText} requires STRICT mTLS, but auto-mTLS is off and no DestinationRule enables ISTIO_MUTUAL, so clients send plaintext and fail.`,
        fix: `Create a DestinationRule for ${service.name}.${service.namespace}.svc.${CLUSTER_DOMAIN} (or *.local in the root namespace) with tls mode ISTIO_MUTUAL, or turn enableAutoMtls back on.`,
        objects,
        workloads,
      });
  }
}
