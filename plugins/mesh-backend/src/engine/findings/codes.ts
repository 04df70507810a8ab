import type { FindingSeverity } from '@mesh-portal/plugin-mesh-common';

/**
 * Every finding code the engine emits, with its severity. Codes are stable:
 * the UI, the audit export and people's runbooks refer to them.
 */
export const FINDING_CODES = {
  /** An unexpected failure inside the engine; that part of the model is missing. */
  'MESH-ENGINE-ERROR': 'error',
  /** An object could not be read (wrong types, missing name). */
  'MESH-MALFORMED-OBJECT': 'warning',
  /** A mode field holds a value Istio does not know. */
  'MESH-UNKNOWN-MODE': 'error',
  /** A DestinationRule sends plaintext to a STRICT server (E7, E11; KIA0207/0208). */
  'MESH-DR-DISABLES-STRICT': 'error',
  /** A DestinationRule requires Istio mTLS toward a server that cannot accept it. */
  'MESH-DR-MTLS-TO-PLAINTEXT-SERVER': 'error',
  /** STRICT server, auto-mTLS off and no DestinationRule enabling mTLS (E8, E9; KIA0401/0501). */
  'MESH-STRICT-WITHOUT-CLIENT-MTLS': 'error',
  /** Several selector-less policies in the root namespace (E4). */
  'MESH-PA-MULTIPLE-MESH-WIDE': 'warning',
  /** Several selector-less policies in one namespace (E4). */
  'MESH-PA-MULTIPLE-NAMESPACE-WIDE': 'warning',
  /** Several selector policies matching one workload (E4). */
  'MESH-PA-MULTIPLE-WORKLOAD': 'warning',
  /** A PeerAuthentication with a selector in the root namespace is ignored (E4). */
  'MESH-PA-SELECTOR-IN-ROOT': 'warning',
  /** `portLevelMtls` without a selector is rejected by Istio (E4). */
  'MESH-PA-PORT-LEVEL-WITHOUT-SELECTOR': 'warning',
  /** DISABLE on an ambient workload has no effect (E6). */
  'MESH-AMBIENT-DISABLE-UNSUPPORTED': 'info',
  /** Pods that should have a sidecar or be enrolled but are not (IST0103). */
  'MESH-POD-NEEDS-RESTART': 'warning',
  /** `istio.io/rev` names a revision or tag that is not installed (M1). */
  'MESH-REVISION-NOT-INSTALLED': 'warning',
  /** istiod runs but its mesh config ConfigMap was not read (E2). */
  'MESH-CONFIG-NOT-FOUND': 'warning',
  /** A namespace with more than one injection label (IST0123). */
  'MESH-NAMESPACE-MULTIPLE-INJECTION-LABELS': 'warning',
  /** A sidecar pod in an ambient namespace (KIA1316). */
  'MESH-SIDECAR-IN-AMBIENT-NAMESPACE': 'warning',
  /** Job pods with a classic sidecar never complete (M4). */
  'MESH-JOB-CLASSIC-SIDECAR': 'warning',
  /** A Service port without a declared protocol. */
  'MESH-SERVICE-PORT-NO-PROTOCOL': 'warning',
  /** One logical Service (namespace sameness, C2) with different modes per cluster. */
  'MESH-MULTICLUSTER-MODE-MISMATCH': 'warning',
  /** Two clusters share an Istio cluster id (C3). */
  'MESH-DUPLICATE-CLUSTER-ID': 'error',
  /** Clusters trust different Istio root certificates. */
  'MESH-ROOT-CERT-MISMATCH': 'error',
  /** The Istio root certificate expires within 30 days (or has expired). */
  'MESH-ROOT-CERT-EXPIRING': 'warning',
} as const satisfies Record<string, FindingSeverity>;

/** A finding code. */
export type FindingCode = keyof typeof FINDING_CODES;
