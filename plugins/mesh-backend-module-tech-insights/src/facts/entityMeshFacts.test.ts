import type { Finding, Workload } from '@mesh-portal/plugin-mesh-common';
import { entityMeshFacts } from './entityMeshFacts';

function workload(
  name: string,
  state: Workload['membership']['state'],
  coverage: Workload['coverage'],
): Workload {
  return {
    id: `c/ns/Deployment/${name}`,
    cluster: 'c',
    namespace: 'ns',
    kind: 'Deployment',
    name,
    labels: {},
    replicas: { ready: 1, current: 1 },
    versions: [],
    images: [],
    membership: { state, pods: {}, reason: '' },
    mtls: {} as Workload['mtls'],
    coverage,
    services: [],
  };
}

const finding = (severity: Finding['severity']): Finding => ({
  code: 'X',
  severity,
  message: '',
  fix: '',
  objects: [],
});

describe('entityMeshFacts', () => {
  it('has no facts for an entity without workloads', () => {
    expect(entityMeshFacts({ workloads: [], findings: [] })).toBeUndefined();
  });

  it("does not count Istio's own workloads (M8), so gateways alone give no facts", () => {
    const gateway = workload('gw', 'infrastructure', 'infrastructure');
    expect(
      entityMeshFacts({ workloads: [gateway], findings: [] }),
    ).toBeUndefined();
  });

  it('counts membership (M6, M7), STRICT share and findings by severity', () => {
    const facts = entityMeshFacts(
      {
        workloads: [
          workload('a', 'sidecar', 'strict'),
          workload('b', 'ambient', 'meshed-not-strict'),
          workload('c', 'partial', 'meshed-not-strict'),
          workload('d', 'none', 'outside'),
        ],
        findings: [finding('error'), finding('warning'), finding('warning')],
      },
      0.75,
    );
    expect(facts).toEqual({
      meshWorkloads: 4,
      meshAllWorkloadsMeshed: false,
      meshStrictOnEveryPort: false,
      meshStrictWorkloadShare: 0.25,
      meshErrorFindings: 1,
      meshWarningFindings: 2,
      meshObservedInboundMtlsShare: 0.75,
    });
  });

  it('is STRICT on every port only when every workload is', () => {
    const facts = entityMeshFacts({
      workloads: [workload('a', 'sidecar', 'strict')],
      findings: [finding('info')],
    });
    expect(facts).toMatchObject({
      meshAllWorkloadsMeshed: true,
      meshStrictOnEveryPort: true,
      meshStrictWorkloadShare: 1,
      meshErrorFindings: 0,
    });
    expect(facts).not.toHaveProperty('meshObservedInboundMtlsShare');
  });
});

describe('entityMeshFacts with STRICT readiness', () => {
  it('adds meshStrictReady and the count ready to tighten, over application workloads only', () => {
    const a = workload('a', 'sidecar', 'meshed-not-strict');
    const gateway = workload('gw', 'infrastructure', 'infrastructure');
    const facts = entityMeshFacts(
      { workloads: [a, gateway], findings: [] },
      undefined,
      {
        workloads: [
          { workloadId: a.id, state: 'ready' },
          // The gateway's state does not count (M8).
          { workloadId: gateway.id, state: 'blocked' },
        ] as never,
      },
    );
    expect(facts).toMatchObject({
      meshStrictReady: true,
      meshWorkloadsReadyToTighten: 1,
    });
  });

  it('leaves meshStrictReady out when a workload is unknown (no traffic), and both out without readiness', () => {
    const a = workload('a', 'sidecar', 'meshed-not-strict');
    const unknown = entityMeshFacts({ workloads: [a], findings: [] }, 1, {
      workloads: [{ workloadId: a.id, state: 'unknown' }] as never,
    });
    expect(unknown).not.toHaveProperty('meshStrictReady');
    expect(unknown).toHaveProperty('meshWorkloadsReadyToTighten', 0);
    const none = entityMeshFacts({ workloads: [a], findings: [] });
    expect(none).not.toHaveProperty('meshStrictReady');
    expect(none).not.toHaveProperty('meshWorkloadsReadyToTighten');
  });
});
