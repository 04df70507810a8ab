import type { PodSpecInfo, ServiceInfo, ServicePortInfo } from './parse/core';
import { PROXY_CONTAINER } from './membership';
import type { WorkloadGroup } from './workloads';

/** Protocols Istio recognises in a port name prefix or `appProtocol`. */
const KNOWN_PROTOCOLS = new Set([
  'http',
  'http2',
  'https',
  'grpc',
  'grpc-web',
  'mongo',
  'mysql',
  'redis',
  'tcp',
  'tls',
  'udp',
]);

/**
 * The protocol a Service port declares: `appProtocol` first, then the port
 * name's `<protocol>[-<suffix>]` prefix. Undefined when neither declares one.
 */
export function declaredProtocol(port: ServicePortInfo): string | undefined {
  if (port.appProtocol) return port.appProtocol.toLowerCase();
  const name = port.name?.toLowerCase();
  if (!name) return undefined;
  if (KNOWN_PROTOCOLS.has(name)) return name;
  if (name.startsWith('grpc-web-') || name === 'grpc-web') return 'grpc-web';
  const prefix = name.split('-')[0];
  return KNOWN_PROTOCOLS.has(prefix) ? prefix : undefined;
}

/** The application containers' declared ports (the proxy's own left out). */
export function containerPorts(
  spec: PodSpecInfo | undefined,
): { port: number; name?: string }[] {
  const out: { port: number; name?: string }[] = [];
  const seen = new Set<number>();
  for (const c of [
    ...(spec?.containers ?? []),
    ...(spec?.initContainers ?? []),
  ]) {
    if (c.name === PROXY_CONTAINER) continue;
    for (const p of c.ports) {
      if (seen.has(p.port)) continue;
      seen.add(p.port);
      out.push(p);
    }
  }
  return out;
}

/**
 * The container port a Service port reaches on a workload: numeric
 * `targetPort`s as written; named ones resolved against the workload's
 * container ports. Undefined when the name is not declared (Kubernetes then
 * has no endpoint either).
 */
export function resolveTargetPort(
  port: ServicePortInfo,
  spec: PodSpecInfo | undefined,
): number | undefined {
  if (typeof port.targetPort === 'number') return port.targetPort;
  return containerPorts(spec).find(p => p.name === port.targetPort)?.port;
}

const labelKey = (key: string, value: string) => `${key}\u0000${value}`;

/**
 * Matches Services to the workloads they select (same namespace, selector a
 * subset of the workload's labels), through an index of workloads by
 * namespace and label so the cost does not grow with services x workloads.
 */
export function matchServices(
  services: ServiceInfo[],
  groups: WorkloadGroup[],
): Map<ServiceInfo, WorkloadGroup[]> {
  const index = new Map<string, Map<string, WorkloadGroup[]>>();
  for (const g of groups) {
    let byLabel = index.get(g.namespace);
    if (!byLabel) {
      byLabel = new Map();
      index.set(g.namespace, byLabel);
    }
    for (const [k, v] of Object.entries(g.labels)) {
      const key = labelKey(k, v);
      const list = byLabel.get(key) ?? [];
      list.push(g);
      byLabel.set(key, list);
    }
  }
  const out = new Map<ServiceInfo, WorkloadGroup[]>();
  for (const s of services) {
    if (!s.selector) {
      out.set(s, []);
      continue;
    }
    const byLabel = index.get(s.namespace);
    // Start from the rarest selector label's candidates.
    let candidates: WorkloadGroup[] | undefined;
    for (const [k, v] of Object.entries(s.selector)) {
      const list = byLabel?.get(labelKey(k, v)) ?? [];
      if (!candidates || list.length < candidates.length) candidates = list;
    }
    const selector = s.selector;
    out.set(
      s,
      (candidates ?? []).filter(g =>
        Object.entries(selector).every(([k, v]) => g.labels[k] === v),
      ),
    );
  }
  return out;
}
