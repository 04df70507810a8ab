import type { FactSchema } from '@backstage-community/plugin-tech-insights-common';

/**
 * Id of the mesh fact retriever; also its key under
 * `techInsights.factRetrievers` in app-config (where its cadence is set).
 * @public
 */
export const MESH_FACT_RETRIEVER_ID = 'meshFactRetriever';

/**
 * Names of the mesh facts, as checks reference them in `factIds` and rules.
 * @public
 */
export const meshFactNames = {
  workloads: 'meshWorkloads',
  allWorkloadsMeshed: 'meshAllWorkloadsMeshed',
  strictOnEveryPort: 'meshStrictOnEveryPort',
  strictWorkloadShare: 'meshStrictWorkloadShare',
  errorFindings: 'meshErrorFindings',
  warningFindings: 'meshWarningFindings',
  observedInboundMtlsShare: 'meshObservedInboundMtlsShare',
  strictReady: 'meshStrictReady',
  workloadsReadyToTighten: 'meshWorkloadsReadyToTighten',
} as const;

/**
 * The schema of the mesh facts. Every fact is about the entity's application
 * workloads (Istio's own gateways and istiod are not counted); an entity
 * without workloads gets no facts at all.
 * @public
 */
export const meshFactSchema: FactSchema = {
  [meshFactNames.workloads]: {
    type: 'integer',
    description:
      'Workloads (Deployments, StatefulSets, ...) the entity claims, without Istio infrastructure',
  },
  [meshFactNames.allWorkloadsMeshed]: {
    type: 'boolean',
    description:
      'Every pod of every workload runs in the mesh (sidecar or ambient)',
  },
  [meshFactNames.strictOnEveryPort]: {
    type: 'boolean',
    description:
      'Every workload is meshed and its effective PeerAuthentication mode is STRICT on every port',
  },
  [meshFactNames.strictWorkloadShare]: {
    type: 'float',
    description:
      'Share (0-1) of the workloads that are meshed and STRICT on every port',
  },
  [meshFactNames.errorFindings]: {
    type: 'integer',
    description:
      "Mesh findings of severity error touching the entity's workloads or Services",
  },
  [meshFactNames.warningFindings]: {
    type: 'integer',
    description:
      "Mesh findings of severity warning touching the entity's workloads or Services",
  },
  [meshFactNames.observedInboundMtlsShare]: {
    type: 'float',
    description:
      'Share (0-1) of observed inbound requests that used mTLS, from Prometheus; absent without telemetry or traffic',
  },
  [meshFactNames.strictReady]: {
    type: 'boolean',
    description:
      'Every workload is STRICT already or ready for it (observed traffic, none of it plaintext that would break); false when one is blocked by plaintext callers or not meshed; absent when one saw no traffic (unknown, never ready) or without telemetry',
  },
  [meshFactNames.workloadsReadyToTighten]: {
    type: 'integer',
    description:
      'Workloads not yet STRICT that could be made STRICT without breaking observed traffic; absent without telemetry',
  },
};
