import { computeMeshModel } from './index';
import {
  clusterFrom,
  deploymentWithPods,
  namespace,
  service,
} from './__fixtures__/builders';

// Simulates a defect in one step of the engine: summarising the Service named
// "explode" throws. The engine must turn that into a finding, not a crash.
jest.mock('./clientTls', () => {
  const actual = jest.requireActual('./clientTls');
  return {
    ...actual,
    summarizeService: (ctx: { service: { name: string } }, sink: unknown) => {
      if (ctx.service.name === 'explode') throw new Error('simulated defect');
      return actual.summarizeService(ctx, sink);
    },
  };
});

describe('MESH-ENGINE-ERROR', () => {
  it('MESH-ENGINE-ERROR: an unexpected failure costs only that cluster, reported as a finding', () => {
    const objects = (svc: string) => [
      namespace('apps'),
      ...deploymentWithPods('web', 'apps', { app: 'web' }),
      service(svc, 'apps', { app: 'web' }),
    ];
    const model = computeMeshModel([
      clusterFrom('broken', objects('explode')),
      clusterFrom('fine', objects('web')),
    ]);
    const errors = model.findings.filter(f => f.code === 'MESH-ENGINE-ERROR');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ severity: 'error', cluster: 'broken' });
    expect(errors[0].message).toContain('simulated defect');
    expect(model.workloads.map(w => w.id)).toEqual([
      'fine/apps/Deployment/web',
    ]);
    expect(model.clusters.map(c => c.cluster)).toEqual(['broken', 'fine']);
  });
});
