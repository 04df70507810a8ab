import { parse as parseYaml } from 'yaml';
import type { ObjectRef } from '@mesh-portal/plugin-mesh-common';
import { FindingSink } from './findings/FindingSink';
import { LabelSelector, readLabelSelector } from './labelSelector';
import {
  IssueList,
  JsonObject,
  isObject,
  readBoolean,
  readObject,
  readObjectArray,
  readString,
} from './objects';
import type { ConfigMapInfo, ControllerInfo, PodInfo } from './parse/core';

/** Istio's default root namespace (E2) and istiod namespace. */
export const DEFAULT_ISTIO_NAMESPACE = 'istio-system';

/** Istio's default cluster id when `global.multiCluster.clusterName` is unset (C3). */
export const DEFAULT_CLUSTER_ID = 'Kubernetes';

/** The sidecar injector's settings (M2), from ConfigMap `istio-sidecar-injector`. */
export interface InjectorConfig {
  /** `policy`: `enabled` (default) or `disabled`. */
  policy: 'enabled' | 'disabled';
  neverInjectSelector: LabelSelector[];
  alwaysInjectSelector: LabelSelector[];
  /** `sidecarInjectorWebhook.enableNamespacesByDefault` (M1 `auto.*`). */
  enableNamespacesByDefault: boolean;
}

/** What the engine knows about one cluster's Istio control plane. */
export interface ControlPlane {
  /** Namespace istiod runs in (the "system namespace" of M8). */
  istioNamespace: string;
  rootNamespace: string;
  autoMtls: boolean;
  clusterId: string;
  revisions: string[];
  /** Revisions and tags with an injector webhook (M1); undefined when unknown. */
  injectorRevisions?: string[];
  version?: string;
  injector: InjectorConfig;
}

/**
 * Whether `revision` (an `istio.io/rev` value) names an installed control
 * plane: one of istiod's revisions, a revision or tag with an injector
 * webhook, or `default` (M1). When neither istiod nor the webhooks could be
 * seen, nothing can be judged, and every value is taken as installed.
 */
export function isRevisionInstalled(
  cp: ControlPlane,
  revision: string,
): boolean {
  if (revision === 'default') return true;
  if (cp.revisions.includes(revision)) return true;
  // Without the webhooks, only istiod tells: a tag cannot be told from a typo.
  if (cp.injectorRevisions === undefined) return cp.revisions.length === 0;
  return cp.injectorRevisions.includes(revision);
}

/** Whether a pod is an istiod pod. */
export function isIstiodPod(labels: Record<string, string>): boolean {
  return labels.app === 'istiod' || labels.istio === 'pilot';
}

function isIstiodDeployment(d: ControllerInfo): boolean {
  return (
    d.kind === 'Deployment' &&
    (d.name === 'istiod' ||
      d.name.startsWith('istiod-') ||
      isIstiodPod(d.templateLabels ?? {}))
  );
}

function imageTag(image: string | undefined): string | undefined {
  if (!image) return undefined;
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > lastSlash ? withoutDigest.slice(colon + 1) : undefined;
}

function configMapRef(cm: ConfigMapInfo): ObjectRef {
  return cm.ref;
}

function malformed(
  sink: FindingSink,
  cluster: string,
  ref: ObjectRef,
  key: string,
  problem: string,
): void {
  sink.add({
    code: 'MESH-MALFORMED-OBJECT',
    cluster,
    message: `ConfigMap ${ref.namespace}/${ref.name} in cluster ${cluster} has an unreadable "${key}" entry (${problem}); Istio's defaults were assumed.`,
    fix: `Correct the "${key}" entry so that it is valid YAML of the expected shape.`,
    objects: [ref],
  });
}

function parseYamlObject(text: string): { value?: JsonObject; error?: string } {
  try {
    const value: unknown = parseYaml(text);
    if (value === null || value === undefined) return { value: {} };
    if (!isObject(value)) return { error: 'not a mapping' };
    return { value };
  } catch (e) {
    return {
      error: e instanceof Error ? e.message.split('\n')[0] : 'invalid YAML',
    };
  }
}

function findConfigMap(
  configMaps: ConfigMapInfo[],
  namespace: string,
  base: string,
  revisions: string[],
): ConfigMapInfo | undefined {
  const inNamespace = configMaps.filter(c => c.namespace === namespace);
  return (
    inNamespace.find(c => c.name === base) ??
    inNamespace.find(c => revisions.some(r => c.name === `${base}-${r}`)) ??
    configMaps.find(c => c.name === base)
  );
}

