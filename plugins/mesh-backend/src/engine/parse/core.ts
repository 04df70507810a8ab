import type { ObjectRef } from '@mesh-portal/plugin-mesh-common';
import {
  IssueList,
  JsonObject,
  OwnerReference,
  readBoolean,
  readNumber,
  readObject,
  readObjectArray,
  readPort,
  readString,
  readStringMap,
} from '../objects';
import { ParseInput, UnknownMode, readMode } from './parseList';

/** A Namespace and its labels. */
export interface NamespaceInfo {
  ref: ObjectRef;
  name: string;
  labels: Record<string, string>;
}

/** A declared container port. */
export interface ContainerPortInfo {
  port: number;
  name?: string;
}

/** A container or init container. */
export interface ContainerInfo {
  name: string;
  image?: string;
  ports: ContainerPortInfo[];
  /** Literal `env` values (entries with `valueFrom` are left out). */
  env: Record<string, string>;
  /** Init containers only: `Always` marks a native sidecar (M4). */
  restartPolicy?: string;
}

/** The parts of a pod spec the engine needs. */
export interface PodSpecInfo {
  hostNetwork: boolean;
  containers: ContainerInfo[];
  initContainers: ContainerInfo[];
}

/** A Pod. */
export interface PodInfo extends PodSpecInfo {
  ref: ObjectRef;
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  owner?: OwnerReference;
  ready: boolean;
  phase?: string;
}

/** Kinds that own pods. */
export type ControllerKind =
  | 'Deployment'
  | 'ReplicaSet'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'Job'
  | 'CronJob';

/** A pod controller (Deployment, ReplicaSet, ...). */
export interface ControllerInfo {
  ref: ObjectRef;
  kind: ControllerKind;
  name: string;
  namespace: string;
  owner?: OwnerReference;
  /** The controller's own `metadata.labels` (entity matching only). */
  labels: Record<string, string>;
  /** Desired pod count where the kind has one. */
  desired?: number;
  templateLabels?: Record<string, string>;
  template?: PodSpecInfo;
}

/** A Service port. */
export interface ServicePortInfo {
  port: number;
  name?: string;
  /** Container port number or name; defaults to `port`. */
  targetPort: number | string;
  appProtocol?: string;
  protocol: string;
}

/** A Service. */
export interface ServiceInfo {
  ref: ObjectRef;
  name: string;
  namespace: string;
  /** Undefined when the Service has no selector (it selects nothing). */
  selector?: Record<string, string>;
  ports: ServicePortInfo[];
}

/** A ConfigMap's string data. */
export interface ConfigMapInfo {
  ref: ObjectRef;
  name: string;
  namespace: string;
  data: Record<string, string>;
}

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

/** Reads a Namespace. */
export function parseNamespace({ meta, ref }: ParseInput): NamespaceInfo {
  return { ref, name: meta.name, labels: meta.labels };
}

function parseContainer(
  item: JsonObject,
  path: string,
  issues: IssueList,
): ContainerInfo | undefined {
  const name = readString(item, 'name', path, issues);
  if (name === undefined) {
    issues.add(`${path}.name`, 'missing');
    return undefined;
  }
  const ports = readObjectArray(item, 'ports', path, issues, (p, pPath) => {
    const port = readPort(p, 'containerPort', pPath, issues);
    const portName = readString(p, 'name', pPath, issues);
    return port === undefined ? undefined : { port, name: portName };
  });
  const env: Record<string, string> = {};
  readObjectArray(item, 'env', path, issues, (e, ePath) => {
    const envName = readString(e, 'name', ePath, issues);
    const value = readString(e, 'value', ePath, issues);
    if (envName !== undefined && value !== undefined) env[envName] = value;
    return undefined;
  });
  return {
    name,
    image: readString(item, 'image', path, issues),
    ports,
    env,
    restartPolicy: readString(item, 'restartPolicy', path, issues),
  };
}

/** Reads the parts of a pod spec the engine uses. */
export function parsePodSpec(
  spec: JsonObject | undefined,
  path: string,
  issues: IssueList,
): PodSpecInfo {
  return {
    hostNetwork: readBoolean(spec, 'hostNetwork', path, issues) === true,
    containers: readObjectArray(spec, 'containers', path, issues, (c, p) =>
      parseContainer(c, p, issues),
    ),
    initContainers: readObjectArray(
      spec,
      'initContainers',
      path,
      issues,
      (c, p) => parseContainer(c, p, issues),
    ),
  };
}

function controllerOf(owners: OwnerReference[]): OwnerReference | undefined {
  return owners.find(o => o.controller) ?? owners[0];
}

