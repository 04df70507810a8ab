/**
 * One kind of object the simulator serves, described the way an API server's
 * discovery documents describe it.
 *
 * @public
 */
export interface ResourceDefinition {
  /** API group; `''` for the legacy core group served under `/api`. */
  group: string;
  /** Versions served, preferred version first. Objects are served at any of them. */
  versions: string[];
  /** Plural resource name used in URLs, e.g. `pods`. */
  resource: string;
  /** Singular name, e.g. `pod`. */
  singularName: string;
  /** Object kind, e.g. `Pod`. */
  kind: string;
  /** Whether objects live in a namespace. */
  namespaced: boolean;
  /** Short names kubectl accepts, e.g. `po`. */
  shortNames?: string[];
  /** Categories such as `all`, used by `kubectl get all`. */
  categories?: string[];
  /**
   * Field selector paths the real API server supports for this kind beyond
   * `metadata.name` and `metadata.namespace`.
   */
  extraFieldSelectors?: string[];
  /**
   * Whether the kind comes from a CustomResourceDefinition. The API server
   * serves CRD list items with `kind`/`apiVersion`, built-in ones without.
   */
  custom?: boolean;
}

/**
 * The verbs the simulator's API answers. Writes go through the control API,
 * not the Kubernetes API, so discovery says exactly that instead of copying a
 * real server's list.
 */
export const SERVED_VERBS: readonly string[] = ['get', 'list', 'watch'];

const ISTIO_NETWORKING_VERSIONS = ['v1', 'v1beta1', 'v1alpha3'];
const ISTIO_SECURITY_VERSIONS = ['v1', 'v1beta1'];

/**
 * Every resource the simulator serves: what the mesh plugins read, plus the
 * kinds the Backstage Kubernetes plugin lists by default, so that plugin can
 * point at the simulator too.
 *
 * @public
 */
