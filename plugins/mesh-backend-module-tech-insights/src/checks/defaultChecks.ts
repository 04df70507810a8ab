import type { JsonPrimitive } from '@backstage/types';
import { MESH_FACT_RETRIEVER_ID, meshFactNames } from '../facts';

/**
 * One JSON rules engine check, in the shape app-config declares it.
 * @public
 */
export type JsonRulesCheckConfig = {
  type: 'json-rules-engine';
  name: string;
  description: string;
  factIds: string[];
  rule: {
    conditions: {
      all: Array<{ fact: string; operator: string; value: JsonPrimitive }>;
    };
  };
};

function check(
  name: string,
  description: string,
  fact: string,
  operator: string,
  value: JsonPrimitive,
): JsonRulesCheckConfig {
  return {
    type: 'json-rules-engine',
    name,
    description,
    factIds: [MESH_FACT_RETRIEVER_ID],
    rule: { conditions: { all: [{ fact, operator, value }] } },
  };
}

/**
 * The default mesh checks for the JSON rules engine fact checker
 * (`@backstage-community/plugin-tech-insights-backend-module-jsonfc`), keyed
 * by check id, exactly as they go under `techInsights.factChecker.checks` in
 * app-config (the README shows them as YAML; the demo's app-config.yaml holds
 * them and a test keeps the two equal).
 * @public
 */
export const meshDefaultChecks: Record<string, JsonRulesCheckConfig> = {
  meshInTheMesh: check(
    'In the mesh',
    'Every pod of every workload runs in the Istio mesh (sidecar or ambient).',
    meshFactNames.allWorkloadsMeshed,
    'equal',
    true,
  ),
  meshStrictMtls: check(
    'STRICT mTLS on every port',
    'Every workload accepts only mutual TLS: its effective PeerAuthentication mode is STRICT on every port.',
    meshFactNames.strictOnEveryPort,
    'equal',
    true,
  ),
  meshNoErrorFindings: check(
    'No error findings',
    'The mesh plugin reports no finding of severity error for the workloads or Services.',
    meshFactNames.errorFindings,
    'equal',
    0,
  ),
};
