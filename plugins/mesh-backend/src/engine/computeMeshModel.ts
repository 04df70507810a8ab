import type {
  ClusterMeshInfo,
  MeshModel,
  ServiceSummary,
  Workload,
} from '@mesh-portal/plugin-mesh-common';
import {
  ROOT_CERT_CONFIGMAP,
  ROOT_CERT_KEY,
  parsePemBundle,
  CertificateFacts,
} from './certificates';
import { summarizeService } from './clientTls';
import { pushInto } from './collections';
import { DestinationRuleIndex } from './destinationRules';
import { rememberStep } from './engineMemo';
import {
  ClusterRoots,
  reportDuplicateClusterIds,
  reportModeMismatches,
  reportRootCertificates,
} from './findings/crossClusterFindings';
import { FindingSink } from './findings/FindingSink';
import { reportMalformedScrapePorts } from './findings/scrapeFindings';
import {
  reportNamespaceLabels,
  reportWorkloadMembership,
} from './findings/membershipFindings';
import {
  reportPolicyScopes,
  reportWorkloadPolicies,
} from './findings/policyFindings';
import { classifyPod } from './membership';
import { ControlPlane, readControlPlane } from './meshConfig';
import {
  PeerAuthenticationIndex,
  composeMtls,
  ComposedMtls,
} from './peerAuthentication';
import { metricsScrapeOf } from './metricsScrape';
import { matchServices } from './services';
import { ParsedCluster, parseCluster } from './parsedCluster';
import type { ClusterObjects, EngineOptions } from './types';
import { buildWorkload } from './workloadModel';
import { WorkloadGroup, groupWorkloads } from './workloads';

/** The policy side of a control plane: what decides mTLS for the clusters it manages (C4). */
interface PolicySource {
  controlPlane: ControlPlane;
  peerAuthentications: PeerAuthenticationIndex;
  destinationRules: DestinationRuleIndex;
}

function readRoots(
  parsedCluster: ParsedCluster,
  cp: ControlPlane,
  sink: FindingSink,
): ClusterRoots {
  const certificates: CertificateFacts[] = [];
  const refs = [];
  const seen = new Map<string, CertificateFacts[]>();
  // Istio copies one root into every namespace; read each distinct text once,
  // preferring the copy in istiod's namespace.
  const maps = parsedCluster.configMaps
    .filter(
      c =>
        c.name === ROOT_CERT_CONFIGMAP && c.data[ROOT_CERT_KEY] !== undefined,
    )
    .sort(
      (a, b) =>
        Number(b.namespace === cp.istioNamespace) -
        Number(a.namespace === cp.istioNamespace),
    );
  for (const cm of maps) {
    const pem = cm.data[ROOT_CERT_KEY];
    if (seen.has(pem)) continue;
    const { certificates: parsed, error } = parsePemBundle(pem);
    seen.set(pem, parsed);
    if (error) {
      sink.add({
        code: 'MESH-MALFORMED-OBJECT',
        cluster: parsedCluster.cluster,
        message: `ConfigMap ${cm.namespace}/${cm.name} in cluster ${parsedCluster.cluster} holds an unreadable root certificate (${error}).`,
        fix: `Check the ${ROOT_CERT_KEY} entry; istiod rewrites it from its CA when it is deleted.`,
        objects: [cm.ref],
      });
    }
    if (parsed.length > 0) {
      certificates.push(...parsed);
      refs.push(cm.ref);
    }
  }
  return { cluster: parsedCluster.cluster, certificates, refs };
}

