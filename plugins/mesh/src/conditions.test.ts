import type { Entity } from '@backstage/catalog-model';
import { isMeshAvailable } from './conditions';

function withAnnotations(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'x', annotations },
  };
}

describe('isMeshAvailable', () => {
  it('is true with the Kubernetes id annotation', () => {
    expect(
      isMeshAvailable(withAnnotations({ 'backstage.io/kubernetes-id': 'x' })),
    ).toBe(true);
  });

  it('is true with a label selector', () => {
    expect(
      isMeshAvailable(
        withAnnotations({ 'backstage.io/kubernetes-label-selector': 'app=x' }),
      ),
    ).toBe(true);
  });

  it('is false without annotations, or with only the narrowing ones', () => {
    expect(isMeshAvailable(withAnnotations({}))).toBe(false);
    expect(
      isMeshAvailable(
        withAnnotations({
          'backstage.io/kubernetes-namespace': 'web',
          'backstage.io/kubernetes-cluster': 'platform',
        }),
      ),
    ).toBe(false);
  });

  it('is false with an empty value', () => {
    expect(
      isMeshAvailable(withAnnotations({ 'backstage.io/kubernetes-id': '' })),
    ).toBe(false);
  });
});
