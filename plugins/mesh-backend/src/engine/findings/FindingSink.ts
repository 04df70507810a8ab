import type {
  Finding,
  FindingSeverity,
  ObjectRef,
} from '@mesh-portal/plugin-mesh-common';
import { FINDING_CODES, FindingCode } from './codes';

/** What a finding builder supplies; the severity comes from the code's default. */
export interface FindingInput {
  code: FindingCode;
  cluster?: string;
  message: string;
  fix: string;
  objects: ObjectRef[];
  workloads?: string[];
  /** Overrides the code's default severity (e.g. an expired certificate). */
  severity?: FindingSeverity;
}

/** Collects the findings of one engine run, in a stable order. */
export class FindingSink {
  readonly findings: Finding[] = [];

  /** Adds one finding. */
  add(input: FindingInput): void {
    const finding: Finding = {
      code: input.code,
      severity: input.severity ?? FINDING_CODES[input.code],
      message: input.message,
      fix: input.fix,
      objects: input.objects,
    };
    if (input.cluster !== undefined) finding.cluster = input.cluster;
    if (input.workloads && input.workloads.length > 0) {
      finding.workloads = [...new Set(input.workloads)].sort();
    }
    this.findings.push(finding);
  }
}

/** Formats an object as `namespace/name` (or `name` when cluster-scoped). */
export function describeRef(ref: ObjectRef): string {
  return ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
}
