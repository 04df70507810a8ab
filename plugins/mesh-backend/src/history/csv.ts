import type { AuditRow } from '@mesh-portal/plugin-mesh-common';

/**
 * The columns of the audit CSV export, in order, with how each is read from
 * a row.
 * @public
 */
export const AUDIT_CSV_COLUMNS: ReadonlyArray<{
  header: string;
  value: (row: AuditRow) => string | number | undefined;
}> = [
  { header: 'cluster', value: row => row.cluster },
  { header: 'namespace', value: row => row.namespace },
  { header: 'kind', value: row => row.kind },
  { header: 'workload', value: row => row.workload },
  { header: 'entity', value: row => row.entityRef },
  { header: 'owner', value: row => row.owner },
  { header: 'system', value: row => row.system },
  { header: 'membership', value: row => row.membership },
  { header: 'coverage', value: row => row.coverage },
  { header: 'mode', value: row => row.mode },
  { header: 'decidedBy', value: row => row.decidedBy },
  { header: 'decidedScope', value: row => row.decidedScope },
  { header: 'observedMtlsShare', value: row => row.observedMtlsShare },
  { header: 'findings', value: row => row.findings },
  // Last, so existing consumers' column positions stay. Without it, `mode`
  // reads STRICT for workloads on which no proxy enforces it.
  {
    header: 'enforced',
    value: row =>
      row.enforced === undefined ? undefined : String(row.enforced),
  },
  // `observedMtlsShare` is inbound (destination-reported); a plaintext
  // sender, e.g. one outside the mesh, shows in its outbound share.
  {
    header: 'observedOutboundMtlsShare',
    value: row => row.observedOutboundMtlsShare,
  },
  {
    header: 'sidecar',
    value: row => {
      if (row.nativeSidecar === undefined) return undefined;
      return row.nativeSidecar ? 'native' : 'classic';
    },
  },
];

/** Leading characters a spreadsheet may read as the start of a formula (OWASP CSV injection). */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

function formatValue(value: string | number | undefined): string {
  if (value === undefined || value === null) {
    return '';
  }
  if (typeof value === 'number') {
    // Shares are 0-1; four decimals are plenty and avoid 0.30000000000000004.
    return Number.isFinite(value)
      ? String(Math.round(value * 10000) / 10000)
      : '';
  }
  return String(value);
}

/**
 * Makes one field safe: neutralises formula triggers with a leading single
 * quote, then quotes the field, doubling inner quotes. Every field is quoted,
 * not only those with a comma: spreadsheets in locales whose separator is `;`
 * would otherwise split `x;=1+1` into a formula cell.
 * @internal
 */
export function escapeCsvField(raw: string): string {
  const text = FORMULA_TRIGGERS.has(raw.charAt(0)) ? `'${raw}` : raw;
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * Options of {@link auditRowsToCsv}.
 * @public
 */
export interface AuditCsvOptions {
  /**
   * Start with a UTF-8 byte order mark, which Excel needs to read non-ASCII
   * text correctly (default false).
   */
  byteOrderMark?: boolean;
}

/**
 * Renders audit rows as CSV (RFC 4180: CRLF line ends, a header row, quoted
 * fields where needed), with spreadsheet formula injection neutralised.
 * The result is a JavaScript string; send it as UTF-8.
 * @public
 */
export function auditRowsToCsv(
  rows: AuditRow[],
  options: AuditCsvOptions = {},
): string {
  const lines = [
    AUDIT_CSV_COLUMNS.map(column => escapeCsvField(column.header)).join(','),
  ];
  for (const row of rows) {
    lines.push(
      AUDIT_CSV_COLUMNS.map(column =>
        escapeCsvField(formatValue(column.value(row))),
      ).join(','),
    );
  }
  const bom = options.byteOrderMark ? '\uFEFF' : '';
  return `${bom}${lines.join('\r\n')}\r\n`;
}
