import { detectPostureChanges, isRegression } from './detectPostureChanges';
import type { EntityPosture } from './entityPosture';

const W1 = 'platform/api/Deployment/public-api';
const W2 = 'compute/api/Deployment/public-api';
const FINDING =
  'MESH-DR-DISABLES-STRICT platform platform/api/DestinationRule/x';

function posture(
  workloads: Record<string, 'strict' | 'meshed' | 'outside'>,
  errorFindings: string[] = [],
): EntityPosture {
  return {
    workloads: Object.fromEntries(
      Object.entries(workloads).map(([id, state]) => [
        id,
        { meshed: state !== 'outside', strict: state === 'strict' },
      ]),
    ),
    errorFindings,
  };
}

describe('detectPostureChanges', () => {
  it('sees nothing on an unchanged refresh', () => {
    const p = posture({ [W1]: 'strict', [W2]: 'meshed' }, [FINDING]);
    expect(detectPostureChanges(p, structuredClone(p))).toBeUndefined();
  });

  it('sees nothing for an entity with no workloads, before or after', () => {
    expect(detectPostureChanges(undefined, undefined)).toBeUndefined();
    expect(
      detectPostureChanges(undefined, posture({ [W1]: 'meshed' })),
    ).toBeUndefined();
    expect(
      detectPostureChanges(posture({ [W1]: 'strict' }), undefined),
    ).toBeUndefined();
  });

  it('sees a workload leave STRICT (E1 namespace policy switched to PERMISSIVE)', () => {
    const change = detectPostureChanges(
      posture({ [W1]: 'strict', [W2]: 'strict' }),
      posture({ [W1]: 'meshed', [W2]: 'strict' }),
    );
    expect(change).toEqual({
      leftStrict: [W1],
      leftMesh: [],
      newErrorFindings: [],
      becameStrictEverywhere: false,
    });
    expect(isRegression(change!)).toBe(true);
  });

  it('sees a workload leave the mesh (M6: pods restarted without a sidecar), once, not also as leaving STRICT', () => {
    const change = detectPostureChanges(
      posture({ [W1]: 'strict' }),
      posture({ [W1]: 'outside' }),
    );
    expect(change).toMatchObject({ leftMesh: [W1], leftStrict: [] });
  });

  it('sees a new error finding, but not one that was already there', () => {
    const other = 'MESH-OTHER platform platform/api/Deployment/public-api';
    const change = detectPostureChanges(
      posture({ [W1]: 'meshed' }, [FINDING]),
      posture({ [W1]: 'meshed' }, [FINDING, other]),
    );
    expect(change).toMatchObject({ newErrorFindings: [other] });
    expect(isRegression(change!)).toBe(true);
  });

  it('sees the entity become STRICT everywhere, as an improvement only', () => {
    const change = detectPostureChanges(
      posture({ [W1]: 'meshed', [W2]: 'strict' }, [FINDING]),
      posture({ [W1]: 'strict', [W2]: 'strict' }),
    );
    expect(change).toEqual({
      leftStrict: [],
      leftMesh: [],
      newErrorFindings: [],
      becameStrictEverywhere: true,
    });
    expect(isRegression(change!)).toBe(false);
  });

  it('does not count a removed workload or a new non-STRICT workload as a regression', () => {
    expect(
      detectPostureChanges(
        posture({ [W1]: 'strict', [W2]: 'strict' }),
        posture({ [W1]: 'strict' }),
      ),
    ).toBeUndefined();
    expect(
      detectPostureChanges(
        posture({ [W1]: 'meshed' }),
        posture({ [W1]: 'meshed', [W2]: 'outside' }),
      ),
    ).toBeUndefined();
  });
});
