import { KubeObject } from './normalize';
import { ResourceDefinition } from './resources';

/** A client's request for `meta.k8s.io` `Table` output. */
export interface TableRequest {
  /** `v1` or `v1beta1` of `meta.k8s.io`. */
  version: string;
  /** `includeObject`: `None`, `Object`, or the default `Metadata`. */
  includeObject: string;
}

interface Column {
  name: string;
  type: 'string' | 'integer' | 'date';
  format?: string;
  description: string;
  /** 0: always shown; 1: shown with `-o wide`. */
  priority: number;
  cell: (object: KubeObject, now: number) => string | number;
}

type AnyRecord = Record<string, any>;

/**
 * A duration the way kubectl and the API server print ages
 * (k8s.io/apimachinery `duration.HumanDuration`).
 */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0
      ? `${Math.floor(hours / 24)}d`
      : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const years = Math.floor(hours / 24 / 365);
  if (hours < 24 * 365 * 8) {
    const d = Math.floor(hours / 24) % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

const orNone = (value: unknown): string =>
  value === undefined || value === null || value === ''
    ? '<none>'
    : String(value);

const nameColumn: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  priority: 0,
  cell: o => o.metadata.name,
};

const ageColumn: Column = {
  name: 'Age',
  type: 'string',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created.',
  priority: 0,
  cell: (o, now) =>
    o.metadata.creationTimestamp
      ? humanDuration(now - Date.parse(o.metadata.creationTimestamp))
      : '<unknown>',
};

const text = (
  name: string,
  description: string,
  cell: (o: AnyRecord) => unknown,
  priority = 0,
): Column => ({
  name,
  type: 'string',
  description,
  priority,
  cell: o => orNone(cell(o)),
});

const integer = (
  name: string,
  description: string,
  cell: (o: AnyRecord) => number | undefined,
): Column => ({
  name,
  type: 'integer',
  description,
  priority: 0,
  cell: o => cell(o) ?? 0,
});

/** The pod status kubectl shows: a waiting/terminated reason, or the phase. */
function podStatus(pod: AnyRecord): string {
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  let reason: string = pod.status?.reason ?? pod.status?.phase ?? 'Unknown';
  for (const container of pod.status?.containerStatuses ?? []) {
    const state = container?.state ?? {};
    if (state.waiting?.reason) reason = state.waiting.reason;
    else if (state.terminated?.reason) reason = state.terminated.reason;
  }
  return reason;
}

function podReady(pod: AnyRecord): string {
  const total = (pod.spec?.containers ?? []).length;
  const ready = (pod.status?.containerStatuses ?? []).filter(
    (c: AnyRecord) => c?.ready,
  ).length;
  return `${ready}/${total}`;
}

const joined = (values: unknown): string | undefined =>
  Array.isArray(values) && values.length > 0 ? values.join(',') : undefined;

function servicePorts(svc: AnyRecord): string | undefined {
  return joined(
    (svc.spec?.ports ?? []).map(
      (p: AnyRecord) =>
        `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`,
    ),
  );
}

