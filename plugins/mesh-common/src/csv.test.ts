import { csvRecords, parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes and line breaks inside quotes', () => {
    expect(parseCsv('a,"b, ""c""","d\r\ne"\r\n1,2,3\r\n')).toEqual([
      ['a', 'b, "c"', 'd\r\ne'],
      ['1', '2', '3'],
    ]);
  });

  it('accepts LF line ends, a missing last line end and a byte order mark', () => {
    expect(parseCsv('\uFEFFx,y\n1,\n2,3')).toEqual([
      ['x', 'y'],
      ['1', ''],
      ['2', '3'],
    ]);
  });
});

describe('csvRecords', () => {
  it('keys each row by the header, missing fields empty', () => {
    expect(csvRecords('x,y\r\n1\r\n')).toEqual({
      header: ['x', 'y'],
      records: [{ x: '1', y: '' }],
    });
  });
});
