import type { Finding, MeshModel } from '@mesh-portal/plugin-mesh-common';
import { WorkloadIndex } from '../snapshot';
import { serviceLookupsOf } from './serviceLookups';

const finding = (code: string, services: string[]): Finding => ({
  code,
  severity: 'warning',
  message: code,
  fix: 'none',
  objects: services.map(name => ({
    cluster: 'west',
    kind: 'Service',
    namespace: 'shop',
    name,
  })),
});

describe('serviceLookupsOf', () => {
  const findings = [
    finding('A', ['cart']),
    finding('B', ['checkout', 'cart']),
    finding('C', ['checkout']),
  ];
  const model = {
    clusters: [],
    workloads: [],
    services: [
      {
        id: 'west/shop/cart',
        cluster: 'west',
        namespace: 'shop',
        name: 'cart',
        workloads: [],
      },
    ],
    findings,
  } as unknown as MeshModel;

  it("lists each Service's findings in the model's order, once per model", () => {
    const index = new WorkloadIndex(model);
    const lookups = serviceLookupsOf(index);
    expect(lookups.findingsByService.get('west/shop/cart')).toEqual([
      findings[0],
      findings[1],
    ]);
    expect(lookups.findingsByService.get('west/shop/checkout')).toEqual([
      findings[1],
      findings[2],
    ]);
    expect(lookups.findingOrder.get(findings[2])).toBe(2);
    expect(lookups.servicesByKey.get('west/shop/cart')?.id).toBe(
      'west/shop/cart',
    );
    expect(serviceLookupsOf(index)).toBe(lookups);
    expect(serviceLookupsOf(new WorkloadIndex(model))).not.toBe(lookups);
  });
});
