import { FindingSink } from './findings/FindingSink';
import { isObject } from './objects';
import {
  ConfigMapInfo,
  NamespaceInfo,
  PodInfo,
  ServiceInfo,
  controllerParser,
  parseConfigMap,
  parseNamespace,
  parsePod,
  parseService,
} from './parse/core';
import {
  DestinationRuleInfo,
  PeerAuthenticationInfo,
  parseDestinationRule,
  parsePeerAuthentication,
} from './parse/istio';
import { ParseContext, parseList } from './parse/parseList';
import type { ControllerLists } from './workloads';

/** One cluster's objects, parsed into the shapes the engine works with. */
export interface ParsedCluster {
  cluster: string;
  istioClusterId?: string;
  rootNamespace?: string;
  configCluster?: string;
  /** Revisions and tags with an injector webhook; undefined when unknown (M1). */
  injectorRevisions?: string[];
  namespaces: Map<string, NamespaceInfo>;
  pods: PodInfo[];
  services: ServiceInfo[];
  configMaps: ConfigMapInfo[];
  controllers: ControllerLists;
  peerAuthentications: PeerAuthenticationInfo[];
  destinationRules: DestinationRuleInfo[];
  /** Object counts by kind, as read. */
  counts: Record<string, number>;
}

function optionalString(
  raw: Record<string, unknown>,
  key: string,
  ctx: ParseContext,
): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && value !== '') return value;
  ctx.sink.add({
    code: 'MESH-MALFORMED-OBJECT',
    cluster: ctx.cluster,
    message: `The engine input for cluster ${ctx.cluster} has an unreadable "${key}" setting; it was ignored.`,
    fix: `Set "${key}" to a non-empty string in the mesh configuration.`,
    objects: [{ cluster: ctx.cluster, kind: 'Cluster', name: ctx.cluster }],
  });
  return undefined;
}

function optionalStringList(
  raw: Record<string, unknown>,
  key: string,
  ctx: ParseContext,
): string[] | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value) && value.every(v => typeof v === 'string')) {
    return value as string[];
  }
  ctx.sink.add({
    code: 'MESH-MALFORMED-OBJECT',
    cluster: ctx.cluster,
    message: `The engine input for cluster ${ctx.cluster} has an unreadable "${key}" list; it was ignored.`,
    fix: `Pass "${key}" as a list of strings.`,
    objects: [{ cluster: ctx.cluster, kind: 'Cluster', name: ctx.cluster }],
  });
  return undefined;
}

/**
 * Parses one cluster's input. A cluster entry that is not even an object, or
 * has no usable name, is named `cluster-<index>` and reported.
 */
export function parseCluster(
  raw: unknown,
  index: number,
  sink: FindingSink,
): ParsedCluster {
  const input = isObject(raw) ? raw : {};
  const name = input.cluster;
  const cluster =
    typeof name === 'string' && name !== '' ? name : `cluster-${index}`;
  const ctx: ParseContext = { cluster, sink };
  if (cluster !== name) {
    sink.add({
      code: 'MESH-MALFORMED-OBJECT',
      cluster,
      message: `Engine input #${index} has no usable cluster name, so it is called ${cluster} here.`,
      fix: 'Give every cluster a name in the kubernetes cluster configuration.',
      objects: [{ cluster, kind: 'Cluster', name: cluster }],
    });
  }
  const controllers: ControllerLists = {
    deployments: parseList(
      ctx,
      'Deployment',
      input.deployments,
      controllerParser('Deployment'),
    ),
    replicaSets: parseList(
      ctx,
      'ReplicaSet',
      input.replicaSets,
      controllerParser('ReplicaSet'),
    ),
    statefulSets: parseList(
      ctx,
      'StatefulSet',
      input.statefulSets,
      controllerParser('StatefulSet'),
    ),
    daemonSets: parseList(
      ctx,
      'DaemonSet',
      input.daemonSets,
      controllerParser('DaemonSet'),
    ),
    jobs: parseList(ctx, 'Job', input.jobs, controllerParser('Job')),
    cronJobs: parseList(
      ctx,
      'CronJob',
      input.cronJobs,
      controllerParser('CronJob'),
    ),
  };
  const namespaceList = parseList(
    ctx,
    'Namespace',
    input.namespaces,
    parseNamespace,
    {
      namespaced: false,
    },
  );
  const parsed: ParsedCluster = {
    cluster,
    istioClusterId: optionalString(input, 'istioClusterId', ctx),
    rootNamespace: optionalString(input, 'rootNamespace', ctx),
    configCluster: optionalString(input, 'configCluster', ctx),
    injectorRevisions: optionalStringList(input, 'injectorRevisions', ctx),
    namespaces: new Map(namespaceList.map(n => [n.name, n])),
    pods: parseList(ctx, 'Pod', input.pods, parsePod),
    services: parseList(ctx, 'Service', input.services, parseService),
    configMaps: parseList(ctx, 'ConfigMap', input.configMaps, parseConfigMap),
    controllers,
    peerAuthentications: parseList(
      ctx,
      'PeerAuthentication',
      input.peerAuthentications,
      parsePeerAuthentication,
    ),
    destinationRules: parseList(
      ctx,
      'DestinationRule',
      input.destinationRules,
      parseDestinationRule,
    ),
    counts: {},
  };
  const counted: [string, unknown[] | Map<string, unknown>][] = [
    ['Namespace', parsed.namespaces],
    ['Pod', parsed.pods],
    ['Service', parsed.services],
    ['Deployment', controllers.deployments],
    ['ReplicaSet', controllers.replicaSets],
    ['StatefulSet', controllers.statefulSets],
    ['DaemonSet', controllers.daemonSets],
    ['Job', controllers.jobs],
    ['CronJob', controllers.cronJobs],
    ['PeerAuthentication', parsed.peerAuthentications],
    ['DestinationRule', parsed.destinationRules],
  ];
  for (const [kind, list] of counted) {
    const n = list instanceof Map ? list.size : list.length;
    if (n > 0) parsed.counts[kind] = n;
  }
  return parsed;
}