/** Reads a Pod. */
export function parsePod({ object, meta, ref, issues }: ParseInput): PodInfo {
  const spec = readObject(object, 'spec', '', issues);
  const status = readObject(object, 'status', '', issues);
  let ready = false;
  readObjectArray(status, 'conditions', 'status', issues, (c, p) => {
    const type = readString(c, 'type', p, issues);
    const value = readString(c, 'status', p, issues);
    if (type === 'Ready' && value === 'True') ready = true;
    return undefined;
  });
  return {
    ref,
    name: meta.name,
    namespace: meta.namespace!,
    labels: meta.labels,
    annotations: meta.annotations,
    owner: controllerOf(meta.ownerReferences),
    ready,
    phase: readString(status, 'phase', 'status', issues),
    ...parsePodSpec(spec, 'spec', issues),
  };
}

/** Returns a parser for one controller kind. */
export function controllerParser(
  kind: ControllerKind,
): (input: ParseInput) => ControllerInfo {
  return ({ object, meta, ref, issues }) => {
    const spec = readObject(object, 'spec', '', issues);
    const status = readObject(object, 'status', '', issues);
    // A CronJob's pod template sits one level deeper, under its Job template.
    let templateParent = spec;
    let templatePath = 'spec';
    if (kind === 'CronJob') {
      const jobTemplate = readObject(spec, 'jobTemplate', 'spec', issues);
      templateParent = readObject(
        jobTemplate,
        'spec',
        'spec.jobTemplate',
        issues,
      );
      templatePath = 'spec.jobTemplate.spec';
    }
    const template = readObject(
      templateParent,
      'template',
      templatePath,
      issues,
    );
    const templateMeta = readObject(
      template,
      'metadata',
      `${templatePath}.template`,
      issues,
    );
    let desired: number | undefined;
    if (
      kind === 'Deployment' ||
      kind === 'StatefulSet' ||
      kind === 'ReplicaSet'
    ) {
      desired = readNumber(spec, 'replicas', 'spec', issues) ?? 1;
    } else if (kind === 'DaemonSet') {
      desired = readNumber(status, 'desiredNumberScheduled', 'status', issues);
    } else if (kind === 'Job') {
      desired = readNumber(spec, 'parallelism', 'spec', issues);
    }
    return {
      ref,
      kind,
      name: meta.name,
      namespace: meta.namespace!,
      owner: controllerOf(meta.ownerReferences),
      labels: meta.labels,
      desired,
      templateLabels: template
        ? readStringMap(
            templateMeta,
            'labels',
            `${templatePath}.template.metadata`,
            issues,
          )
        : undefined,
      template: template
        ? parsePodSpec(
            readObject(template, 'spec', `${templatePath}.template`, issues),
            `${templatePath}.template.spec`,
            issues,
          )
        : undefined,
    };
  };
}

function parseServicePort(
  p: JsonObject,
  path: string,
  issues: IssueList,
  unknownModes: UnknownMode[],
): ServicePortInfo | undefined {
  const port = readPort(p, 'port', path, issues);
  if (port === undefined) {
    issues.add(`${path}.port`, 'missing');
    return undefined;
  }
  let targetPort: number | string = port;
  const rawTarget = p.targetPort;
  if (typeof rawTarget === 'string' && rawTarget !== '') {
    // The API accepts numeric strings too; treat them as numbers.
    targetPort = /^\d+$/.test(rawTarget) ? Number(rawTarget) : rawTarget;
  } else if (typeof rawTarget === 'number') {
    targetPort = readPort(p, 'targetPort', path, issues) ?? port;
  } else if (
    rawTarget !== undefined &&
    rawTarget !== null &&
    rawTarget !== ''
  ) {
    issues.add(`${path}.targetPort`, 'expected a number or a port name');
  }
  const protocol = readString(p, 'protocol', path, issues);
  return {
    port,
    name: readString(p, 'name', path, issues),
    targetPort,
    appProtocol: readString(p, 'appProtocol', path, issues),
    protocol:
      readMode(protocol, PROTOCOLS, `${path}.protocol`, unknownModes) ?? 'TCP',
  };
}

/** Reads a Service. */
export function parseService({
  object,
  meta,
  ref,
  issues,
  unknownModes,
}: ParseInput): ServiceInfo {
  const spec = readObject(object, 'spec', '', issues);
  const hasSelector = spec?.selector !== undefined && spec?.selector !== null;
  const selector = readStringMap(spec, 'selector', 'spec', issues);
  return {
    ref,
    name: meta.name,
    namespace: meta.namespace!,
    // An empty selector selects nothing for Services (unlike PeerAuthentication).
    selector:
      hasSelector && Object.keys(selector).length > 0 ? selector : undefined,
    ports: readObjectArray(spec, 'ports', 'spec', issues, (p, path) =>
      parseServicePort(p, path, issues, unknownModes),
    ),
  };
}

/** Reads a ConfigMap's string data. */
export function parseConfigMap({
  object,
  meta,
  ref,
  issues,
}: ParseInput): ConfigMapInfo {
  return {
    ref,
    name: meta.name,
    namespace: meta.namespace!,
    data: readStringMap(object, 'data', '', issues),
  };
}
