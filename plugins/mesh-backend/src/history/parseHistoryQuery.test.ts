import { InputError } from '@backstage/errors';
import { parseHistoryQuery } from './parseHistoryQuery';

const NOW = new Date('2026-11-26T08:00:00Z');

describe('parseHistoryQuery', () => {
  it('defaults to the mesh-wide series over 30 days', () => {
    expect(parseHistoryQuery({}, NOW)).toEqual({
      groupBy: 'all',
      keys: undefined,
      days: 30,
      since: new Date('2026-10-28T08:00:00Z'),
    });
  });

  it('accepts one or repeated keys and a day count', () => {
    expect(
      parseHistoryQuery(
        { groupBy: 'owner', key: 'group:default/web', days: '7' },
        NOW,
      ),
    ).toMatchObject({ groupBy: 'owner', keys: ['group:default/web'], days: 7 });
    expect(
      parseHistoryQuery(
        { groupBy: 'cluster', key: ['platform', 'compute'] },
        NOW,
      ).keys,
    ).toEqual(['platform', 'compute']);
  });

  it.each([
    ['an unknown groupBy', { groupBy: 'team' }, 'groupBy'],
    ['zero days', { days: '0' }, 'days'],
    ['more than 400 days', { days: '401' }, 'days'],
    ['a non-numeric day count', { days: 'abc' }, 'days'],
    ['an empty key', { key: '' }, 'key'],
    [
      'more than 200 keys',
      { key: Array.from({ length: 201 }, (_, i) => `k${i}`) },
      'key',
    ],
  ])('rejects %s', (_label, query, field) => {
    expect(() => parseHistoryQuery(query, NOW)).toThrow(InputError);
    expect(() => parseHistoryQuery(query, NOW)).toThrow(field);
  });
});
