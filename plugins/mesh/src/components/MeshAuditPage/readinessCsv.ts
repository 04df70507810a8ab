import type { WorkloadReadinessView } from '@mesh-portal/plugin-mesh-common';
import { callerName } from '../Readiness';

/** Leading characters a spreadsheet may read as a formula (OWASP CSV injection). */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** One field, formula triggers neutralised and always quoted (as the audit export does). */
function field(value: string | number | undefined): string {
  const raw = value === undefined ? '' : String(value);
  const text = FORMULA_TRIGGERS.has(raw.charAt(0)) ? `'${raw}` : raw;
  return `"${text.replace(/"/g, '""')}"`;
}

const COLUMNS: Array<
  [string, (w: WorkloadReadinessView) => string | number | undefined]
> = [
  ['cluster', w => w.cluster],
  ['namespace', w => w.namespace],
  ['workload', w => w.name],
  ['entity', w => w.entityRef],
  ['owner', w => w.owner],
  ['mode', w => w.mode],
  ['readiness', w => w.state],
  [
    'blockers',
    w => w.blockers.map(b => `${callerName(b)} (${b.reason})`).join('; '),
  ],
  ['portExceptions', w => w.portExceptions.join(' ')],
  ['observedRequests', w => Math.round(w.observedRequests)],
  ['observedConnections', w => Math.round(w.observedConnections)],
  ['proposal', w => w.proposal?.fileName],
];

/** The "ready to tighten" list as CSV (RFC 4180, CRLF, a header row). */
export function readinessToCsv(workloads: WorkloadReadinessView[]): string {
  const lines = [COLUMNS.map(([header]) => field(header)).join(',')];
  for (const w of workloads) {
    lines.push(COLUMNS.map(([, value]) => field(value(w))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