function computeCluster(
  parsedCluster: ParsedCluster,
  own: PolicySource,
  policies: PolicySource,
  sink: FindingSink,
): { workloads: Workload[]; services: ServiceSummary[] } {
  const { cluster } = parsedCluster;
  const groups = groupWorkloads(
    cluster,
    parsedCluster.pods,
    parsedCluster.controllers,
  );
  const serviceMatches = matchServices(parsedCluster.services, groups);
  const servicesByGroup = new Map<
    WorkloadGroup,
    typeof parsedCluster.services
  >();
  for (const [service, matched] of serviceMatches) {
    for (const g of matched) pushInto(servicesByGroup, g, service);
  }

  const built: {
    group: WorkloadGroup;
    workload: Workload;
    composed: ComposedMtls;
  }[] = [];
  for (const group of groups) {
    const namespace = parsedCluster.namespaces.get(group.namespace);
    // Membership is read with the cluster's own control plane (its injector
    // and istiod namespace); mTLS with the one that manages it (C4).
    const classifications = group.pods.map(p =>
      classifyPod(p, namespace, own.controlPlane),
    );
    const composed = composeMtls(
      policies.peerAuthentications,
      group.namespace,
      group.labels,
    );
    const scrape = metricsScrapeOf(group.pods, classifications);
    const workload = buildWorkload(
      group,
      classifications,
      composed,
      servicesByGroup.get(group) ?? [],
      scrape.scrape,
    );
    built.push({ group, workload, composed });
    reportWorkloadMembership(cluster, group, classifications, namespace, sink);
    reportMalformedScrapePorts(cluster, group, scrape.malformed, sink);
  }

  const workloadsByNamespace = new Map<string, Workload[]>();
  for (const { workload } of built) {
    pushInto(workloadsByNamespace, workload.namespace, workload);
  }
  reportNamespaceLabels(
    cluster,
    parsedCluster.namespaces.values(),
    workloadsByNamespace,
    sink,
  );
  if (policies === own) {
    reportPolicyScopes(
      cluster,
      own.peerAuthentications,
      workloadsByNamespace,
      sink,
    );
  }
  reportWorkloadPolicies(cluster, built, sink);

  const workloadByGroup = new Map(built.map(b => [b.group, b.workload]));
  const services = parsedCluster.services.map(service => {
    const matched = serviceMatches.get(service) ?? [];
    return summarizeService(
      {
        cluster,
        service,
        groups: matched,
        workloads: matched.map(g => workloadByGroup.get(g)!),
        destinationRules: policies.destinationRules,
        autoMtls: policies.controlPlane.autoMtls,
        clientWorkloads: namespace =>
          (workloadsByNamespace.get(namespace) ?? []).map(w => w.id),
      },
      sink,
    );
  });
  return { workloads: built.map(b => b.workload), services };
}

function safely<T>(
  cluster: string,
  what: string,
  sink: FindingSink,
  run: () => T,
  fallback: T,
): T {
  try {
    return run();
  } catch (e) {
    // Last line of defence: the engine reads hostile data; an unexpected
    // failure loses that cluster's part of the model, never the whole model.
    sink.add({
      code: 'MESH-ENGINE-ERROR',
      cluster,
      message: `The engine could not ${what} for cluster ${cluster} (${
        e instanceof Error ? e.message : String(e)
      }); that part of the model is missing.`,
      fix: 'Report this with the offending objects; meanwhile check the cluster for malformed objects.',
      objects: [{ cluster, kind: 'Cluster', name: cluster }],
    });
    return fallback;
  }
}

/** The control plane of a parsed cluster and the policy indexes it decides with. */
function policySourceOf(
  s: ParsedCluster,
  sink: FindingSink,
): PolicySource | undefined {
  const cp = safely(
    s.cluster,
    'read the control plane',
    sink,
    () =>
      readControlPlane({
        cluster: s.cluster,
        istioClusterIdOverride: s.istioClusterId,
        rootNamespaceOverride: s.rootNamespace,
        injectorRevisions: s.injectorRevisions,
        pods: s.pods,
        deployments: s.controllers.deployments,
        configMaps: s.configMaps,
        sink,
      }),
    undefined,
  );
  if (!cp) return undefined;
  return {
    controlPlane: cp,
    peerAuthentications: new PeerAuthenticationIndex(
      s.peerAuthentications,
      cp.rootNamespace,
    ),
    destinationRules: new DestinationRuleIndex(
      s.destinationRules,
      cp.rootNamespace,
    ),
  };
}

/**
 * Computes the mesh model of one or more clusters: workloads with their
 * membership and effective mTLS per port, Services with what their clients
 * send, per-cluster control-plane facts, and findings. Pure and synchronous;
 * never throws: malformed input becomes findings.
 * @public
 */
