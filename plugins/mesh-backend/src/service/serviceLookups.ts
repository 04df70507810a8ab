import type { Finding, ServiceSummary } from '@mesh-portal/plugin-mesh-common';
import type { WorkloadIndex } from '../snapshot';
import type { ServicesByKey } from './access';

/** `<cluster>/<namespace>/<name>` of a Service or of an object reference. */
export function serviceKey(s: {
  cluster: string;
  namespace?: string;
  name: string;
}): string {
  return `${s.cluster}/${s.namespace}/${s.name}`;
}

/** Lookups by Service over one mesh model, see {@link serviceLookupsOf}. */
export interface ServiceLookups {
  /** Every Service by key. */
  servicesByKey: ServicesByKey;
  /** The findings naming each Service among their objects, in model order. */
  findingsByService: ReadonlyMap<string, readonly Finding[]>;
  /** Each finding's position in the model, to keep the model's order. */
  findingOrder: ReadonlyMap<Finding, number>;
}

const lookups = new WeakMap<WorkloadIndex, ServiceLookups>();

/**
 * Services and the findings naming them, by Service key, made once per mesh
 * model (the index is immutable; a WeakMap lets them go with it). An entity
 * request used to rebuild the map of every Service and pass over every
 * finding of the mesh to find the few touching its own Services.
 * @internal
 */
export function serviceLookupsOf(index: WorkloadIndex): ServiceLookups {
  let found = lookups.get(index);
  if (found) return found;
  const servicesByKey = new Map<string, ServiceSummary>(
    index.model.services.map(s => [serviceKey(s), s]),
  );
  const findingsByService = new Map<string, Finding[]>();
  const findingOrder = new Map<Finding, number>();
  index.model.findings.forEach((finding, position) => {
    findingOrder.set(finding, position);
    const keys = new Set(
      finding.objects.filter(o => o.kind === 'Service').map(serviceKey),
    );
    for (const key of keys) {
      const list = findingsByService.get(key);
      if (list) list.push(finding);
      else findingsByService.set(key, [finding]);
    }
  });
  found = { servicesByKey, findingsByService, findingOrder };
  lookups.set(index, found);
  return found;
}
