import type { DestinationRuleInfo, ClientTlsMode } from './parse/istio';
import { oldestFirst } from './peerAuthentication';

/** The cluster DNS domain Istio appends to short host names. */
export const CLUSTER_DOMAIN = 'cluster.local';

/**
 * Resolves a DestinationRule host to a full name the way Istio does: a name
 * without dots is short for `<name>.<rule namespace>.svc.cluster.local`;
 * anything with a dot (or `*`) is taken as written.
 */
export function resolveHost(host: string, namespace: string): string {
  if (host === '*' || host.includes('.')) return host;
  return `${host}.${namespace}.svc.${CLUSTER_DOMAIN}`;
}

/**
 * How well `pattern` matches `host`: -1 for no match; exact matches beat
 * every wildcard, and longer wildcards beat shorter ones.
 */
export function hostMatchScore(pattern: string, host: string): number {
  if (pattern === host) return Number.MAX_SAFE_INTEGER;
  if (pattern === '*') return 0;
  if (pattern.startsWith('*.') && host.endsWith(pattern.slice(1)))
    return pattern.length;
  return -1;
}

/** Whether a rule in `ruleNamespace` is visible from `clientNamespace` (exportTo). */
export function isExportedTo(
  rule: DestinationRuleInfo,
  clientNamespace: string,
): boolean {
  return rule.exportTo.some(
    e =>
      e === '*' ||
      e === clientNamespace ||
      (e === '.' && rule.namespace === clientNamespace),
  );
}

interface NamespaceRules {
  exact: Map<string, DestinationRuleInfo[]>;
  wildcard: DestinationRuleInfo[];
}

/**
 * The DestinationRules of one control plane, indexed by namespace and by
 * resolved host, implementing Istio's lookup order (E10).
 */
export class DestinationRuleIndex {
  private readonly byNamespace = new Map<string, NamespaceRules>();

  constructor(rules: DestinationRuleInfo[], readonly rootNamespace: string) {
    for (const rule of [...rules].sort(oldestFirst)) {
      // Rules with a workloadSelector apply only to selected client workloads
      // in their own namespace (E10); the Service-level view leaves them out.
      if (rule.workloadSelector) continue;
      let ns = this.byNamespace.get(rule.namespace);
      if (!ns) {
        ns = { exact: new Map(), wildcard: [] };
        this.byNamespace.set(rule.namespace, ns);
      }
      const host = resolveHost(rule.host, rule.namespace);
      if (host.startsWith('*')) ns.wildcard.push(rule);
      else {
        const list = ns.exact.get(host) ?? [];
        list.push(rule);
        ns.exact.set(host, list);
      }
    }
  }

  /**
   * Namespaces other than `except` that hold a rule for `host`: their
   * clients look up their own namespace first (E10), so they may send
   * something other than what the Service's namespace sees.
   */
  clientNamespacesWithRulesFor(host: string, except: string): string[] {
    const out: string[] = [];
    for (const [namespace, rules] of this.byNamespace) {
      if (namespace === except || namespace === this.rootNamespace) continue;
      const matches =
        rules.exact.has(host) ||
        rules.wildcard.some(
          r => hostMatchScore(resolveHost(r.host, r.namespace), host) >= 0,
        );
      if (matches) out.push(namespace);
    }
    return out.sort();
  }

  private bestIn(
    namespace: string,
    host: string,
    visible: (r: DestinationRuleInfo) => boolean,
  ): DestinationRuleInfo | undefined {
    const ns = this.byNamespace.get(namespace);
    if (!ns) return undefined;
    // Several rules for one host are merged by Istio; the oldest one's
    // settings win where they overlap, which is what is kept here.
    const exact = ns.exact.get(host)?.find(visible);
    if (exact) return exact;
    let best: DestinationRuleInfo | undefined;
    let bestScore = -1;
    for (const rule of ns.wildcard) {
      if (!visible(rule)) continue;
      const score = hostMatchScore(
        resolveHost(rule.host, rule.namespace),
        host,
      );
      if (score > bestScore) {
        best = rule;
        bestScore = score;
      }
    }
    return best;
  }

  /**
   * The DestinationRule a client in `clientNamespace` uses for `host` (E10):
   * its own namespace's rules, then rules the service's namespace exports to
   * it, then rules the root namespace exports to it.
   */
  lookup(
    clientNamespace: string,
    host: string,
    serviceNamespace: string,
  ): DestinationRuleInfo | undefined {
    return (
      this.bestIn(clientNamespace, host, () => true) ??
      (serviceNamespace !== clientNamespace
        ? this.bestIn(serviceNamespace, host, r =>
            isExportedTo(r, clientNamespace),
          )
        : undefined) ??
      (this.rootNamespace !== clientNamespace &&
      this.rootNamespace !== serviceNamespace
        ? this.bestIn(this.rootNamespace, host, r =>
            isExportedTo(r, clientNamespace),
          )
        : undefined)
    );
  }
}

/** The TLS mode a rule sets for one Service port (E7), if any. */
export function ruleTlsForPort(
  rule: DestinationRuleInfo,
  port: number,
): ClientTlsMode | undefined {
  return rule.policy?.ports.get(port) ?? rule.policy?.tls;
}

/**
 * The TLS mode of each subset for one port, where a subset's own traffic
 * policy changes it: subset port-level, then subset top-level, then the
 * rule's setting for the port (Istio's `MergeTrafficPolicy`).
 */
export function subsetTlsForPort(
  rule: DestinationRuleInfo,
  port: number,
): {
  name: string;
  labels: Record<string, string>;
  mode: ClientTlsMode | undefined;
}[] {
  const base = ruleTlsForPort(rule, port);
  return rule.subsets.map(s => ({
    name: s.name,
    labels: s.labels,
    mode: s.policy?.ports.get(port) ?? s.policy?.tls ?? base,
  }));
}