export const RESOURCE_DEFINITIONS: readonly ResourceDefinition[] = [
  // core/v1
  {
    group: '',
    versions: ['v1'],
    resource: 'namespaces',
    singularName: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    extraFieldSelectors: ['status.phase'],
  },
  {
    group: '',
    versions: ['v1'],
    resource: 'nodes',
    singularName: 'node',
    kind: 'Node',
    namespaced: false,
    shortNames: ['no'],
    extraFieldSelectors: ['spec.unschedulable'],
  },
  {
    group: '',
    versions: ['v1'],
    resource: 'pods',
    singularName: 'pod',
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    extraFieldSelectors: [
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'spec.hostNetwork',
      'status.phase',
      'status.podIP',
      'status.nominatedNodeName',
    ],
  },
  {
    group: '',
    versions: ['v1'],
    resource: 'services',
    singularName: 'service',
    kind: 'Service',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
  },
  {
    group: '',
    versions: ['v1'],
    resource: 'endpoints',
    singularName: 'endpoints',
    kind: 'Endpoints',
    namespaced: true,
    shortNames: ['ep'],
  },
  {
    group: '',
    versions: ['v1'],
    resource: 'configmaps',
    singularName: 'configmap',
    kind: 'ConfigMap',
    namespaced: true,
    shortNames: ['cm'],
  },
  {
    group: '',
    versions: ['v1'],
    resource: 'serviceaccounts',
    singularName: 'serviceaccount',
    kind: 'ServiceAccount',
    namespaced: true,
    shortNames: ['sa'],
  },
  {
    group: '',
    versions: ['v1'],
    resource: 'limitranges',
    singularName: 'limitrange',
    kind: 'LimitRange',
    namespaced: true,
    shortNames: ['limits'],
  },
  {
    group: '',
    versions: ['v1'],
    resource: 'resourcequotas',
    singularName: 'resourcequota',
    kind: 'ResourceQuota',
    namespaced: true,
    shortNames: ['quota'],
  },
  // apps/v1
  {
    group: 'apps',
    versions: ['v1'],
    resource: 'deployments',
    singularName: 'deployment',
    kind: 'Deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
  },
  {
    group: 'apps',
    versions: ['v1'],
    resource: 'replicasets',
    singularName: 'replicaset',
    kind: 'ReplicaSet',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
  },
  {
    group: 'apps',
    versions: ['v1'],
    resource: 'statefulsets',
    singularName: 'statefulset',
    kind: 'StatefulSet',
    namespaced: true,
    shortNames: ['sts'],
    categories: ['all'],
  },
  {
    group: 'apps',
    versions: ['v1'],
    resource: 'daemonsets',
    singularName: 'daemonset',
    kind: 'DaemonSet',
    namespaced: true,
    shortNames: ['ds'],
    categories: ['all'],
  },
  // batch/v1
  {
    group: 'batch',
    versions: ['v1'],
    resource: 'jobs',
    singularName: 'job',
    kind: 'Job',
    namespaced: true,
    categories: ['all'],
    extraFieldSelectors: ['status.successful'],
  },
  {
    group: 'batch',
    versions: ['v1'],
    resource: 'cronjobs',
    singularName: 'cronjob',
    kind: 'CronJob',
    namespaced: true,
    shortNames: ['cj'],
    categories: ['all'],
  },
  // autoscaling/v2
  {
    group: 'autoscaling',
    versions: ['v2'],
    resource: 'horizontalpodautoscalers',
    singularName: 'horizontalpodautoscaler',
    kind: 'HorizontalPodAutoscaler',
    namespaced: true,
    shortNames: ['hpa'],
    categories: ['all'],
  },
  // discovery.k8s.io/v1
  {
    group: 'discovery.k8s.io',
    versions: ['v1'],
    resource: 'endpointslices',
    singularName: 'endpointslice',
    kind: 'EndpointSlice',
    namespaced: true,
  },
  // networking.k8s.io/v1
  {
    group: 'networking.k8s.io',
    versions: ['v1'],
    resource: 'ingresses',
    singularName: 'ingress',
    kind: 'Ingress',
    namespaced: true,
    shortNames: ['ing'],
  },
  // admissionregistration.k8s.io/v1
  {
    group: 'admissionregistration.k8s.io',
    versions: ['v1'],
    resource: 'mutatingwebhookconfigurations',
    singularName: 'mutatingwebhookconfiguration',
    kind: 'MutatingWebhookConfiguration',
    namespaced: false,
    categories: ['api-extensions'],
  },
  {
    group: 'admissionregistration.k8s.io',
    versions: ['v1'],
    resource: 'validatingwebhookconfigurations',
    singularName: 'validatingwebhookconfiguration',
    kind: 'ValidatingWebhookConfiguration',
    namespaced: false,
    categories: ['api-extensions'],
  },
  // security.istio.io
  {
    group: 'security.istio.io',
    versions: ISTIO_SECURITY_VERSIONS,
    resource: 'peerauthentications',
    singularName: 'peerauthentication',
    kind: 'PeerAuthentication',
    namespaced: true,
    shortNames: ['pa'],
    categories: ['istio-io', 'security-istio-io'],
    custom: true,
  },
  {
    group: 'security.istio.io',
    versions: ISTIO_SECURITY_VERSIONS,
    resource: 'authorizationpolicies',
    singularName: 'authorizationpolicy',
    kind: 'AuthorizationPolicy',
    namespaced: true,
    shortNames: ['ap'],
    categories: ['istio-io', 'security-istio-io'],
    custom: true,
  },
  {
    group: 'security.istio.io',
    versions: ISTIO_SECURITY_VERSIONS,
    resource: 'requestauthentications',
    singularName: 'requestauthentication',
    kind: 'RequestAuthentication',
    namespaced: true,
    shortNames: ['ra'],
    categories: ['istio-io', 'security-istio-io'],
    custom: true,
  },
  // networking.istio.io
  {
    group: 'networking.istio.io',
    versions: ISTIO_NETWORKING_VERSIONS,
    resource: 'destinationrules',
    singularName: 'destinationrule',
    kind: 'DestinationRule',
    namespaced: true,
    shortNames: ['dr'],
    categories: ['istio-io', 'networking-istio-io'],
    custom: true,
  },
  {
    group: 'networking.istio.io',
    versions: ISTIO_NETWORKING_VERSIONS,
    resource: 'virtualservices',
    singularName: 'virtualservice',
    kind: 'VirtualService',
    namespaced: true,
    shortNames: ['vs'],
    categories: ['istio-io', 'networking-istio-io'],
    custom: true,
  },
  {
    group: 'networking.istio.io',
    versions: ISTIO_NETWORKING_VERSIONS,
    resource: 'gateways',
    singularName: 'gateway',
    kind: 'Gateway',
    namespaced: true,
    shortNames: ['gw'],
    categories: ['istio-io', 'networking-istio-io'],
    custom: true,
  },
  {
    group: 'networking.istio.io',
    versions: ISTIO_NETWORKING_VERSIONS,
    resource: 'serviceentries',
    singularName: 'serviceentry',
    kind: 'ServiceEntry',
    namespaced: true,
    shortNames: ['se'],
    categories: ['istio-io', 'networking-istio-io'],
    custom: true,
  },
  {
    group: 'networking.istio.io',
    versions: ISTIO_NETWORKING_VERSIONS,
    resource: 'sidecars',
    singularName: 'sidecar',
    kind: 'Sidecar',
    namespaced: true,
    categories: ['istio-io', 'networking-istio-io'],
    custom: true,
  },
];

