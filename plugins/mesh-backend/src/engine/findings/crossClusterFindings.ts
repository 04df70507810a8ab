import type {
  ObjectRef,
  ServiceSummary,
  Workload,
} from '@mesh-portal/plugin-mesh-common';
import type { CertificateFacts } from '../certificates';
import { pushInto } from '../collections';
import { DEFAULT_CLUSTER_ID } from '../meshConfig';
import { FindingSink } from './FindingSink';

const DAY_MS = 24 * 60 * 60 * 1000;

/** How soon before expiry a root certificate is reported. */
export const ROOT_CERT_WARNING_DAYS = 30;

function clusterRef(cluster: string): ObjectRef {
  return { cluster, kind: 'Cluster', name: cluster };
}

/** C3: two clusters with the same Istio cluster id are indistinguishable. */
export function reportDuplicateClusterIds(
  clusters: { cluster: string; clusterId: string }[],
  sink: FindingSink,
): void {
  const byId = new Map<string, string[]>();
  for (const c of clusters) pushInto(byId, c.clusterId, c.cluster);
  for (const [id, names] of byId) {
    if (names.length < 2) continue;
    sink.add({
      code: 'MESH-DUPLICATE-CLUSTER-ID',
      message: `Clusters ${names.join(
        ', ',
      )} share the Istio cluster id "${id}"${
        id === DEFAULT_CLUSTER_ID
          ? " (Istio's default, set when global.multiCluster.clusterName is not)"
          : ''
      }, so telemetry and multi-cluster discovery cannot tell them apart.`,
      fix: 'Install each cluster with its own global.multiCluster.clusterName (istiod CLUSTER_ID) and restart its proxies.',
      objects: names.map(clusterRef),
    });
  }
}

/** A cluster's root certificates, from its `istio-ca-root-cert` ConfigMaps. */
export interface ClusterRoots {
  cluster: string;
  certificates: CertificateFacts[];
  refs: ObjectRef[];
}

/**
 * Root certificates: clusters that trust no common root cannot do mTLS with
 * each other; a root that expires within 30 days (or has expired) is reported.
 */
export function reportRootCertificates(
  roots: ClusterRoots[],
  now: Date,
  sink: FindingSink,
): void {
  const withCerts = roots.filter(r => r.certificates.length > 0);
  for (let i = 0; i < withCerts.length; i++) {
    for (let j = i + 1; j < withCerts.length; j++) {
      const a = withCerts[i];
      const b = withCerts[j];
      const shared = a.certificates.some(ca =>
        b.certificates.some(cb => cb.fingerprint === ca.fingerprint),
      );
      if (shared) continue;
      sink.add({
        code: 'MESH-ROOT-CERT-MISMATCH',
        message: `Clusters ${a.cluster} and ${
          b.cluster
        } trust different Istio root certificates (${a.certificates[0].fingerprint.slice(
          0,
          23,
        )}... vs ${b.certificates[0].fingerprint.slice(
          0,
          23,
        )}...), so mTLS between them fails.`,
        fix: 'Plug in intermediate CAs signed by one shared root in every cluster (cacerts secret) and restart istiod and the workloads.',
        objects: [...a.refs.slice(0, 1), ...b.refs.slice(0, 1)],
      });
    }
  }
  for (const r of withCerts) {
    const seen = new Set<string>();
    for (const cert of r.certificates) {
      if (seen.has(cert.fingerprint)) continue;
      seen.add(cert.fingerprint);
      const left = cert.notAfterMs - now.getTime();
      if (left > ROOT_CERT_WARNING_DAYS * DAY_MS) continue;
      const expired = left <= 0;
      sink.add({
        code: 'MESH-ROOT-CERT-EXPIRING',
        severity: expired ? 'error' : 'warning',
        cluster: r.cluster,
        message: expired
          ? `The Istio root certificate of cluster ${r.cluster}${
              cert.subject ? ` (${cert.subject})` : ''
            } expired on ${
              cert.notAfter
            }; new workload certificates cannot be verified.`
          : `The Istio root certificate of cluster ${r.cluster}${
              cert.subject ? ` (${cert.subject})` : ''
            } expires on ${cert.notAfter}, in ${Math.ceil(
              left / DAY_MS,
            )} day(s).`,
        fix: 'Rotate the root CA (Istio "plug in CA certificates" / root transition) before it expires, then restart istiod and the workloads.',
        objects: r.refs.slice(0, 1),
      });
    }
  }
}

/**
 * C2: one logical Service (same namespace and name) whose workloads have
 * different effective modes in different clusters.
 */
export function reportModeMismatches(
  services: ServiceSummary[],
  workloadsById: Map<string, Workload>,
  sink: FindingSink,
): void {
  const byName = new Map<
    string,
    { service: ServiceSummary; signature: string }[]
  >();
  for (const s of services) {
    const modes = new Set<string>();
    const servicePorts = new Set(s.ports.map(p => `${s.name}:${p.port}`));
    for (const id of s.workloads) {
      const w = workloadsById.get(id);
      if (!w || w.membership.state === 'unknown') continue;
      const ports = w.mtls.ports.filter(p =>
        p.servicePorts?.some(sp => servicePorts.has(sp)),
      );
      if (ports.length === 0) modes.add(w.mtls.workload.mode);
      for (const p of ports) modes.add(`${p.port}=${p.decision.mode}`);
    }
    if (modes.size === 0) continue;
    const key = `${s.namespace}/${s.name}`;
    const signature = [...modes].sort().join(',');
    pushInto(byName, key, { service: s, signature });
  }
  for (const [key, entries] of byName) {
    if (new Set(entries.map(e => e.signature)).size < 2) continue;
    sink.add({
      code: 'MESH-MULTICLUSTER-MODE-MISMATCH',
      message: `Service ${key} is one service across clusters (namespace sameness), but its mTLS differs: ${entries
        .map(e => `${e.service.cluster}: ${e.signature}`)
        .join(
          '; ',
        )}; clients get different behaviour depending on the endpoint they reach.`,
      fix: 'Apply the same PeerAuthentications in every cluster that runs the service.',
      objects: entries.map(e => ({
        cluster: e.service.cluster,
        kind: 'Service',
        namespace: e.service.namespace,
        name: e.service.name,
      })),
      workloads: entries.flatMap(e => e.service.workloads),
    });
  }
}
