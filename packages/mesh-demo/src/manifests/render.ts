import { createHash } from 'node:crypto';
import {
  DemoCluster,
  DemoMeshMode,
  DemoService,
  DemoWorkload,
  ISTIO_VERSION,
} from './spec';

/** A rendered Kubernetes object (plain JSON, as `kubectl get -o yaml` shows it). */
export type KubeObject = Record<string, any>;

/** The rendered objects of one cluster, grouped by the file they are written to. */
export interface RenderedCluster {
  cluster: DemoCluster;
  /** File name (e.g. `frontend.yaml`) to its objects. */
  files: Map<string, KubeObject[]>;
}

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

function digest(seed: string): Buffer {
  return createHash('sha256').update(seed).digest();
}

/** A deterministic RFC 4122 v4-shaped uid, so regenerating gives the same files. */
export function deterministicUid(seed: string): string {
  const hex = digest(seed).toString('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `4${hex.slice(13, 16)}`,
    `${'89ab'[parseInt(hex[16], 16) % 4]}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}

/** A Kubernetes-style random suffix (the alphabet of `utilrand.String`). */
function suffix(seed: string, length: number): string {
  const bytes = digest(seed);
  let out = '';
  for (let i = 0; i < length; i++) {
    out += ALPHANUMS[bytes[i] % ALPHANUMS.length];
  }
  return out;
}

function addSeconds(timestamp: string, seconds: number): string {
  return new Date(Date.parse(timestamp) + seconds * 1000)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
}

function resourceVersion(seed: string): string {
  return String(100000 + (digest(seed).readUInt32BE(0) % 900000));
}

function meta(
  cluster: DemoCluster,
  kind: string,
  name: string,
  namespace: string | undefined,
  created: string,
  extra: KubeObject = {},
): KubeObject {
  const seed = `${cluster.name}/${kind}/${namespace ?? ''}/${name}`;
  return {
    name,
    ...(namespace ? { namespace } : {}),
    uid: deterministicUid(seed),
    resourceVersion: resourceVersion(seed),
    creationTimestamp: created,
    ...extra,
  };
}

/** Allocates pod and Service IPs in a cluster, in render order. */
class IpAllocator {
  private pod = 0;
  private svc = 0;
  constructor(private readonly cluster: DemoCluster) {}
  nextPodIp(nodeIndex: number): string {
    this.pod += 1;
    return `${this.cluster.podCidrPrefix}.${nodeIndex + 1}.${10 + this.pod}`;
  }
  nextServiceIp(): string {
    this.svc += 1;
    return `${this.cluster.serviceCidrPrefix}.${Math.floor(this.svc / 200)}.${
      (this.svc % 200) + 10
    }`;
  }
}

function isSidecar(mode: DemoMeshMode): boolean {
  return mode === 'sidecar' || mode === 'native-sidecar';
}

function envList(env?: Record<string, string>): KubeObject[] | undefined {
  if (!env) return undefined;
  return Object.entries(env).map(([name, value]) => ({ name, value }));
}

function appContainer(w: DemoWorkload): KubeObject {
  const container: KubeObject = {
    name: w.mesh === 'gateway' || w.mesh === 'ztunnel' ? 'istio-proxy' : w.name,
    image: w.image,
    imagePullPolicy: 'IfNotPresent',
    ports: w.ports.map(p => ({
      name: p.name,
      containerPort: p.containerPort,
      protocol: 'TCP',
    })),
    resources: {
      requests: { cpu: '100m', memory: '256Mi' },
      limits: { memory: '1Gi' },
    },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
  if (w.mesh === 'ztunnel') container.name = 'istio-proxy';
  const env = envList(w.env);
  if (env) container.env = env;
  if (w.ports.length === 0) {
    delete container.ports;
    container.command = ['sleep', 'infinity'];
  }
  if (w.kind === 'Job') {
    container.args = ['executor'];
  }
  return container;
}

function canonicalName(w: DemoWorkload): string {
  return (
    w.labels['service.istio.io/canonical-name'] ??
    w.labels['app.kubernetes.io/name'] ??
    w.labels.app ??
    w.name
  );
}

function canonicalRevision(w: DemoWorkload): string {
  return (
    w.labels['service.istio.io/canonical-revision'] ??
    w.labels['app.kubernetes.io/version'] ??
    w.labels.version ??
    'latest'
  );
}

function proxyContainer(
  w: DemoWorkload,
  cluster: DemoCluster,
  native: boolean,
): KubeObject {
  const c: KubeObject = {
    name: 'istio-proxy',
    image: `istio/proxyv2:${ISTIO_VERSION}`,
    imagePullPolicy: 'IfNotPresent',
    args: [
      'proxy',
      'sidecar',
      '--domain',
      '$(POD_NAMESPACE).svc.cluster.local',
      '--proxyLogLevel=warning',
      '--proxyComponentLogLevel=misc:error',
      '--log_output_level=default:info',
    ],
    env: [
      { name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
      { name: 'CA_ADDR', value: 'istiod.istio-system.svc:15012' },
      {
        name: 'POD_NAME',
        valueFrom: {
          fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' },
        },
      },
      {
        name: 'POD_NAMESPACE',
        valueFrom: {
          fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
        },
      },
      { name: 'ISTIO_META_WORKLOAD_NAME', value: w.name },
      {
        name: 'ISTIO_META_OWNER',
        value: `kubernetes://apis/${
          w.kind === 'Job' ? 'batch' : 'apps'
        }/v1/namespaces/${w.namespace}/${w.kind.toLowerCase()}s/${w.name}`,
      },
      { name: 'ISTIO_META_MESH_ID', value: 'acme-mesh' },
      { name: 'TRUST_DOMAIN', value: 'cluster.local' },
      { name: 'ISTIO_META_CLUSTER_ID', value: cluster.istioClusterId },
      { name: 'ISTIO_META_NETWORK', value: cluster.network },
    ],
    ports: [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }],
    readinessProbe: {
      failureThreshold: 4,
      httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' },
      periodSeconds: 15,
      successThreshold: 1,
      timeoutSeconds: 3,
    },
    resources: {
      limits: { cpu: '2', memory: '1Gi' },
      requests: { cpu: '100m', memory: '128Mi' },
    },
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 1337,
      runAsNonRoot: true,
      runAsUser: 1337,
    },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
  if (native) c.restartPolicy = 'Always';
  return c;
}

function istioInitContainer(): KubeObject {
  return {
    name: 'istio-init',
    image: `istio/proxyv2:${ISTIO_VERSION}`,
    imagePullPolicy: 'IfNotPresent',
    args: [
      'istio-iptables',
      '-p',
      '15001',
      '-z',
      '15006',
      '-u',
      '1337',
      '-m',
      'REDIRECT',
      '-i',
      '*',
      '-x',
      '',
      '-b',
      '*',
      '-d',
      '15090,15021,15020',
      '--log_output_level=default:info',
    ],
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: false,
      runAsGroup: 0,
      runAsNonRoot: false,
      runAsUser: 0,
    },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
}

const SIDECAR_VOLUMES = [
  'workload-socket',
  'credential-socket',
  'workload-certs',
  'istio-envoy',
  'istio-data',
  'istio-podinfo',
  'istio-token',
  'istiod-ca-cert',
];

function containerStatus(
  name: string,
  image: string,
  started: string,
  podUid: string,
  index: number,
): KubeObject {
  return {
    containerID: `containerd://${digest(`${podUid}/${name}/${index}`).toString(
      'hex',
    )}`,
    image,
    imageID: `${image.split(':')[0]}@sha256:${digest(image).toString('hex')}`,
    lastState: {},
    name,
    ready: true,
    restartCount: 0,
    started: true,
    state: { running: { startedAt: started } },
  };
}

interface PodContext {
  cluster: DemoCluster;
  workload: DemoWorkload;
  name: string;
  ownerKind: string;
  ownerName: string;
  ownerUid: string;
  ownerApiVersion: string;
  extraLabels: Record<string, string>;
  ordinal: number;
  ips: IpAllocator;
  nodeIndex: number;
}

/**
 * Whether Istio's injector points a sidecar pod's Prometheus annotations at
 * the agent (metrics merging: `enablePrometheusMerge: true` in the demo's
 * mesh config): not
 * when the pod opts out with `prometheus.istio.io/merge-metrics: "false"` or
 * asks not to be scraped.
 */
function metricsMerged(annotations: Record<string, string>): boolean {
  return (
    annotations['prometheus.istio.io/merge-metrics'] !== 'false' &&
    annotations['prometheus.io/scrape'] !== 'false'
  );
}

function renderPod(ctx: PodContext): KubeObject {
  const { cluster, workload: w } = ctx;
  const created = addSeconds(w.podsStarted ?? w.created, 4 + ctx.ordinal);
  const started = addSeconds(created, 6);
  const labels: Record<string, string> = {
    ...w.labels,
    ...w.selector,
    ...ctx.extraLabels,
  };
  const annotations: Record<string, string> = { ...(w.podAnnotations ?? {}) };
  const containers: KubeObject[] = [appContainer(w)];
  const initContainers: KubeObject[] = [];
  if (isSidecar(w.mesh)) {
    const native = w.mesh === 'native-sidecar';
    labels['security.istio.io/tlsMode'] = 'istio';
    labels['service.istio.io/canonical-name'] = canonicalName(w);
    labels['service.istio.io/canonical-revision'] = canonicalRevision(w);
    annotations['istio.io/rev'] = 'default';
    annotations['kubectl.kubernetes.io/default-container'] = w.name;
    annotations['kubectl.kubernetes.io/default-logs-container'] = w.name;
    if (metricsMerged(annotations)) {
      annotations['prometheus.io/path'] = '/stats/prometheus';
      annotations['prometheus.io/port'] = '15020';
      annotations['prometheus.io/scrape'] = 'true';
    }
    annotations['sidecar.istio.io/status'] = JSON.stringify({
      initContainers: native ? ['istio-init', 'istio-proxy'] : ['istio-init'],
      containers: native ? [] : ['istio-proxy'],
      volumes: SIDECAR_VOLUMES,
      imagePullSecrets: null,
      revision: 'default',
    });
    initContainers.push(istioInitContainer());
    if (native) initContainers.push(proxyContainer(w, cluster, true));
    else containers.push(proxyContainer(w, cluster, false));
  }
  if (w.mesh === 'ambient') {
    annotations['ambient.istio.io/redirection'] = 'enabled';
  }
  if (w.mesh === 'gateway') {
    annotations['prometheus.io/path'] = '/stats/prometheus';
    annotations['prometheus.io/port'] = '15020';
    annotations['prometheus.io/scrape'] = 'true';
    annotations['inject.istio.io/templates'] = 'gateway';
  }
  if (w.mesh === 'ztunnel') {
    annotations['prometheus.io/port'] = '15020';
    annotations['prometheus.io/scrape'] = 'true';
    annotations['sidecar.istio.io/inject'] = 'false';
  }
  const podUid = deterministicUid(
    `${cluster.name}/Pod/${w.namespace}/${ctx.name}`,
  );
  const podIp = ctx.ips.nextPodIp(ctx.nodeIndex);
  const node = cluster.nodes[ctx.nodeIndex];
  const hostIp = `10.0.${cluster.name === 'platform' ? 1 : 2}.${
    ctx.nodeIndex + 21
  }`;
  const readyTime = addSeconds(started, 3);
  const spec: KubeObject = {
    containers,
    ...(initContainers.length ? { initContainers } : {}),
    dnsPolicy: 'ClusterFirst',
    enableServiceLinks: true,
    nodeName: node,
    preemptionPolicy: 'PreemptLowerPriority',
    priority: 0,
    restartPolicy: w.kind === 'Job' ? 'Never' : 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    serviceAccount: w.serviceAccount,
    serviceAccountName: w.serviceAccount,
    terminationGracePeriodSeconds: 30,
  };
  if (w.kind === 'StatefulSet') {
    spec.hostname = ctx.name;
    spec.subdomain = w.name;
  }
  const status: KubeObject = {
    conditions: [
      'PodReadyToStartContainers',
      'Initialized',
      'Ready',
      'ContainersReady',
      'PodScheduled',
    ].map(type => ({
      lastProbeTime: null,
      lastTransitionTime:
        type === 'PodScheduled' || type === 'Initialized' ? created : readyTime,
      status: 'True',
      type,
    })),
    containerStatuses: containers.map((c, i) =>
      containerStatus(c.name, c.image, started, podUid, i),
    ),
    hostIP: hostIp,
    hostIPs: [{ ip: hostIp }],
    phase: 'Running',
    podIP: podIp,
    podIPs: [{ ip: podIp }],
    qosClass: 'Burstable',
    startTime: created,
  };
  if (initContainers.length) {
    status.initContainerStatuses = initContainers.map((c, i) => {
      const s = containerStatus(c.name, c.image, created, podUid, 100 + i);
      if (c.restartPolicy === 'Always') return s;
      return {
        ...s,
        ready: true,
        started: false,
        state: {
          terminated: {
            containerID: s.containerID,
            exitCode: 0,
            finishedAt: addSeconds(created, 2),
            reason: 'Completed',
            startedAt: addSeconds(created, 1),
          },
        },
      };
    });
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...meta(cluster, 'Pod', ctx.name, w.namespace, created),
      ...(w.kind === 'DaemonSet' || w.kind === 'Job' || w.kind === 'Deployment'
        ? { generateName: `${ctx.name.slice(0, ctx.name.lastIndexOf('-'))}-` }
        : {}),
      labels,
      ...(Object.keys(annotations).length ? { annotations } : {}),
      ownerReferences: [
        {
          apiVersion: ctx.ownerApiVersion,
          blockOwnerDeletion: true,
          controller: true,
          kind: ctx.ownerKind,
          name: ctx.ownerName,
          uid: ctx.ownerUid,
        },
      ],
    },
    spec,
    status,
  };
}

function podTemplate(w: DemoWorkload, extraLabels: Record<string, string>) {
  return {
    metadata: {
      labels: { ...w.labels, ...w.selector, ...extraLabels },
      ...(w.podAnnotations ? { annotations: w.podAnnotations } : {}),
    },
    spec: {
      containers: [appContainer(w)],
      dnsPolicy: 'ClusterFirst',
      restartPolicy: w.kind === 'Job' ? 'Never' : 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccountName: w.serviceAccount,
      terminationGracePeriodSeconds: 30,
    },
  };
}

function controllerLabels(w: DemoWorkload): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const key of [
    'app',
    'version',
    'app.kubernetes.io/name',
    'backstage.io/kubernetes-id',
    'istio.io/rev',
    'operator.istio.io/component',
  ]) {
    if (w.labels[key]) labels[key] = w.labels[key];
  }
  if (!labels.app && w.selector.app) labels.app = w.selector.app;
  return labels;
}

function renderWorkload(
  cluster: DemoCluster,
  w: DemoWorkload,
  ips: IpAllocator,
  nodeOffset: number,
): KubeObject[] {
  const out: KubeObject[] = [];
  const ready = {
    replicas: w.replicas,
    readyReplicas: w.replicas,
    availableReplicas: w.replicas,
    updatedReplicas: w.replicas,
    observedGeneration: 1,
  };
  const nodeFor = (i: number) => (nodeOffset + i) % cluster.nodes.length;
  if (w.kind === 'Deployment') {
    const hash = suffix(`${cluster.name}/${w.namespace}/${w.name}/rs`, 10);
    const deployment: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(cluster, 'Deployment', w.name, w.namespace, w.created, {
        generation: 1,
        labels: controllerLabels(w),
        annotations: { 'deployment.kubernetes.io/revision': '1' },
      }),
      spec: {
        progressDeadlineSeconds: 600,
        replicas: w.replicas,
        revisionHistoryLimit: 10,
        selector: { matchLabels: w.selector },
        strategy: {
          rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
          type: 'RollingUpdate',
        },
        template: podTemplate(w, {}),
      },
      status: {
        ...ready,
        conditions: [
          {
            lastTransitionTime: addSeconds(w.created, 20),
            lastUpdateTime: addSeconds(w.created, 20),
            message: 'Deployment has minimum availability.',
            reason: 'MinimumReplicasAvailable',
            status: 'True',
            type: 'Available',
          },
          {
            lastTransitionTime: w.created,
            lastUpdateTime: addSeconds(w.created, 20),
            message: `ReplicaSet "${w.name}-${hash}" has successfully progressed.`,
            reason: 'NewReplicaSetAvailable',
            status: 'True',
            type: 'Progressing',
          },
        ],
      },
    };
    out.push(deployment);
    const rsName = `${w.name}-${hash}`;
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: meta(cluster, 'ReplicaSet', rsName, w.namespace, w.created, {
        generation: 1,
        labels: { ...controllerLabels(w), 'pod-template-hash': hash },
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(w.replicas),
          'deployment.kubernetes.io/max-replicas': String(
            w.replicas + Math.ceil(w.replicas / 4),
          ),
          'deployment.kubernetes.io/revision': '1',
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            blockOwnerDeletion: true,
            controller: true,
            kind: 'Deployment',
            name: w.name,
            uid: deployment.metadata.uid,
          },
        ],
      }),
      spec: {
        replicas: w.replicas,
        selector: { matchLabels: { ...w.selector, 'pod-template-hash': hash } },
        template: podTemplate(w, { 'pod-template-hash': hash }),
      },
      status: {
        availableReplicas: w.replicas,
        fullyLabeledReplicas: w.replicas,
        observedGeneration: 1,
        readyReplicas: w.replicas,
        replicas: w.replicas,
      },
    };
    out.push(rs);
    for (let i = 0; i < w.replicas; i++) {
      const uninjected = i < (w.uninjectedPods?.count ?? 0);
      out.push(
        renderPod({
          cluster,
          workload: uninjected
            ? { ...w, mesh: 'none', podsStarted: w.uninjectedPods!.started }
            : w,
          name: `${rsName}-${suffix(`${rsName}/${i}`, 5)}`,
          ownerKind: 'ReplicaSet',
          ownerName: rsName,
          ownerUid: rs.metadata.uid,
          ownerApiVersion: 'apps/v1',
          extraLabels: { 'pod-template-hash': hash },
          ordinal: i,
          ips,
          nodeIndex: nodeFor(i),
        }),
      );
    }
  } else if (w.kind === 'StatefulSet' || w.kind === 'DaemonSet') {
    const revision = `${w.name}-${suffix(`${cluster.name}/${w.name}/cr`, 10)}`;
    const controller: KubeObject = {
      apiVersion: 'apps/v1',
      kind: w.kind,
      metadata: meta(cluster, w.kind, w.name, w.namespace, w.created, {
        generation: 1,
        labels: controllerLabels(w),
      }),
      spec:
        w.kind === 'StatefulSet'
          ? {
              persistentVolumeClaimRetentionPolicy: {
                whenDeleted: 'Retain',
                whenScaled: 'Retain',
              },
              podManagementPolicy: 'Parallel',
              replicas: w.replicas,
              revisionHistoryLimit: 10,
              selector: { matchLabels: w.selector },
              serviceName: w.name,
              template: podTemplate(w, {}),
              updateStrategy: {
                rollingUpdate: { partition: 0 },
                type: 'RollingUpdate',
              },
            }
          : {
              revisionHistoryLimit: 10,
              selector: { matchLabels: w.selector },
              template: podTemplate(w, {}),
              updateStrategy: {
                rollingUpdate: { maxSurge: 0, maxUnavailable: 1 },
                type: 'RollingUpdate',
              },
            },
      status:
        w.kind === 'StatefulSet'
          ? {
              ...ready,
              currentReplicas: w.replicas,
              currentRevision: revision,
              updateRevision: revision,
              collisionCount: 0,
            }
          : {
              currentNumberScheduled: w.replicas,
              desiredNumberScheduled: w.replicas,
              numberAvailable: w.replicas,
              numberMisscheduled: 0,
              numberReady: w.replicas,
              observedGeneration: 1,
              updatedNumberScheduled: w.replicas,
            },
    };
    out.push(controller);
    for (let i = 0; i < w.replicas; i++) {
      const name =
        w.kind === 'StatefulSet'
          ? `${w.name}-${i}`
          : `${w.name}-${suffix(`${w.name}/${i}`, 5)}`;
      const extra: Record<string, string> = {
        'controller-revision-hash': revision,
      };
      if (w.kind === 'StatefulSet') {
        extra['statefulset.kubernetes.io/pod-name'] = name;
        extra['apps.kubernetes.io/pod-index'] = String(i);
      } else {
        extra['pod-template-generation'] = '1';
      }
      out.push(
        renderPod({
          cluster,
          workload: w,
          name,
          ownerKind: w.kind,
          ownerName: w.name,
          ownerUid: controller.metadata.uid,
          ownerApiVersion: 'apps/v1',
          extraLabels: extra,
          ordinal: i,
          ips,
          nodeIndex: w.kind === 'DaemonSet' ? i : nodeFor(i),
        }),
      );
    }
  } else {
    const uid = deterministicUid(
      `${cluster.name}/Job/${w.namespace}/${w.name}`,
    );
    const jobLabels = {
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': w.name,
      'controller-uid': uid,
      'job-name': w.name,
    };
    const job: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta(cluster, 'Job', w.name, w.namespace, w.created, {
        generation: 1,
        labels: controllerLabels(w),
      }),
      spec: {
        backoffLimit: 6,
        completionMode: 'NonIndexed',
        completions: w.replicas,
        manualSelector: false,
        parallelism: w.replicas,
        podReplacementPolicy: 'TerminatingOrFailed',
        selector: {
          matchLabels: { 'batch.kubernetes.io/controller-uid': uid },
        },
        suspend: false,
        template: podTemplate(w, jobLabels),
      },
      status: {
        active: w.replicas,
        ready: w.replicas,
        startTime: w.created,
        terminating: 0,
        uncountedTerminatedPods: {},
      },
    };
    out.push(job);
    for (let i = 0; i < w.replicas; i++) {
      out.push(
        renderPod({
          cluster,
          workload: w,
          name: `${w.name}-${suffix(`${w.name}/job/${i}`, 5)}`,
          ownerKind: 'Job',
          ownerName: w.name,
          ownerUid: uid,
          ownerApiVersion: 'batch/v1',
          extraLabels: jobLabels,
          ordinal: i,
          ips,
          nodeIndex: nodeFor(i),
        }),
      );
    }
  }
  return out;
}

function renderService(
  cluster: DemoCluster,
  s: DemoService,
  ips: IpAllocator,
): KubeObject {
  const clusterIp = s.headless ? 'None' : ips.nextServiceIp();
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(cluster, 'Service', s.name, s.namespace, s.created, {
      ...(s.labels ? { labels: s.labels } : {}),
      ...(s.annotations ? { annotations: s.annotations } : {}),
    }),
    spec: {
      clusterIP: clusterIp,
      clusterIPs: [clusterIp],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: s.ports.map(p => ({
        ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
        name: p.name,
        port: p.port,
        protocol: 'TCP',
        targetPort: p.targetPort,
      })),
      ...(s.selector ? { selector: s.selector } : {}),
      sessionAffinity: 'None',
      type: s.type ?? 'ClusterIP',
    },
    status: {
      loadBalancer:
        s.type === 'LoadBalancer'
          ? {
              ingress: [
                { ip: `192.0.2.${cluster.name === 'platform' ? 10 : 20}` },
              ],
            }
          : {},
    },
  };
}

function fileFor(namespace: string | undefined): string {
  return namespace ? `${namespace}.yaml` : '00-cluster.yaml';
}

/**
 * Renders one demo cluster to Kubernetes objects, grouped per namespace file.
 * Deterministic: the same spec always gives byte-identical output.
 */
export function renderCluster(
  cluster: DemoCluster,
  rootCertPem: string,
): RenderedCluster {
  const files = new Map<string, KubeObject[]>();
  const add = (obj: KubeObject) => {
    const file = fileFor(obj.metadata?.namespace);
    if (!files.has(file)) files.set(file, []);
    files.get(file)!.push(obj);
  };
  const ips = new IpAllocator(cluster);
  for (const ns of cluster.namespaces) {
    add({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: meta(cluster, 'Namespace', ns.name, undefined, ns.created, {
        labels: { 'kubernetes.io/metadata.name': ns.name, ...ns.labels },
      }),
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }
  for (const ns of cluster.namespaces) {
    if (ns.name === 'kube-system') continue;
    // istiod publishes the mesh root certificate into every namespace
    add({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(
        cluster,
        'ConfigMap',
        'istio-ca-root-cert',
        ns.name,
        addSeconds(ns.created, 120),
        {
          labels: { 'istio.io/config': 'true' },
        },
      ),
      data: { 'root-cert.pem': rootCertPem },
    });
  }
  cluster.workloads.forEach((w, index) => {
    for (const obj of renderWorkload(cluster, w, ips, index)) add(obj);
  });
  for (const s of cluster.services) add(renderService(cluster, s, ips));
  for (const extra of cluster.extraObjects) {
    const m = extra.metadata as KubeObject;
    add({
      ...extra,
      metadata: {
        ...meta(
          cluster,
          String(extra.kind),
          m.name,
          m.namespace,
          m.creationTimestamp,
        ),
        ...m,
      },
    });
  }
  return { cluster, files };
}
