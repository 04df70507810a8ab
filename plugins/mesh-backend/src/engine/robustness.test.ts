import type { MeshModel } from '@mesh-portal/plugin-mesh-common';
import { computeMeshModel } from './index';
import type { ClusterObjects } from './types';
import {
  clusterFrom,
  configMap,
  deploymentWithPods,
  destinationRule,
  fixtureText,
  istiod,
  meshConfig,
  namespace,
  peerAuthentication,
  service,
} from './__fixtures__/builders';

type Path = (string | number)[];
type Expected =
  | 'string'
  | 'number'
  | 'boolean'
  | 'object'
  | 'array'
  | 'portRef';

/** mulberry32: a small seeded PRNG, so a failure can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function baseCluster(): ClusterObjects {
  const web = deploymentWithPods(
    'web',
    'apps',
    { app: 'web', version: 'v1' },
    2,
    {
      sidecar: 'classic',
      ports: [{ containerPort: 8080, name: 'http' }],
    },
  );
  for (const o of web) {
    if (o.kind === 'Pod') o.spec.hostNetwork = false;
  }
  return clusterFrom('c1', [
    namespace('istio-system'),
    namespace('apps', { 'istio-injection': 'enabled' }),
    ...istiod('istio-system', 'c1-id'),
    meshConfig(
      'istio-system',
      'rootNamespace: istio-system\nenableAutoMtls: true\n',
    ),
    configMap('istio-ca-root-cert', 'apps', {
      'root-cert.pem': fixtureText('root-cert-a.pem'),
    }),
    ...web,
    service('web', 'apps', { app: 'web' }, [
      {
        port: 80,
        name: 'http',
        targetPort: 'http',
        appProtocol: 'http',
        protocol: 'TCP',
      },
    ]),
    peerAuthentication('default', 'istio-system', { mode: 'STRICT' }),
    peerAuthentication('web', 'apps', {
      mode: 'STRICT',
      selector: { app: 'web' },
      portLevel: { '8080': 'PERMISSIVE' },
    }),
    destinationRule('web', 'apps', 'web', {
      tls: 'ISTIO_MUTUAL',
      portLevel: { 80: 'ISTIO_MUTUAL' },
      exportTo: ['*'],
      subsets: [{ name: 'v1', labels: { version: 'v1' }, tls: 'ISTIO_MUTUAL' }],
    }),
  ]);
}

const LISTS = {
  Pod: 'pods',
  Deployment: 'deployments',
  ReplicaSet: 'replicaSets',
  Service: 'services',
  Namespace: 'namespaces',
  ConfigMap: 'configMaps',
  PeerAuthentication: 'peerAuthentications',
  DestinationRule: 'destinationRules',
} as const;
type Kind = keyof typeof LISTS;

/** Fields the engine reads, with their type: a wrong type there must be reported. */
const TYPED_PATHS: Record<Kind, [string, Expected][]> = {
  Pod: [
    ['metadata', 'object'],
    ['metadata.name', 'string'],
    ['metadata.namespace', 'string'],
    ['metadata.labels', 'object'],
    ['metadata.labels.app', 'string'],
    ['metadata.annotations', 'object'],
    ['metadata.ownerReferences', 'array'],
    ['metadata.ownerReferences.0', 'object'],
    ['metadata.ownerReferences.0.kind', 'string'],
    ['metadata.ownerReferences.0.name', 'string'],
    ['metadata.ownerReferences.0.controller', 'boolean'],
    ['metadata.creationTimestamp', 'string'],
    ['spec', 'object'],
    ['spec.hostNetwork', 'boolean'],
    ['spec.containers', 'array'],
    ['spec.containers.0', 'object'],
    ['spec.containers.0.name', 'string'],
    ['spec.containers.0.image', 'string'],
    ['spec.containers.0.ports', 'array'],
    ['spec.containers.0.ports.0.containerPort', 'number'],
    ['spec.containers.0.ports.0.name', 'string'],
    ['spec.containers.1.name', 'string'],
    ['spec.initContainers', 'array'],
    ['status', 'object'],
    ['status.phase', 'string'],
    ['status.conditions', 'array'],
    ['status.conditions.0.type', 'string'],
    ['status.conditions.0.status', 'string'],
  ],
  Deployment: [
    ['metadata.name', 'string'],
    ['metadata.namespace', 'string'],
    ['spec', 'object'],
    ['spec.replicas', 'number'],
    ['spec.template', 'object'],
    ['spec.template.metadata', 'object'],
    ['spec.template.metadata.labels', 'object'],
    ['spec.template.metadata.labels.app', 'string'],
    ['spec.template.spec', 'object'],
    ['spec.template.spec.containers', 'array'],
    ['spec.template.spec.containers.0.name', 'string'],
    ['spec.template.spec.containers.0.env', 'array'],
  ],
  ReplicaSet: [
    ['metadata.ownerReferences', 'array'],
    ['metadata.ownerReferences.0.name', 'string'],
    ['spec.replicas', 'number'],
  ],
  Service: [
    ['spec', 'object'],
    ['spec.selector', 'object'],
    ['spec.selector.app', 'string'],
    ['spec.ports', 'array'],
    ['spec.ports.0', 'object'],
    ['spec.ports.0.port', 'number'],
    ['spec.ports.0.name', 'string'],
    ['spec.ports.0.appProtocol', 'string'],
    ['spec.ports.0.protocol', 'string'],
    ['spec.ports.0.targetPort', 'portRef'],
  ],
  Namespace: [
    ['metadata.name', 'string'],
    ['metadata.labels', 'object'],
  ],
  ConfigMap: [
    ['data', 'object'],
    ['data.mesh', 'string'],
    ['data.root-cert\\.pem', 'string'],
  ],
  PeerAuthentication: [
    ['spec', 'object'],
    ['spec.selector', 'object'],
    ['spec.selector.matchLabels', 'object'],
    ['spec.selector.matchLabels.app', 'string'],
    ['spec.mtls', 'object'],
    ['spec.mtls.mode', 'string'],
    ['spec.portLevelMtls', 'object'],
    ['spec.portLevelMtls.8080', 'object'],
    ['spec.portLevelMtls.8080.mode', 'string'],
  ],
  DestinationRule: [
    ['spec', 'object'],
    ['spec.host', 'string'],
    ['spec.exportTo', 'array'],
    ['spec.exportTo.0', 'string'],
    ['spec.trafficPolicy', 'object'],
    ['spec.trafficPolicy.tls', 'object'],
    ['spec.trafficPolicy.tls.mode', 'string'],
    ['spec.trafficPolicy.portLevelSettings', 'array'],
    ['spec.trafficPolicy.portLevelSettings.0.port', 'object'],
    ['spec.trafficPolicy.portLevelSettings.0.port.number', 'number'],
    ['spec.subsets', 'array'],
    ['spec.subsets.0.name', 'string'],
    ['spec.subsets.0.labels', 'object'],
    ['spec.subsets.0.trafficPolicy.tls.mode', 'string'],
  ],
};

