/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF) into rows
 * of fields. A leading byte order mark is dropped. The reader of the audit
 * export (`GET /audit/export.csv`), for its consumers and tests.
 * @public
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * CSV rows as records keyed by the header row.
 * @public
 */
export function csvRecords(text: string): {
  header: string[];
  records: Array<Record<string, string>>;
} {
  const [header, ...rows] = parseCsv(text);
  return {
    header,
    records: rows.map(fields =>
      Object.fromEntries(header.map((name, i) => [name, fields[i] ?? ''])),
    ),
  };
}