export function computeMeshModel(
  clusters: ClusterObjects[],
  options: EngineOptions = {},
): MeshModel {
  const sink = new FindingSink();
  const now =
    options.now instanceof Date && !Number.isNaN(options.now.getTime())
      ? options.now
      : new Date();
  const inputs: unknown[] = Array.isArray(clusters) ? clusters : [];

  // With a memo, a cluster whose input is the same object as in an earlier
  // run reuses its steps (see EngineMemo); without one every step runs.
  const { memo } = options;

  const parsedClusters: ParsedCluster[] = [];
  inputs.forEach((input, i) => {
    const parsedCluster = rememberStep(
      memo,
      'parse',
      input,
      [i],
      sink,
      stepSink =>
        safely(
          `cluster-${i}`,
          'read the objects',
          stepSink,
          () => parseCluster(input, i, stepSink),
          undefined,
        ),
    );
    if (parsedCluster) parsedClusters.push(parsedCluster);
  });

  const sources = new Map<string, PolicySource>();
  const controlPlanes = new Map<ParsedCluster, ControlPlane>();
  for (const s of parsedClusters) {
    const source = rememberStep(memo, 'policies', s, [], sink, stepSink =>
      policySourceOf(s, stepSink),
    );
    if (!source) continue;
    controlPlanes.set(s, source.controlPlane);
    sources.set(s.cluster, source);
  }

  const model: MeshModel = {
    clusters: [],
    workloads: [],
    services: [],
    findings: sink.findings,
  };
  const roots: ClusterRoots[] = [];
  for (const s of parsedClusters) {
    const cp = controlPlanes.get(s);
    const own = sources.get(s.cluster);
    if (!cp || !own) continue;
    let policies = own;
    if (s.configCluster && s.configCluster !== s.cluster) {
      const remote = sources.get(s.configCluster);
      if (remote) policies = remote;
      else {
        sink.add({
          code: 'MESH-MALFORMED-OBJECT',
          cluster: s.cluster,
          message: `Cluster ${s.cluster} names ${s.configCluster} as its config cluster, but no such cluster was read; its own policies were used.`,
          fix: 'Check the configCluster setting of the cluster.',
          objects: [{ cluster: s.cluster, kind: 'Cluster', name: s.cluster }],
        });
      }
    }
    const result = rememberStep(
      memo,
      'workloads',
      s,
      [policies],
      sink,
      stepSink =>
        safely(
          s.cluster,
          'compute workloads',
          stepSink,
          () => computeCluster(s, own, policies, stepSink),
          { workloads: [], services: [] },
        ),
    );
    model.workloads.push(...result.workloads);
    model.services.push(...result.services);
    const clusterRoots = safely(
      s.cluster,
      'read root certificates',
      sink,
      () => readRoots(s, cp, sink),
      {
        cluster: s.cluster,
        certificates: [],
        refs: [],
      },
    );
    roots.push(clusterRoots);
    const info: ClusterMeshInfo = {
      cluster: s.cluster,
      istioClusterId: cp.clusterId,
      rootNamespace: policies.controlPlane.rootNamespace,
      autoMtls: policies.controlPlane.autoMtls,
      revisions: cp.revisions,
      counts: s.counts,
    };
    if (cp.version) info.version = cp.version;
    const root = clusterRoots.certificates[0];
    if (root) {
      info.rootCertificate = {
        fingerprint: root.fingerprint,
        notAfter: root.notAfter,
      };
      if (root.subject) info.rootCertificate.subject = root.subject;
    }
    model.clusters.push(info);
  }

  safely(
    '(all)',
    'compare clusters',
    sink,
    () => {
      reportDuplicateClusterIds(
        model.clusters.map(c => ({
          cluster: c.cluster,
          clusterId: c.istioClusterId,
        })),
        sink,
      );
      reportRootCertificates(roots, now, sink);
      reportModeMismatches(
        model.services,
        new Map(model.workloads.map(w => [w.id, w])),
        sink,
      );
    },
    undefined,
  );
  return model;
}