/** Identity of a resource independent of version: `<group>/<resource>`. */
export function resourceKey(def: { group: string; resource: string }): string {
  return `${def.group}/${def.resource}`;
}

/** `apiVersion` string for a group and version (`v1` for core, `apps/v1` otherwise). */
export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** Splits an `apiVersion` string into group and version. */
export function parseApiVersion(apiVersion: string): {
  group: string;
  version: string;
} {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : {
        group: apiVersion.slice(0, slash),
        version: apiVersion.slice(slash + 1),
      };
}

/**
 * Lookup tables over {@link RESOURCE_DEFINITIONS}, built once.
 */
export class ResourceCatalog {
  readonly definitions: readonly ResourceDefinition[];
  private readonly byGroupKind = new Map<string, ResourceDefinition>();
  private readonly byGroupVersionResource = new Map<
    string,
    ResourceDefinition
  >();

  constructor(definitions: readonly ResourceDefinition[]) {
    this.definitions = definitions;
    for (const def of definitions) {
      this.byGroupKind.set(`${def.group}/${def.kind}`, def);
      for (const version of def.versions) {
        this.byGroupVersionResource.set(
          `${def.group}/${version}/${def.resource}`,
          def,
        );
      }
    }
  }

  /** The definition for a manifest's group and kind, whatever its version. */
  findByGroupKind(group: string, kind: string): ResourceDefinition | undefined {
    return this.byGroupKind.get(`${group}/${kind}`);
  }

  /** The definition served at `/<group>/<version>/<resource>`. */
  findByPath(
    group: string,
    version: string,
    resource: string,
  ): ResourceDefinition | undefined {
    return this.byGroupVersionResource.get(`${group}/${version}/${resource}`);
  }

  /** Whether a group/version pair is served at all. */
  servesGroupVersion(group: string, version: string): boolean {
    return this.definitions.some(
      d => d.group === group && d.versions.includes(version),
    );
  }

  /** Named API groups (not the core group) in definition order, with their versions. */
  groups(): Array<{ name: string; versions: string[] }> {
    const groups = new Map<string, string[]>();
    for (const def of this.definitions) {
      if (def.group === '') continue;
      const versions = groups.get(def.group) ?? [];
      for (const v of def.versions) {
        if (!versions.includes(v)) versions.push(v);
      }
      groups.set(def.group, versions);
    }
    return [...groups].map(([name, versions]) => ({ name, versions }));
  }
}

/** The catalog of everything the simulator serves. */
export const defaultCatalog = new ResourceCatalog(RESOURCE_DEFINITIONS);
