import { parseCsv, type AuditRow } from '@mesh-portal/plugin-mesh-common';
import { AUDIT_CSV_COLUMNS, auditRowsToCsv, escapeCsvField } from './csv';

const HEADER_NAMES = [
  'cluster',
  'namespace',
  'kind',
  'workload',
  'entity',
  'owner',
  'system',
  'membership',
  'coverage',
  'mode',
  'decidedBy',
  'decidedScope',
  'observedMtlsShare',
  'findings',
  'enforced',
  'observedOutboundMtlsShare',
  'sidecar',
];
/** Every field quoted (see escapeCsvField). */
const quoteAll = (fields: string[]) => fields.map(f => `"${f}"`).join(',');
const HEADER = quoteAll(HEADER_NAMES);

function row(overrides: Partial<AuditRow> = {}): AuditRow {
  return {
    workloadId: 'platform/web/Deployment/frontend',
    cluster: 'platform',
    namespace: 'web',
    kind: 'Deployment',
    workload: 'frontend',
    entityRef: 'component:default/web-frontend',
    owner: 'group:default/web-team',
    system: 'storefront',
    membership: 'sidecar',
    coverage: 'strict',
    mode: 'STRICT',
    enforced: true,
    decidedBy: 'istio-system/default',
    decidedScope: 'mesh',
    observedMtlsShare: 0.98765,
    observedOutboundMtlsShare: 1,
    nativeSidecar: false,
    findings: 2,
    ...overrides,
  };
}

describe('auditRowsToCsv', () => {
  it('says when a STRICT mode is not enforced (no proxy), and leaves it empty when unknown', () => {
    const records = parseCsv(
      auditRowsToCsv([
        row({ coverage: 'outside', membership: 'none', enforced: false }),
        row({ enforced: undefined }),
      ]),
    ).slice(1);
    const at = HEADER_NAMES.indexOf('enforced');
    expect(records.map(r => [r[HEADER_NAMES.indexOf('mode')], r[at]])).toEqual([
      ['STRICT', 'false'],
      ['STRICT', ''],
    ]);
  });

  it('splits observed mTLS into inbound and outbound, so a plaintext sender outside the mesh shows (O1, O2)', () => {
    const records = parseCsv(
      auditRowsToCsv([
        row({
          workload: 'legacy-reporting',
          membership: 'none',
          coverage: 'outside',
          enforced: false,
          observedMtlsShare: undefined,
          observedOutboundMtlsShare: 0,
          nativeSidecar: undefined,
        }),
        row({ nativeSidecar: true }),
      ]),
    ).slice(1);
    const cells = (name: string) =>
      records.map(r => r[HEADER_NAMES.indexOf(name)]);
    expect(cells('observedMtlsShare')).toEqual(['', '0.9877']);
    expect(cells('observedOutboundMtlsShare')).toEqual(['0', '1']);
    // M4: native sidecars (restartable init containers) are told apart.
    expect(cells('sidecar')).toEqual(['', 'native']);
  });

  it('writes the header and one CRLF-terminated record per row', () => {
    const csv = auditRowsToCsv([row()]);
    expect(csv).toBe(
      `${HEADER}\r\n${quoteAll([
        'platform',
        'web',
        'Deployment',
        'frontend',
        'component:default/web-frontend',
        'group:default/web-team',
        'storefront',
        'sidecar',
        'strict',
        'STRICT',
        'istio-system/default',
        'mesh',
        '0.9877',
        '2',
        'true',
        '1',
        'classic',
      ])}\r\n`,
    );
    expect(AUDIT_CSV_COLUMNS.map(c => c.header)).toEqual(HEADER_NAMES);
  });

  it('writes only the header for no rows', () => {
    expect(auditRowsToCsv([])).toBe(`${HEADER}\r\n`);
  });

  it('leaves absent optional values empty', () => {
    const csv = auditRowsToCsv([
      row({
        entityRef: undefined,
        owner: undefined,
        system: undefined,
        observedMtlsShare: undefined,
        findings: 0,
      }),
    ]);
    const [, record] = parseCsv(csv);
    expect(record[4]).toBe('');
    expect(record[5]).toBe('');
    expect(record[6]).toBe('');
    expect(record[12]).toBe('');
    expect(record[13]).toBe('0');
  });

  it('quotes fields holding commas, quotes and line breaks, doubling quotes', () => {
    const csv = auditRowsToCsv([
      row({
        workload: 'a,b',
        system: 'say "hi"',
        decidedBy: 'line1\nline2',
        decidedScope: 'cr\rhere',
        owner: 'crlf\r\nowner',
      }),
    ]);
    expect(csv).toContain(',"a,b",');
    expect(csv).toContain(',"say ""hi""",');
    expect(csv).toContain(',"line1\nline2",');
    const [, record] = parseCsv(csv);
    expect(record).toHaveLength(AUDIT_CSV_COLUMNS.length);
    expect(record[3]).toBe('a,b');
    expect(record[6]).toBe('say "hi"');
    expect(record[10]).toBe('line1\nline2');
    expect(record[11]).toBe('cr\rhere');
    expect(record[5]).toBe('crlf\r\nowner');
  });

  it.each([
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ['+1+2', `"'+1+2"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1:A2)', `"'@SUM(A1:A2)"`],
    ['\t=1', `"'\t=1"`],
    ['\r=1', `"'\r=1"`],
    ['=1,2', `"'=1,2"`],
  ])('neutralises the formula prefix of %j', (value, expected) => {
    expect(escapeCsvField(value)).toBe(expected);
    const csv = auditRowsToCsv([row({ workload: value })]);
    const [, record] = parseCsv(csv);
    expect(record[3]).toBe(`'${value}`);
  });

  it('leaves trigger characters alone when they are not first', () => {
    expect(escapeCsvField('a=b')).toBe('"a=b"');
    expect(escapeCsvField('web-frontend')).toBe('"web-frontend"');
    expect(escapeCsvField('')).toBe('""');
  });

  it('quotes every field, so a ;-separator spreadsheet cannot split x;=1+1 into a formula cell (issue 13 item 5)', () => {
    expect(escapeCsvField('x;=1+1')).toBe('"x;=1+1"');
    const [, record] = parseCsv(auditRowsToCsv([row({ workload: 'x;=1+1' })]));
    expect(record[3]).toBe('x;=1+1');
  });

  it('keeps unicode intact and can add a UTF-8 byte order mark', () => {
    const owner = 'group:default/équipe-数据-🚀';
    const csv = auditRowsToCsv([row({ owner })]);
    expect(parseCsv(csv)[1][5]).toBe(owner);
    expect(Buffer.from(csv, 'utf8').toString('utf8')).toBe(csv);
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);

    const withBom = auditRowsToCsv([row({ owner })], { byteOrderMark: true });
    expect(Buffer.from(withBom, 'utf8').subarray(0, 3)).toEqual(
      Buffer.from([0xef, 0xbb, 0xbf]),
    );
    expect(withBom.slice(1)).toBe(csv);
  });

  it('writes the mode, shares and counts as plain values', () => {
    const [, record] = parseCsv(
      auditRowsToCsv([
        row({ mode: 'MIXED', observedMtlsShare: 0.1 + 0.2, findings: 12 }),
      ]),
    );
    expect(record[9]).toBe('MIXED');
    expect(record[12]).toBe('0.3');
    expect(record[13]).toBe('12');
  });
});
