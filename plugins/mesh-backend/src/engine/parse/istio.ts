import type { ObjectRef } from '@mesh-portal/plugin-mesh-common';
import {
  IssueList,
  JsonObject,
  isObject,
  readObject,
  readObjectArray,
  readPort,
  readString,
  readStringArray,
  readStringMap,
} from '../objects';
import { ParseInput, UnknownMode, readMode } from './parseList';

/** PeerAuthentication modes as written (E5). */
export const PEER_AUTHENTICATION_MODES = [
  'UNSET',
  'DISABLE',
  'PERMISSIVE',
  'STRICT',
] as const;

/** A PeerAuthentication mode as written, `UNSET` included. */
export type PeerAuthenticationMode = (typeof PEER_AUTHENTICATION_MODES)[number];

/** A PeerAuthentication. */
export interface PeerAuthenticationInfo {
  ref: ObjectRef;
  namespace: string;
  name: string;
  /** Creation time in ms; 0 when absent (hand-written manifests). */
  createdAt: number;
  /** `matchLabels`; undefined when there is no selector or it is empty (E1). */
  selector?: Record<string, string>;
  /** `UNSET` when `mtls` or its mode is absent or unknown. */
  mode: PeerAuthenticationMode;
  /** `portLevelMtls`, keyed by container port (E4). */
  portLevel: Map<number, PeerAuthenticationMode>;
}

/** DestinationRule client TLS modes (E7). */
export const CLIENT_TLS_MODES = [
  'DISABLE',
  'SIMPLE',
  'MUTUAL',
  'ISTIO_MUTUAL',
] as const;

/** A DestinationRule client TLS mode. */
export type ClientTlsMode = (typeof CLIENT_TLS_MODES)[number];

/** The TLS part of a traffic policy: top level and per port. */
export interface TlsPolicy {
  tls?: ClientTlsMode;
  /** `portLevelSettings`, by Service port number; only ports that set TLS. */
  ports: Map<number, ClientTlsMode>;
}

/** A DestinationRule subset. */
export interface SubsetInfo {
  name: string;
  labels: Record<string, string>;
  policy?: TlsPolicy;
}

/** A DestinationRule. */
export interface DestinationRuleInfo {
  ref: ObjectRef;
  namespace: string;
  name: string;
  createdAt: number;
  host: string;
  /** `exportTo`; `['*']` when absent. */
  exportTo: string[];
  /** `workloadSelector.matchLabels` when set (client-side scoping, E10). */
  workloadSelector?: Record<string, string>;
  policy?: TlsPolicy;
  subsets: SubsetInfo[];
}

/** Reads a PeerAuthentication. */
export function parsePeerAuthentication({
  object,
  meta,
  ref,
  issues,
  unknownModes,
}: ParseInput): PeerAuthenticationInfo {
  const spec = readObject(object, 'spec', '', issues);
  const selectorObject = readObject(spec, 'selector', 'spec', issues);
  const matchLabels = readStringMap(
    selectorObject,
    'matchLabels',
    'spec.selector',
    issues,
  );
  const mtls = readObject(spec, 'mtls', 'spec', issues);
  const mode =
    readMode(
      readString(mtls, 'mode', 'spec.mtls', issues),
      PEER_AUTHENTICATION_MODES,
      'spec.mtls.mode',
      unknownModes,
    ) ?? 'UNSET';
  const portLevel = new Map<number, PeerAuthenticationMode>();
  const portLevelObject = readObject(spec, 'portLevelMtls', 'spec', issues);
  for (const [key, value] of Object.entries(portLevelObject ?? {})) {
    const path = `spec.portLevelMtls.${key}`;
    const port = /^\d+$/.test(key) ? Number(key) : NaN;
    if (!(port >= 1 && port <= 65535)) {
      issues.add(path, `"${key}" is not a port number`);
      continue;
    }
    if (!isObject(value)) {
      issues.add(path, 'expected an object');
      continue;
    }
    portLevel.set(
      port,
      readMode(
        readString(value, 'mode', path, issues),
        PEER_AUTHENTICATION_MODES,
        `${path}.mode`,
        unknownModes,
      ) ?? 'UNSET',
    );
  }
  return {
    ref,
    namespace: meta.namespace!,
    name: meta.name,
    createdAt: meta.createdAt ?? 0,
    selector: Object.keys(matchLabels).length > 0 ? matchLabels : undefined,
    mode,
    portLevel,
  };
}

function parseTls(
  parent: JsonObject | undefined,
  path: string,
  issues: IssueList,
  unknownModes: UnknownMode[],
): ClientTlsMode | undefined {
  const tls = readObject(parent, 'tls', path, issues);
  return readMode(
    readString(tls, 'mode', `${path}.tls`, issues),
    CLIENT_TLS_MODES,
    `${path}.tls.mode`,
    unknownModes,
  );
}

function parseTrafficPolicy(
  parent: JsonObject | undefined,
  path: string,
  issues: IssueList,
  unknownModes: UnknownMode[],
): TlsPolicy | undefined {
  const policy = readObject(parent, 'trafficPolicy', path, issues);
  if (!policy) return undefined;
  const policyPath = path ? `${path}.trafficPolicy` : 'trafficPolicy';
  const ports = new Map<number, ClientTlsMode>();
  readObjectArray(
    policy,
    'portLevelSettings',
    policyPath,
    issues,
    (s, sPath) => {
      const port = readPort(
        readObject(s, 'port', sPath, issues),
        'number',
        `${sPath}.port`,
        issues,
      );
      const tls = parseTls(s, sPath, issues, unknownModes);
      if (port !== undefined && tls !== undefined) ports.set(port, tls);
      return undefined;
    },
  );
  return { tls: parseTls(policy, policyPath, issues, unknownModes), ports };
}

/** Reads a DestinationRule. */
export function parseDestinationRule({
  object,
  meta,
  ref,
  issues,
  unknownModes,
}: ParseInput): DestinationRuleInfo | undefined {
  const spec = readObject(object, 'spec', '', issues);
  const host = readString(spec, 'host', 'spec', issues);
  const workloadSelector = readStringMap(
    readObject(spec, 'workloadSelector', 'spec', issues),
    'matchLabels',
    'spec.workloadSelector',
    issues,
  );
  const exportTo = readStringArray(spec, 'exportTo', 'spec', issues);
  const subsets = readObjectArray(
    spec,
    'subsets',
    'spec',
    issues,
    (s, sPath) => {
      const name = readString(s, 'name', sPath, issues);
      if (name === undefined) {
        issues.add(`${sPath}.name`, 'missing');
        return undefined;
      }
      return {
        name,
        labels: readStringMap(s, 'labels', sPath, issues),
        policy: parseTrafficPolicy(s, sPath, issues, unknownModes),
      };
    },
  );
  const policy = parseTrafficPolicy(spec, 'spec', issues, unknownModes);
  if (!host) {
    issues.add('spec.host', 'missing');
    return undefined;
  }
  return {
    ref,
    namespace: meta.namespace!,
    name: meta.name,
    createdAt: meta.createdAt ?? 0,
    host,
    exportTo: exportTo && exportTo.length > 0 ? exportTo : ['*'],
    workloadSelector:
      Object.keys(workloadSelector).length > 0 ? workloadSelector : undefined,
    policy,
    subsets,
  };
}
