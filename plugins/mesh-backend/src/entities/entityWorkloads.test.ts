import type { Entity } from '@backstage/catalog-model';
import { testModel, workload } from '../__testUtils__/fixtures';
import { computeMeshModel } from '../engine';
import { clusterFrom } from '../engine/__fixtures__/builders';
import { WorkloadIndex } from '../snapshot';
import { matchEntityWorkloads, selectorOfEntity } from './entityWorkloads';
import { matchesLabels, parseLabelSelector } from '../labels';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'svc', annotations },
  spec: {},
});

describe('parseLabelSelector', () => {
  it.each([
    ['app=web', { app: 'web' }, true],
    ['app==web', { app: 'web' }, true],
    ['app!=web', { app: 'web' }, false],
    ['app!=web', {}, true],
    ['tier in (front, back)', { tier: 'back' }, true],
    ['tier notin (front,back)', { tier: 'back' }, false],
    ['tier', { tier: '' }, true],
    ['!tier', { tier: 'x' }, false],
    ['app=web,tier in (front),!canary', { app: 'web', tier: 'front' }, true],
    ['app.kubernetes.io/name=web', { 'app.kubernetes.io/name': 'web' }, true],
  ])('%s on %j is %s', (selector, labels, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), labels)).toBe(expected);
  });

  it('accepts an empty value, as Kubernetes does', () => {
    expect(parseLabelSelector('app=')).toEqual([
      { key: 'app', operator: 'in', values: [''] },
    ]);
  });

  it.each(['', 'a b c', 'app in (x', '=web', 'app=we b', 'app=-x'])(
    'refuses %j',
    selector => {
      expect(() => parseLabelSelector(selector)).toThrow();
    },
  );
});

describe('entity workloads', () => {
  const index = new WorkloadIndex({
    ...testModel,
    workloads: [
      ...testModel.workloads,
      {
        ...workload('web', 'web-frontend', {
          'backstage.io/kubernetes-id': 'web-frontend',
        }),
        id: 'compute/web/Deployment/web-frontend',
        cluster: 'compute',
      },
      workload('spark', 'executor', { 'spark-role': 'executor' }),
    ],
  });

  it('matches backstage.io/kubernetes-id across clusters', () => {
    const selector = selectorOfEntity(
      entity({ 'backstage.io/kubernetes-id': 'web-frontend' }),
    )!;
    expect(
      matchEntityWorkloads(selector, index)
        .map(w => w.id)
        .sort(),
    ).toEqual([
      'compute/web/Deployment/web-frontend',
      'platform/web/Deployment/web-frontend',
    ]);
  });

  it('restricts to backstage.io/kubernetes-cluster', () => {
    const selector = selectorOfEntity(
      entity({
        'backstage.io/kubernetes-id': 'web-frontend',
        'backstage.io/kubernetes-cluster': 'compute',
      }),
    )!;
    expect(matchEntityWorkloads(selector, index).map(w => w.cluster)).toEqual([
      'compute',
    ]);
  });

  it('prefers the label selector and honours the namespace annotation', () => {
    const selector = selectorOfEntity(
      entity({
        'backstage.io/kubernetes-id': 'web-frontend',
        'backstage.io/kubernetes-label-selector': 'spark-role in (executor)',
        'backstage.io/kubernetes-namespace': 'spark',
      }),
    )!;
    expect(matchEntityWorkloads(selector, index).map(w => w.name)).toEqual([
      'executor',
    ]);
    const wrongNamespace = { ...selector, namespace: 'web' };
    expect(matchEntityWorkloads(wrongNamespace, index)).toEqual([]);
  });

  it('reports a bad selector instead of matching everything', () => {
    const selector = selectorOfEntity(
      entity({ 'backstage.io/kubernetes-label-selector': 'app in (' }),
    )!;
    expect(selector.error).toMatch(/kubernetes-label-selector/);
    expect(matchEntityWorkloads(selector, index)).toEqual([]);
  });

  it('ignores entities without the annotations', () => {
    expect(selectorOfEntity(entity({}))).toBeUndefined();
  });
});

describe('entity workloads matched on the controller own labels', () => {
  // Only the Deployment carries the id (a common way to satisfy the
  // Kubernetes plugin); its pods do not.
  const deployment = (name: string, labels: Record<string, string>) => [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'web', labels },
      spec: {
        replicas: 1,
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name: 'app' }] },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${name}-0`,
        namespace: 'web',
        labels: { app: name },
        ownerReferences: [{ kind: 'Deployment', name, controller: true }],
      },
      spec: { containers: [{ name: 'app' }] },
    },
  ];
  const model = computeMeshModel([
    clusterFrom('platform', [
      ...deployment('checkout', { 'backstage.io/kubernetes-id': 'checkout' }),
      ...deployment('other', { team: 'payments' }),
    ]),
  ]);
  const index = new WorkloadIndex(model);
  const ids = (annotations: Record<string, string>) =>
    matchEntityWorkloads(selectorOfEntity(entity(annotations))!, index).map(
      w => w.id,
    );

  it('matches backstage.io/kubernetes-id set only on the Deployment', () => {
    expect(ids({ 'backstage.io/kubernetes-id': 'checkout' })).toEqual([
      'platform/web/Deployment/checkout',
    ]);
  });

  it('matches a label selector on the Deployment labels, with set-based terms beside the positive one', () => {
    expect(
      ids({ 'backstage.io/kubernetes-label-selector': 'team=payments' }),
    ).toEqual(['platform/web/Deployment/other']);
    expect(
      ids({
        'backstage.io/kubernetes-label-selector': 'team in (payments),!missing',
      }),
    ).toEqual(['platform/web/Deployment/other']);
  });

  it('keeps controller labels out of the labels policies select on', () => {
    const checkout = model.workloads.find(w => w.name === 'checkout')!;
    expect(checkout.labels).toEqual({ app: 'checkout' });
    expect(checkout.controllerLabels).toEqual({
      'backstage.io/kubernetes-id': 'checkout',
    });
  });
});
