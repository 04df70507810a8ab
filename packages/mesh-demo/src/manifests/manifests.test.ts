import { X509Certificate } from 'node:crypto';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { parse } from 'yaml';
import {
  Obj,
  ROOT,
  hasSidecar,
  matchesSelector,
  readCatalog,
  readClusterObjects,
  readTrafficModelRaw,
  topOwnerName,
} from '../__testUtils__/demoFiles';
import { renderManifestFiles } from './writeManifests';

const CLUSTERS = ['platform', 'compute'];

// Rendering every manifest takes seconds on a busy machine.
jest.setTimeout(60_000);

describe('demo manifests', () => {
  let objects: Record<string, Obj[]>;
  let catalog: Obj[];

  beforeAll(async () => {
    objects = {};
    for (const c of CLUSTERS) objects[c] = await readClusterObjects(c);
    catalog = await readCatalog();
  });

  const of = (cluster: string, kind: string) =>
    objects[cluster].filter(o => o.kind === kind);

  it('are in sync with the spec they are rendered from', async () => {
    const rendered = await renderManifestFiles();
    for (const [rel, text] of rendered) {
      // compared as data: the committed files are also run through prettier
      expect(parse(await fs.readFile(path.join(ROOT, rel), 'utf8'))).toEqual(
        parse(text),
      );
    }
    for (const c of CLUSTERS) {
      const committed = await fs.readdir(path.join(ROOT, 'clusters', c));
      expect(committed.sort()).toEqual(
        [...rendered.keys()]
          .filter(k => k.startsWith(`clusters/${c}/`))
          .map(k => path.basename(k))
          .sort(),
      );
    }
  });

  it.each(CLUSTERS)(
    'every owner reference in %s resolves to an object of that kind and name',
    cluster => {
      const withOwners = objects[cluster].filter(
        o => o.metadata?.ownerReferences?.length,
      );
      expect(withOwners.length).toBeGreaterThan(10);
      for (const o of withOwners) {
        for (const ref of o.metadata.ownerReferences) {
          const owner = objects[cluster].find(x => x.metadata?.uid === ref.uid);
          expect({
            child: o.metadata.name,
            owner: owner && `${owner.kind}/${owner.metadata.name}`,
          }).toEqual({
            child: o.metadata.name,
            owner: `${ref.kind}/${ref.name}`,
          });
          expect(owner?.metadata.namespace).toBe(o.metadata.namespace);
        }
      }
      // every pod has a controller, and every controller's selector matches its pods
      for (const pod of of(cluster, 'Pod')) {
        expect(pod.metadata.ownerReferences?.[0]?.controller).toBe(true);
        const owner = objects[cluster].find(
          x => x.metadata?.uid === pod.metadata.ownerReferences[0].uid,
        )!;
        for (const [k, v] of Object.entries(
          owner.spec.selector.matchLabels ?? {},
        )) {
          expect(pod.metadata.labels[k]).toBe(v);
        }
        expect(
          pod.status.conditions.find((c: Obj) => c.type === 'Ready').status,
        ).toBe('True');
      }
    },
  );

  it.each(CLUSTERS)(
    'every Service in %s has named ports and a namespace that exists',
    cluster => {
      const namespaces = new Set(
        of(cluster, 'Namespace').map(n => n.metadata.name),
      );
      for (const svc of of(cluster, 'Service')) {
        expect(namespaces.has(svc.metadata.namespace)).toBe(true);
        for (const port of svc.spec.ports)
          expect(port.name).toMatch(/^[a-z0-9-]+$/);
      }
    },
  );

  it('M6/E2/C3: both clusters run istiod with distinct CLUSTER_IDs and a mesh config with rootNamespace istio-system', () => {
    const ids = CLUSTERS.map(c => {
      const istiod = of(c, 'Deployment').find(
        d => d.metadata.name === 'istiod',
      )!;
      const mesh = of(c, 'ConfigMap').find(
        m =>
          m.metadata.name === 'istio' &&
          m.metadata.namespace === 'istio-system',
      )!;
      expect(mesh.data.mesh).toMatch(/^rootNamespace: istio-system$/m);
      expect(mesh.data.mesh).toMatch(/^enableAutoMtls: true$/m);
      expect(mesh.data.mesh).toMatch(/^trustDomain: cluster\.local$/m);
      return istiod.spec.template.spec.containers[0].env.find(
        (e: Obj) => e.name === 'CLUSTER_ID',
      ).value;
    });
    expect(ids).toEqual(['platform-east', 'compute-west']);
  });

  it('every meshed namespace of both clusters carries the same real root CA certificate', () => {
    const pems = new Set<string>();
    for (const c of CLUSTERS) {
      const meshed = of(c, 'Namespace').filter(
        n =>
          n.metadata.labels['istio-injection'] === 'enabled' ||
          n.metadata.labels['istio.io/dataplane-mode'] === 'ambient' ||
          n.metadata.name === 'istio-system',
      );
      expect(meshed.length).toBeGreaterThan(2);
      for (const ns of meshed) {
        const cm = of(c, 'ConfigMap').find(
          m =>
            m.metadata.name === 'istio-ca-root-cert' &&
            m.metadata.namespace === ns.metadata.name,
        );
        expect(cm).toBeDefined();
        pems.add(cm!.data['root-cert.pem']);
      }
    }
    expect(pems.size).toBe(1);
    const cert = new X509Certificate([...pems][0]);
    expect(cert.ca).toBe(true);
    expect(cert.subject).toBe(cert.issuer);
    expect(
      Date.parse(cert.validTo) - Date.parse(cert.validFrom),
    ).toBeGreaterThan(9 * 365 * 86400 * 1000);
  });

  it('M3/M4/M7: sidecar pods are marked like the injector marks them, ambient pods like the CNI does', () => {
    let classic = 0;
    let native = 0;
    const sidecarMarks: string[] = [];
    const ambientMarks: string[] = [];
    for (const c of CLUSTERS) {
      for (const pod of of(c, 'Pod')) {
        const labels = pod.metadata.labels;
        if (hasSidecar(pod)) {
          sidecarMarks.push(
            [
              labels['security.istio.io/tlsMode'],
              Boolean(labels['service.istio.io/canonical-name']),
              Boolean(labels['service.istio.io/canonical-revision']),
            ].join(),
          );
          if (
            pod.spec.initContainers.some(
              (x: Obj) =>
                x.name === 'istio-proxy' && x.restartPolicy === 'Always',
            )
          )
            native += 1;
          else classic += 1;
        }
        if (
          pod.metadata.annotations?.['ambient.istio.io/redirection'] ===
          'enabled'
        ) {
          const ns = of(c, 'Namespace').find(
            n => n.metadata.name === pod.metadata.namespace,
          )!;
          ambientMarks.push(
            `${hasSidecar(pod)},${
              ns.metadata.labels['istio.io/dataplane-mode']
            }`,
          );
        }
      }
    }
    expect(new Set(sidecarMarks)).toEqual(new Set(['istio,true,true']));
    expect(ambientMarks).toEqual([
      'false,ambient',
      'false,ambient',
      'false,ambient',
    ]);
    expect(classic).toBeGreaterThan(5);
    expect(native).toBe(1);
    // the ztunnel DaemonSet of the ambient cluster has one pod per node
    const ztunnel = of('compute', 'Pod').filter(
      p => p.metadata.labels.app === 'ztunnel',
    );
    expect(new Set(ztunnel.map(p => p.spec.nodeName)).size).toBe(3);
  });

  it('partial membership: one partner-webhooks pod predates injection, the other has a sidecar', () => {
    const pods = of('platform', 'Pod').filter(
      p => topOwnerName(p, objects.platform) === 'partner-webhooks',
    );
    expect(pods.map(hasSidecar).sort()).toEqual([false, true]);
    const older = pods.find(p => !hasSidecar(p))!;
    const newer = pods.find(hasSidecar)!;
    expect(
      older.metadata.creationTimestamp < newer.metadata.creationTimestamp,
    ).toBe(true);
  });

  it('IST0103: a workload in an injected namespace predates injection (no proxy)', () => {
    const stale = of('compute', 'Pod').filter(
      p => p.metadata.namespace === 'spark' && !hasSidecar(p),
    );
    expect(stale.map(p => topOwnerName(p, objects.compute))).toEqual([
      'spark-history-server',
    ]);
  });

  it('every catalog kubernetes-id and label selector matches pods, and only debug-toolbox and the compute Prometheus are unclaimed', () => {
    const components = catalog.filter(e => e.kind === 'Component');
    const claimed = new Set<string>();
    for (const entity of components) {
      const ann = entity.metadata.annotations ?? {};
      const id = ann['backstage.io/kubernetes-id'];
      const selector = ann['backstage.io/kubernetes-label-selector'];
      const ns = ann['backstage.io/kubernetes-namespace'];
      const matched: string[] = [];
      for (const c of CLUSTERS) {
        for (const pod of of(c, 'Pod')) {
          const labels = pod.metadata.labels;
          const ok = selector
            ? matchesSelector(labels, selector)
            : labels['backstage.io/kubernetes-id'] === id;
          if (ok && (!ns || pod.metadata.namespace === ns)) {
            matched.push(
              `${c}/${pod.metadata.namespace}/${topOwnerName(pod, objects[c])}`,
            );
          }
        }
      }
      expect({
        entity: entity.metadata.name,
        matched: matched.length > 0,
      }).toEqual({ entity: entity.metadata.name, matched: true });
      // every entity also has the id form, matching the same pods as the selector
      const byId = CLUSTERS.flatMap(c =>
        of(c, 'Pod').filter(
          p => p.metadata.labels['backstage.io/kubernetes-id'] === id,
        ),
      );
      expect(byId.length).toBe(matched.length);
      matched.forEach(m => claimed.add(m));
    }
    const unclaimed = CLUSTERS.flatMap(c =>
      of(c, 'Pod')
        .filter(p => p.metadata.namespace !== 'istio-system')
        .map(
          p => `${c}/${p.metadata.namespace}/${topOwnerName(p, objects[c])}`,
        ),
    ).filter(w => !claimed.has(w));
    // The debug pod, and the cluster's Prometheus (monitoring, no entity).
    expect([...new Set(unclaimed)]).toEqual([
      'platform/api/debug-toolbox',
      'compute/monitoring/prometheus',
    ]);
  });

  it('catalog relations point at entities that exist, and guest belongs to a group', () => {
    const refs = new Set(
      catalog.map(e => `${e.kind.toLowerCase()}:${e.metadata.name}`),
    );
    const targets = catalog.flatMap(e => {
      const spec = e.spec ?? {};
      return [
        ...(spec.dependsOn ?? []),
        ...[...(spec.providesApis ?? []), ...(spec.consumesApis ?? [])].map(
          (a: string) => `api:${a}`,
        ),
        ...(spec.owner ? [`group:${spec.owner}`] : []),
        ...(spec.system ? [`system:${spec.system}`] : []),
      ];
    });
    expect(targets.length).toBeGreaterThan(30);
    expect(targets.filter(t => !refs.has(t))).toEqual([]);
    const guest = catalog.find(
      e => e.kind === 'User' && e.metadata.name === 'guest',
    )!;
    expect(guest.spec.memberOf.length).toBeGreaterThan(0);
  });

  it('declared dependencies mostly match the modelled traffic: one declared without traffic, one observed undeclared', async () => {
    const model = await readTrafficModelRaw();
    const components = new Map(
      catalog
        .filter(e => e.kind === 'Component')
        .map(e => [e.metadata.name, e]),
    );
    const observed = new Set<string>(
      model.edges
        .filter(
          (e: Obj) =>
            components.has(e.source.workload) &&
            components.has(e.destination.workload),
        )
        .map((e: Obj) => `${e.source.workload}->${e.destination.workload}`),
    );
    const declared = new Set<string>();
    for (const [name, e] of components) {
      for (const d of e.spec.dependsOn ?? [])
        declared.add(`${name}->${d.replace('component:', '')}`);
    }
    expect([...declared].filter(d => !observed.has(d))).toEqual([
      'metrics-service->legacy-reporting',
    ]);
    expect([...observed].filter(o => !declared.has(o))).toEqual([
      'web-frontend->auth-service',
    ]);
  });

  it("E4/E8/E11: each modelled edge's mtls flag follows the posture in the manifests", async () => {
    const model = await readTrafficModelRaw();
    const all = objects;
    const pods = (side: Obj) =>
      of(side.cluster, 'Pod').filter(
        p =>
          p.metadata.namespace === side.namespace &&
          topOwnerName(p, all[side.cluster]) === side.workload,
      );
    for (const edge of model.edges) {
      const src = pods(edge.source);
      const dst = pods(edge.destination);
      expect(src.length).toBeGreaterThan(0);
      expect(dst.length).toBeGreaterThan(0);
      const meshed = (p: Obj) =>
        hasSidecar(p) ||
        p.metadata.annotations?.['ambient.istio.io/redirection'] ===
          'enabled' ||
        p.metadata.labels.istio === 'ingressgateway';
      // a client-side DestinationRule in the source namespace that disables TLS toward this host
      const host = `${edge.destination.service}.${edge.destination.namespace}.svc.cluster.local`;
      const drDisables = of(edge.source.cluster, 'DestinationRule').some(
        dr =>
          dr.metadata.namespace === edge.source.namespace &&
          dr.spec.host === host &&
          dr.spec.trafficPolicy?.tls?.mode === 'DISABLE',
      );
      const expected = meshed(src[0]) && meshed(dst[0]) && !drDisables;
      expect({ edge: edge.name, mtls: edge.mtls }).toEqual({
        edge: edge.name,
        mtls: expected,
      });
      // the destination Service exposes the modelled port
      const svc = of(edge.destination.cluster, 'Service').find(
        s =>
          s.metadata.name === edge.destination.service &&
          s.metadata.namespace === edge.destination.namespace,
      );
      expect(
        svc?.spec.ports.some(
          (p: Obj) => p.targetPort === edge.destination.port,
        ),
      ).toBe(true);
    }
  });
});