/** Kind-specific columns between Name and Age, after the real server's. */
const KIND_COLUMNS: Record<string, Column[]> = {
  Pod: [
    text(
      'Ready',
      'The aggregate readiness state of this pod for accepting traffic.',
      podReady,
    ),
    text(
      'Status',
      'The aggregate status of the containers in this pod.',
      podStatus,
    ),
    integer(
      'Restarts',
      'The number of times the containers in this pod have been restarted.',
      p =>
        (p.status?.containerStatuses ?? []).reduce(
          (sum: number, c: AnyRecord) => sum + (Number(c?.restartCount) || 0),
          0,
        ),
    ),
  ],
  Namespace: [
    text('Status', 'The status of the namespace', n => n.status?.phase),
  ],
  Node: [
    text('Status', 'The status of the node', n =>
      (n.status?.conditions ?? []).some(
        (c: AnyRecord) => c?.type === 'Ready' && c?.status === 'True',
      )
        ? 'Ready'
        : 'NotReady',
    ),
  ],
  Service: [
    text('Type', 'The type of the service.', s => s.spec?.type ?? 'ClusterIP'),
    text(
      'Cluster-IP',
      'The cluster IP of the service.',
      s => s.spec?.clusterIP,
    ),
    text(
      'External-IP',
      'The external IP of the service.',
      s =>
        joined(s.spec?.externalIPs) ??
        joined(
          (s.status?.loadBalancer?.ingress ?? []).map(
            (i: AnyRecord) => i.ip ?? i.hostname,
          ),
        ),
    ),
    text('Port(s)', 'The ports of the service.', servicePorts),
  ],
  ConfigMap: [
    integer(
      'Data',
      'The number of entries in the ConfigMap.',
      c =>
        Object.keys(c.data ?? {}).length +
        Object.keys(c.binaryData ?? {}).length,
    ),
  ],
  Deployment: [
    text(
      'Ready',
      'Number of ready replicas out of the desired ones.',
      d => `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
    ),
    integer(
      'Up-to-date',
      'Total number of updated replicas.',
      d => d.status?.updatedReplicas,
    ),
    integer(
      'Available',
      'Total number of available replicas.',
      d => d.status?.availableReplicas,
    ),
  ],
  ReplicaSet: [
    integer(
      'Desired',
      'Number of desired replicas.',
      r => r.spec?.replicas ?? 1,
    ),
    integer('Current', 'Number of actual replicas.', r => r.status?.replicas),
    integer('Ready', 'Number of ready replicas.', r => r.status?.readyReplicas),
  ],
  StatefulSet: [
    text(
      'Ready',
      'Number of ready replicas out of the desired ones.',
      s => `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 1}`,
    ),
  ],
  DaemonSet: [
    integer(
      'Desired',
      'Number of nodes that should run the daemon pod.',
      d => d.status?.desiredNumberScheduled,
    ),
    integer(
      'Current',
      'Number of nodes running the daemon pod.',
      d => d.status?.currentNumberScheduled,
    ),
    integer(
      'Ready',
      'Number of nodes with a ready daemon pod.',
      d => d.status?.numberReady,
    ),
  ],
  Job: [
    text(
      'Completions',
      'Succeeded pods out of the desired completions.',
      j => `${j.status?.succeeded ?? 0}/${j.spec?.completions ?? 1}`,
    ),
  ],
  CronJob: [
    text('Schedule', 'The schedule.', c => c.spec?.schedule),
    text('Suspend', 'Whether the cron job is suspended.', c =>
      c.spec?.suspend ? 'True' : 'False',
    ),
  ],
  PeerAuthentication: [
    text('Mode', 'Workload mTLS mode.', p => p.spec?.mtls?.mode),
  ],
  DestinationRule: [
    text(
      'Host',
      'The name of a service from the service registry.',
      d => d.spec?.host,
    ),
  ],
  VirtualService: [
    text(
      'Gateways',
      'The names of gateways and sidecars that should apply these routes.',
      v => joined(v.spec?.gateways),
    ),
    text('Hosts', 'The destination hosts to which traffic is being sent.', v =>
      joined(v.spec?.hosts),
    ),
  ],
  ServiceEntry: [
    text('Hosts', 'The hosts associated with the ServiceEntry.', s =>
      joined(s.spec?.hosts),
    ),
    text(
      'Location',
      'Whether the service is external to the mesh or part of the mesh.',
      s => s.spec?.location,
    ),
    text(
      'Resolution',
      'Service resolution mode for the hosts.',
      s => s.spec?.resolution,
    ),
  ],
  AuthorizationPolicy: [
    text('Action', 'The operation to take.', a => a.spec?.action ?? 'ALLOW'),
  ],
};

/** Columns after Age, shown with `-o wide`. */
const WIDE_COLUMNS: Record<string, Column[]> = {
  Pod: [
    text('IP', 'IP address allocated to the pod.', p => p.status?.podIP, 1),
    text(
      'Node',
      'Name of the node the pod is assigned to.',
      p => p.spec?.nodeName,
      1,
    ),
  ],
};

function columnsOf(def: ResourceDefinition): Column[] {
  return [
    nameColumn,
    ...(KIND_COLUMNS[def.kind] ?? []),
    ageColumn,
    ...(WIDE_COLUMNS[def.kind] ?? []),
  ];
}

/**
 * Parses the `Accept` header: a `Table` request when the client's first
 * acceptable media type is `application/json;as=Table;g=meta.k8s.io;v=v1`
 * (or `v1beta1`), as kubectl sends it; undefined for a plain answer.
 */
export function parseTableAccept(
  accept: string | undefined,
  includeObject: string | null,
): TableRequest | undefined {
  if (!accept) return undefined;
  for (const range of accept.split(',')) {
    const [mediaType, ...params] = range.split(';').map(p => p.trim());
    const type = mediaType.toLowerCase();
    if (
      type !== 'application/json' &&
      type !== '*/*' &&
      type !== 'application/*'
    ) {
      continue;
    }
    const values = new Map(
      params.map(p => {
        const eq = p.indexOf('=');
        return [p.slice(0, eq).trim(), p.slice(eq + 1).trim()] as const;
      }),
    );
    const as = values.get('as');
    if (as === undefined) return undefined;
    const version = values.get('v');
    if (
      as === 'Table' &&
      values.get('g') === 'meta.k8s.io' &&
      (version === 'v1' || version === 'v1beta1')
    ) {
      return { version, includeObject: includeObject ?? 'Metadata' };
    }
    // Another `as=` (PartialObjectMetadata...): try the next range.
  }
  return undefined;
}

/**
 * A `meta.k8s.io` `Table` for some objects of one kind: Name, the kind's own
 * columns, Age, then wide-only columns, with each row's object as
 * `PartialObjectMetadata` (default), the whole object or nothing.
 */
export function tableOf(
  def: ResourceDefinition,
  objects: readonly KubeObject[],
  request: TableRequest,
  metadata: Record<string, unknown>,
  now = Date.now(),
): Record<string, unknown> {
  const columns = columnsOf(def);
  const metaApiVersion = `meta.k8s.io/${request.version}`;
  return {
    kind: 'Table',
    apiVersion: metaApiVersion,
    metadata,
    columnDefinitions: columns.map(c => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description,
      priority: c.priority,
    })),
    rows: objects.map(object => {
      const row: Record<string, unknown> = {
        cells: columns.map(c => c.cell(object, now)),
      };
      if (request.includeObject === 'Object') {
        row.object = object;
      } else if (request.includeObject !== 'None') {
        row.object = {
          kind: 'PartialObjectMetadata',
          apiVersion: metaApiVersion,
          metadata: object.metadata,
        };
      }
      return row;
    }),
  };
}
