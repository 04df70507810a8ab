import type {
  ReadinessState,
  Workload,
  WorkloadReadinessView,
} from '@mesh-portal/plugin-mesh-common';
import { strictReadiness } from './strictReadiness';

const workload = (name: string) =>
  ({ id: `c/ns/Deployment/${name}` } as Workload);

function readiness(states: Record<string, ReadinessState>) {
  return {
    workloads: Object.entries(states).map(
      ([name, state]) =>
        ({
          workloadId: `c/ns/Deployment/${name}`,
          state,
        } as WorkloadReadinessView),
    ),
  };
}

describe('strictReadiness', () => {
  const a = workload('a');
  const b = workload('b');

  it('is ready when every workload is STRICT or ready, and counts those to tighten', () => {
    expect(
      strictReadiness([a, b], readiness({ a: 'strict', b: 'ready' })),
    ).toEqual({ ready: true, readyToTighten: 1 });
    expect(
      strictReadiness([a, b], readiness({ a: 'strict', b: 'strict' })),
    ).toEqual({ ready: true, readyToTighten: 0 });
  });

  it('is not ready when a plaintext caller would break or no proxy would enforce STRICT (E5)', () => {
    expect(
      strictReadiness([a, b], readiness({ a: 'ready', b: 'blocked' })),
    ).toEqual({ ready: false, readyToTighten: 1 });
    expect(
      strictReadiness([a, b], readiness({ a: 'unknown', b: 'not-meshed' })),
    ).toEqual({ ready: false, readyToTighten: 0 });
  });

  it('is unknown, never ready, when a workload saw no traffic', () => {
    expect(
      strictReadiness([a, b], readiness({ a: 'ready', b: 'unknown' })),
    ).toEqual({ readyToTighten: 1 });
  });

  it('counts a workload the readiness answer does not list as unknown', () => {
    expect(strictReadiness([a, b], readiness({ a: 'strict' }))).toEqual({
      readyToTighten: 0,
    });
  });
});