/** Mode fields: an unknown value there must be reported as MESH-UNKNOWN-MODE. */
const MODE_PATHS: Partial<Record<Kind, string[]>> = {
  PeerAuthentication: ['spec.mtls.mode', 'spec.portLevelMtls.8080.mode'],
  DestinationRule: [
    'spec.trafficPolicy.tls.mode',
    'spec.trafficPolicy.portLevelSettings.0.tls.mode',
    'spec.subsets.0.trafficPolicy.tls.mode',
  ],
  Service: ['spec.ports.0.protocol'],
};

/** Fields without which an object cannot be used. */
const REQUIRED_PATHS: Partial<Record<Kind, string[]>> = {
  Pod: ['metadata.name', 'metadata.namespace', 'spec.containers.0.name'],
  Service: ['metadata.name', 'spec.ports.0.port'],
  DestinationRule: ['spec.host', 'metadata.namespace', 'spec.subsets.0.name'],
  PeerAuthentication: ['metadata.name'],
  Deployment: ['metadata.namespace'],
};

function parsePath(path: string): Path {
  return path
    .split(/(?<!\\)\./)
    .map(p => p.replace(/\\\./g, '.'))
    .map(p => (/^\d+$/.test(p) && p.length < 3 ? Number(p) : p));
}

function parentOf(root: any, path: Path): any {
  let node = root;
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = node[key];
  }
  return node !== null && typeof node === 'object' ? node : undefined;
}

