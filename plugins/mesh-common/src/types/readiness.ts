import type { MtlsMode, ObjectRef } from './model';
import type { TelemetrySourceStatus } from './api';

/**
 * A PeerAuthentication as a proposal writes it: only the fields Istio reads.
 * @public
 */
export interface PeerAuthenticationManifest {
  apiVersion: 'security.istio.io/v1';
  kind: 'PeerAuthentication';
  metadata: { name: string; namespace: string };
  spec: {
    selector?: { matchLabels: Record<string, string> };
    mtls: { mode: 'STRICT' };
    portLevelMtls?: Record<string, { mode: 'STRICT' | 'PERMISSIVE' }>;
  };
}

/**
 * One object a STRICT proposal creates or changes.
 * @public
 */
export interface PolicyChange {
  /** `update` when an existing policy decides and must be changed (a new one would lose to it, E4). */
  action: 'create' | 'update';
  manifest: PeerAuthenticationManifest;
  /** Why this object, one sentence. */
  why: string;
}

/**
 * What to apply to make a workload or a namespace STRICT.
 * @public
 */
export interface StrictProposal {
  scope: 'workload' | 'namespace';
  /** The cluster whose PeerAuthentications decide (the config cluster of a remote, C4). */
  cluster: string;
  namespace: string;
  changes: PolicyChange[];
  /** Other workloads whose mode the proposal changes too (a selector they share). */
  alsoAffects: string[];
  /** The changes as one YAML document stream, ready to apply. */
  yaml: string;
  /** The `kubectl apply` line for `fileName`. */
  command: string;
  fileName: string;
}

/**
 * Why a plaintext caller sends plaintext, and so what to do before STRICT:
 * `out-of-mesh` (inject or restart it), `external` (terminate at a gateway),
 * `destination-rule` (a DestinationRule disables TLS, E10), `scraper` (a
 * metrics scraper on a scrape port: a port exception, never a blocker),
 * `unexplained` (meshed, nothing says plaintext), `hidden` (a caller the
 * reader may not see, counted but not named).
 * @public
 */
export type PlaintextCallerReason =
  | 'out-of-mesh'
  | 'external'
  | 'destination-rule'
  | 'scraper'
  | 'unexplained'
  | 'hidden';

/**
 * One caller that sent plaintext over the window.
 * @public
 */
export interface ReadinessCaller {
  /** Workload id when the portal knows the caller. */
  workloadId?: string;
  cluster?: string;
  namespace?: string;
  workload?: string;
  entityRef?: string;
  owner?: string;
  reason: PlaintextCallerReason;
  /** What to do, one sentence. */
  action: string;
  plaintextRequests: number;
  plaintextConnections: number;
  /** When plaintext from it last arrived (ISO 8601, hourly resolution). */
  lastSeen?: string;
}

/**
 * Readiness of one workload to go STRICT:
 * `strict` (already), `ready` (traffic seen, none would break), `blocked`
 * (some callers would break), `unknown` (no traffic in the window: never
 * "ready"), `not-meshed` (no proxy would enforce STRICT, E5).
 * @public
 */
export type ReadinessState =
  | 'strict'
  | 'ready'
  | 'blocked'
  | 'unknown'
  | 'not-meshed';

/**
 * The STRICT readiness of one workload.
 * @public
 */
export interface WorkloadReadinessView {
  workloadId: string;
  cluster: string;
  namespace: string;
  name: string;
  entityRef?: string;
  owner?: string;
  /** Effective workload-level mode now. */
  mode: MtlsMode;
  /** The policy that decides it now, if any. */
  decidedBy?: ObjectRef;
  state: ReadinessState;
  blockers: ReadinessCaller[];
  scrapers: ReadinessCaller[];
  /** Ports that keep a PERMISSIVE `portLevelMtls` exception for scrapers. */
  portExceptions: number[];
  observedRequests: number;
  observedConnections: number;
  /** When `ready`: what to apply. */
  proposal?: StrictProposal;
}

/**
 * The STRICT readiness of one namespace: `ready` when every workload in it
 * is ready or already STRICT (and one is not), `strict` when all are.
 * @public
 */
export interface NamespaceReadinessView {
  cluster: string;
  namespace: string;
  state: 'strict' | 'ready' | 'blocked' | 'unknown';
  counts: Record<ReadinessState, number>;
  proposal?: StrictProposal;
}

/**
 * `GET /readiness/entity/...`: readiness of the workloads of one entity and
 * of their namespaces.
 * @public
 */
export interface EntityReadinessResponse {
  entityRef: string;
  window: string;
  dataTime: string;
  workloads: WorkloadReadinessView[];
  namespaces: NamespaceReadinessView[];
  sources: TelemetrySourceStatus[];
}

/**
 * `GET /readiness/audit`: every visible workload's readiness, for team
 * leads ("ready to tighten").
 * @public
 */
export interface ReadinessAuditResponse {
  window: string;
  dataTime: string;
  workloads: WorkloadReadinessView[];
  namespaces: NamespaceReadinessView[];
  sources: TelemetrySourceStatus[];
}