function readInjector(
  cm: ConfigMapInfo | undefined,
  cluster: string,
  sink: FindingSink,
): InjectorConfig {
  const injector: InjectorConfig = {
    policy: 'enabled',
    neverInjectSelector: [],
    alwaysInjectSelector: [],
    enableNamespacesByDefault: false,
  };
  if (!cm) return injector;
  const issues = new IssueList();
  if (cm.data.config !== undefined) {
    const { value, error } = parseYamlObject(cm.data.config);
    if (error) malformed(sink, cluster, configMapRef(cm), 'config', error);
    const policy = readString(value, 'policy', 'config', issues);
    if (policy === 'disabled') injector.policy = 'disabled';
    injector.neverInjectSelector = readObjectArray(
      value,
      'neverInjectSelector',
      'config',
      issues,
      (s, p) => readLabelSelector(s, p, issues),
    );
    injector.alwaysInjectSelector = readObjectArray(
      value,
      'alwaysInjectSelector',
      'config',
      issues,
      (s, p) => readLabelSelector(s, p, issues),
    );
  }
  if (cm.data.values !== undefined) {
    const { value, error } = parseYamlObject(cm.data.values);
    if (error) malformed(sink, cluster, configMapRef(cm), 'values', error);
    const webhook = readObject(
      value,
      'sidecarInjectorWebhook',
      'values',
      issues,
    );
    injector.enableNamespacesByDefault =
      readBoolean(
        webhook,
        'enableNamespacesByDefault',
        'values.sidecarInjectorWebhook',
        issues,
      ) === true;
  }
  if (!issues.empty) {
    malformed(
      sink,
      cluster,
      configMapRef(cm),
      'config',
      issues.items.slice(0, 3).join('; '),
    );
  }
  return injector;
}

/**
 * Derives a cluster's control-plane facts: istiod's namespace, revisions,
 * version and `CLUSTER_ID` (C3), and the mesh config's `rootNamespace` (E2)
 * and `enableAutoMtls` (E8).
 */
export function readControlPlane(input: {
  cluster: string;
  istioClusterIdOverride?: string;
  rootNamespaceOverride?: string;
  injectorRevisions?: string[];
  pods: PodInfo[];
  deployments: ControllerInfo[];
  configMaps: ConfigMapInfo[];
  sink: FindingSink;
}): ControlPlane {
  const { cluster, sink } = input;
  const istiodDeployments = input.deployments.filter(isIstiodDeployment);
  const istiodPods = input.pods.filter(p => isIstiodPod(p.labels));
  const discoveryContainers = [
    ...istiodDeployments.flatMap(d => d.template?.containers ?? []),
    ...istiodPods.flatMap(p => p.containers),
  ].filter(c => c.name === 'discovery' || c.env.CLUSTER_ID !== undefined);

  const istioNamespace =
    istiodDeployments[0]?.namespace ??
    istiodPods[0]?.namespace ??
    DEFAULT_ISTIO_NAMESPACE;
  const revisions = [
    ...new Set([
      ...istiodPods.map(p => p.labels['istio.io/rev'] ?? 'default'),
      ...istiodDeployments.map(
        d => d.templateLabels?.['istio.io/rev'] ?? 'default',
      ),
    ]),
  ].sort();
  const clusterIdFromIstiod = discoveryContainers
    .map(c => c.env.CLUSTER_ID)
    .find(id => id !== undefined && id !== '');

  let rootNamespace: string | undefined;
  let autoMtls = true;
  const meshConfigMap = findConfigMap(
    input.configMaps,
    istioNamespace,
    'istio',
    revisions,
  );
  const istiodFound = istiodDeployments.length + istiodPods.length > 0;
  if (!meshConfigMap && istiodFound) {
    sink.add({
      code: 'MESH-CONFIG-NOT-FOUND',
      cluster,
      message: `Istio's mesh config (ConfigMap istio in namespace ${istioNamespace}, istiod's namespace) was not found in cluster ${cluster}, so Istio's defaults were assumed: auto-mTLS on and root namespace ${
        input.rootNamespaceOverride ?? DEFAULT_ISTIO_NAMESPACE
      }.`,
      fix: `Let the plugin read ConfigMaps in namespace ${istioNamespace}, or check that istiod's mesh config ConfigMap exists there.`,
      objects: [
        {
          cluster,
          kind: 'ConfigMap',
          namespace: istioNamespace,
          name: 'istio',
        },
      ],
    });
  }
  if (meshConfigMap && meshConfigMap.data.mesh !== undefined) {
    const { value, error } = parseYamlObject(meshConfigMap.data.mesh);
    const issues = new IssueList();
    rootNamespace =
      readString(value, 'rootNamespace', 'mesh', issues) || undefined;
    autoMtls = readBoolean(value, 'enableAutoMtls', 'mesh', issues) ?? true;
    const problem =
      error ?? (issues.empty ? undefined : issues.items.join('; '));
    if (problem) malformed(sink, cluster, meshConfigMap.ref, 'mesh', problem);
  }

  const injectorConfigMap = findConfigMap(
    input.configMaps,
    istioNamespace,
    'istio-sidecar-injector',
    revisions,
  );

  return {
    istioNamespace,
    rootNamespace:
      input.rootNamespaceOverride ?? rootNamespace ?? DEFAULT_ISTIO_NAMESPACE,
    autoMtls,
    clusterId:
      input.istioClusterIdOverride ?? clusterIdFromIstiod ?? DEFAULT_CLUSTER_ID,
    revisions,
    injectorRevisions: input.injectorRevisions,
    version: discoveryContainers.map(c => imageTag(c.image)).find(Boolean),
    injector: readInjector(injectorConfigMap, cluster, sink),
  };
}