function has(root: any, path: Path): boolean {
  const parent = parentOf(root, path);
  return parent !== undefined && parent[path[path.length - 1]] !== undefined;
}

const SAMPLES: Record<Exclude<Expected, 'portRef'>, unknown> = {
  string: 'text',
  number: 42,
  boolean: true,
  object: { x: 1 },
  array: [1, 'two'],
};

function wrongValue(expected: Expected, random: () => number): unknown {
  const candidates = Object.entries(SAMPLES)
    .filter(([type]) =>
      expected === 'portRef'
        ? type !== 'string' && type !== 'number'
        : type !== expected,
    )
    .map(([, v]) => v);
  return structuredClone(candidates[Math.floor(random() * candidates.length)]);
}

function expectedName(object: any, index: number): string {
  const name = object?.metadata?.name;
  return typeof name === 'string' && name !== '' ? name : `(item #${index})`;
}

function reported(
  model: MeshModel,
  codes: string[],
  kind: string,
  name: string,
): boolean {
  return model.findings.some(
    f =>
      codes.includes(f.code) &&
      f.objects.some(o => o.kind === kind && o.name === name),
  );
}

describe('robustness: the engine never throws and reports what it cannot read', () => {
  const base = baseCluster();
  const baseline = computeMeshModel([base]);

  it('reads the unmutated base cleanly', () => {
    expect(baseline.findings).toEqual([]);
    expect(baseline.workloads.map(w => w.id)).toContain(
      'c1/apps/Deployment/web',
    );
  });

  it('reports 3,000 random typed mutations (wrong types, unknown modes, missing fields)', () => {
    const seed = 20261126;
    const random = prng(seed);
    const kinds = Object.keys(LISTS) as Kind[];
    let checked = 0;
    for (let iteration = 0; iteration < 3000; iteration++) {
      const cluster = structuredClone(base) as any;
      const kind = kinds[Math.floor(random() * kinds.length)];
      const list: any[] = cluster[LISTS[kind]];
      const index = Math.floor(random() * list.length);
      const object = list[index];
      const roll = random();
      let codes: string[];
      let description: string;
      if (roll < 0.6) {
        const candidates = TYPED_PATHS[kind].filter(([p]) =>
          has(object, parsePath(p)),
        );
        if (candidates.length === 0) continue;
        const [p, expected] =
          candidates[Math.floor(random() * candidates.length)];
        const path = parsePath(p);
        parentOf(object, path)[path[path.length - 1]] = wrongValue(
          expected,
          random,
        );
        codes = ['MESH-MALFORMED-OBJECT'];
        description = `wrong type at ${p}`;
      } else if (roll < 0.8) {
        const candidates = (MODE_PATHS[kind] ?? []).filter(p =>
          has(object, parsePath(p)),
        );
        if (candidates.length === 0) continue;
        const p = candidates[Math.floor(random() * candidates.length)];
        const path = parsePath(p);
        parentOf(object, path)[path[path.length - 1]] = `MODE_${Math.floor(
          random() * 1e6,
        )}`;
        codes = ['MESH-UNKNOWN-MODE'];
        description = `unknown mode at ${p}`;
      } else {
        const candidates = (REQUIRED_PATHS[kind] ?? []).filter(p =>
          has(object, parsePath(p)),
        );
        if (candidates.length === 0) continue;
        const p = candidates[Math.floor(random() * candidates.length)];
        const path = parsePath(p);
        const parent = parentOf(object, path);
        if (random() < 0.5) delete parent[path[path.length - 1]];
        else parent[path[path.length - 1]] = null;
        codes = ['MESH-MALFORMED-OBJECT'];
        description = `missing ${p}`;
      }
      let model: MeshModel | undefined;
      expect(() => {
        model = computeMeshModel([cluster]);
      }).not.toThrow();
      const name = expectedName(object, index);
      if (!reported(model!, codes, kind, name)) {
        throw new Error(
          `seed ${seed} iteration ${iteration}: ${description} on ${kind} ${name} was not reported`,
        );
      }
      expect(model!.findings.some(f => f.code === 'MESH-ENGINE-ERROR')).toBe(
        false,
      );
      checked++;
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('survives 2,000 untyped mutations anywhere (nulls, deletions, odd values) with a well-formed model', () => {
    const seed = 7;
    const random = prng(seed);
    const oddValues = [
      null,
      0,
      -1,
      1e300,
      '',
      'x',
      true,
      false,
      [],
      {},
      [null],
      { a: null },
      'ISTIO_MUTUAL',
    ];
    for (let iteration = 0; iteration < 2000; iteration++) {
      const cluster = structuredClone(base) as any;
      for (let m = 0; m < 1 + Math.floor(random() * 3); m++) {
        // Walk down a random branch and replace or delete what is there.
        let node: any = cluster;
        let parent: any;
        let key: string | number | undefined;
        const depth = 1 + Math.floor(random() * 7);
        for (
          let d = 0;
          d < depth && node !== null && typeof node === 'object';
          d++
        ) {
          const keys = Object.keys(node);
          if (keys.length === 0) break;
          parent = node;
          key = keys[Math.floor(random() * keys.length)];
          node = node[key];
        }
        if (parent === undefined || key === undefined) continue;
        if (random() < 0.2) delete parent[key];
        else
          parent[key] = structuredClone(
            oddValues[Math.floor(random() * oddValues.length)],
          );
      }
      let model: MeshModel | undefined;
      try {
        model = computeMeshModel([cluster]);
      } catch (e) {
        throw new Error(`seed ${seed} iteration ${iteration} threw: ${e}`);
      }
      expect(model.findings.some(f => f.code === 'MESH-ENGINE-ERROR')).toBe(
        false,
      );
      expect(() => JSON.stringify(model)).not.toThrow();
      for (const w of model.workloads) expect(w.id.split('/')).toHaveLength(4);
    }
  });

  it('accepts garbage at the top level', () => {
    const inputs: unknown[] = [
      null,
      undefined,
      5,
      'x',
      {},
      [null, 3, 'x', { cluster: 7, pods: {} }],
    ];
    for (const input of inputs) {
      const model = computeMeshModel(input as ClusterObjects[]);
      expect(Array.isArray(model.workloads)).toBe(true);
    }
    const model = computeMeshModel([
      null,
      { cluster: 7, pods: {} },
    ] as unknown as ClusterObjects[]);
    expect(model.clusters.map(c => c.cluster)).toEqual([
      'cluster-0',
      'cluster-1',
    ]);
    expect(
      model.findings.filter(f => f.code === 'MESH-MALFORMED-OBJECT').length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('loses only the object whose getter throws', () => {
    const cluster = structuredClone(base) as any;
    const hostile = {};
    Object.defineProperty(hostile, 'metadata', {
      enumerable: true,
      get() {
        throw new Error('hostile getter');
      },
    });
    cluster.pods.push(hostile);
    const model = computeMeshModel([cluster]);
    expect(model.workloads.length).toBe(baseline.workloads.length);
    expect(model.findings.map(f => f.code)).toEqual(['MESH-MALFORMED-OBJECT']);
    expect(model.findings[0].message).toContain('hostile getter');
  });
});
