import { createHash } from 'node:crypto';
import type {
  Finding,
  ServiceSummary,
  Workload,
} from '@mesh-portal/plugin-mesh-common';
import { matchEntityWorkloads, type EntityIndex } from '../entities';
import type { MeshView } from '../snapshot';

/**
 * Short digests of one model: of the whole model, and of each annotated
 * entity's part of it (what its card and Mesh tab show). Two snapshots are
 * compared by these digests, never by their JSON.
 */
export interface MeshFingerprints {
  /** Digest of every workload, Service and finding of the model. */
  model: string;
  /** Entity ref -> digest of its workloads, their Services and findings. */
  entities: Map<string, string>;
}

function digest(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

function serviceKey(s: { cluster: string; namespace?: string; name: string }) {
  return `${s.cluster}/${s.namespace}/${s.name}`;
}

/**
 * Digests every part of a model once, so that an entity's digest is a digest
 * of a few short strings, whatever the size of its workloads: the cost is one
 * serialisation of the model plus a few lookups per claimed workload.
 */
class ModelDigests {
  private readonly workloads = new Map<Workload, string>();
  private readonly services = new Map<ServiceSummary, string>();
  private readonly findings = new Map<Finding, string>();
  private readonly findingsByService = new Map<string, Finding[]>();
  readonly model: string;

  constructor(private readonly view: MeshView) {
    const { model } = view.index;
    for (const finding of model.findings) {
      this.findings.set(finding, digest(JSON.stringify(finding)));
      for (const object of finding.objects) {
        if (object.kind !== 'Service') continue;
        const key = serviceKey(object);
        const list = this.findingsByService.get(key);
        if (list) list.push(finding);
        else this.findingsByService.set(key, [finding]);
      }
    }
    for (const workload of model.workloads) {
      this.workloads.set(workload, digest(JSON.stringify(workload)));
    }
    for (const service of model.services) {
      this.services.set(service, digest(JSON.stringify(service)));
    }
    const whole = createHash('sha1');
    for (const part of [this.workloads, this.services, this.findings]) {
      for (const partDigest of part.values()) whole.update(partDigest);
    }
    this.model = whole.digest('base64');
  }

  /** The digest of one entity's part, as its card and Mesh tab show it. */
  entity(entities: EntityIndex, ref: string): string | undefined {
    const selector = entities.selectorOfRef(ref);
    if (!selector) return undefined;
    const { index } = this.view;
    const parts: string[] = [];
    const findings = new Set<Finding>();
    for (const workload of matchEntityWorkloads(selector, index)) {
      // Who else claims a workload decides who may see it (and raises a
      // finding on the entity's page): part of the entity's view.
      const claimants = entities.claimantsOf(workload.id).map(c => c.ref);
      parts.push(
        `${
          this.workloads.get(workload) ?? digest(JSON.stringify(workload))
        } ${claimants.join(',')}`,
      );
      for (const finding of index.findingsByWorkload.get(workload.id) ?? []) {
        findings.add(finding);
      }
      for (const service of index.servicesByWorkload.get(workload.id) ?? []) {
        parts.push(
          this.services.get(service) ?? digest(JSON.stringify(service)),
        );
        for (const finding of this.findingsByService.get(serviceKey(service)) ??
          []) {
          findings.add(finding);
        }
      }
    }
    const findingDigests = [...findings]
      .map(finding => this.findings.get(finding) ?? '')
      .sort();
    parts.sort();
    return digest([...parts, ...findingDigests].join('\n'));
  }
}

/**
 * The digests of a model and of every annotated entity's part of it.
 * Entities whose selector matches nothing get a digest too (of nothing), so
 * that an entity whose workloads appear or disappear is seen as changed.
 */
export function meshFingerprints(
  view: MeshView,
  entities: EntityIndex,
): MeshFingerprints {
  const digests = new ModelDigests(view);
  const byEntity = new Map<string, string>();
  for (const ref of entities.refs()) {
    const entityDigest = digests.entity(entities, ref);
    if (entityDigest !== undefined) byEntity.set(ref, entityDigest);
  }
  return { model: digests.model, entities: byEntity };
}

/**
 * The refs whose digest differs between two sets of fingerprints: changed,
 * appeared or gone.
 */
export function changedEntityRefs(
  before: MeshFingerprints,
  after: MeshFingerprints,
): string[] {
  const changed: string[] = [];
  for (const [ref, fingerprint] of after.entities) {
    if (before.entities.get(ref) !== fingerprint) changed.push(ref);
  }
  for (const ref of before.entities.keys()) {
    if (!after.entities.has(ref)) changed.push(ref);
  }
  return changed;
}
