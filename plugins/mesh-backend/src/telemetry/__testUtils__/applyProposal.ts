import { parseAllDocuments } from 'yaml';
import type { StrictProposal } from '@mesh-portal/plugin-mesh-common';

type Obj = Record<string, any>;

/**
 * The objects after `kubectl apply -f` of a proposal's YAML: an update
 * replaces the object and keeps its creation time, as `kubectl apply` does;
 * a new object is the newest.
 */
export function applied(objects: Obj[], proposal: StrictProposal): Obj[] {
  let out = [...objects];
  for (const doc of parseAllDocuments(proposal.yaml)) {
    const object = doc.toJSON() as Obj;
    const same = (o: Obj) =>
      o.kind === object.kind &&
      o.metadata.namespace === object.metadata.namespace &&
      o.metadata.name === object.metadata.name;
    const existing = out.find(same);
    object.metadata.creationTimestamp = existing
      ? existing.metadata.creationTimestamp
      : '2031-01-01T00:00:00Z';
    out = [...out.filter(o => !same(o)), object];
  }
  return out;
}
