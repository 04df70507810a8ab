import {
  ResourceCatalog,
  ResourceDefinition,
  SERVED_VERBS,
  apiVersionOf,
} from './resources';

/** The Kubernetes version the simulator claims to be. */
export const SIMULATED_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-k8s-sim',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2025-01-01T00:00:00Z',
  goVersion: 'go1.23.4',
  compiler: 'gc',
  platform: 'linux/amd64',
};

function groupVersionEntry(group: string, version: string) {
  return { groupVersion: apiVersionOf(group, version), version };
}

/** `GET /api`: the legacy core group's versions. */
export function apiVersionsDocument(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function apiGroup(name: string, versions: string[]) {
  return {
    name,
    versions: versions.map(v => groupVersionEntry(name, v)),
    preferredVersion: groupVersionEntry(name, versions[0]),
  };
}

/** `GET /apis`: every named group with its versions, preferred first. */
export function apiGroupListDocument(catalog: ResourceCatalog) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: catalog.groups().map(g => apiGroup(g.name, g.versions)),
  };
}

/** `GET /apis/<group>`, or undefined for a group that is not served. */
export function apiGroupDocument(catalog: ResourceCatalog, group: string) {
  const found = catalog.groups().find(g => g.name === group);
  if (!found) return undefined;
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    ...apiGroup(group, found.versions),
  };
}

function apiResource(def: ResourceDefinition) {
  return {
    name: def.resource,
    singularName: def.singularName,
    namespaced: def.namespaced,
    kind: def.kind,
    verbs: [...SERVED_VERBS],
    ...(def.shortNames ? { shortNames: def.shortNames } : {}),
    ...(def.categories ? { categories: def.categories } : {}),
  };
}

/**
 * `GET /api/v1` or `GET /apis/<group>/<version>`: the resources served at
 * that group version, or undefined when none is.
 */
export function apiResourceListDocument(
  catalog: ResourceCatalog,
  group: string,
  version: string,
) {
  if (!catalog.servesGroupVersion(group, version)) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf(group, version),
    resources: catalog.definitions
      .filter(d => d.group === group && d.versions.includes(version))
      .map(apiResource),
  };
}
