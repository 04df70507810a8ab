import {
  DEFAULT_AUDIT_FILTERS,
  parseAuditFilters,
  serializeAuditFilters,
  toAuditQuery,
} from './auditFilters';

describe('audit filters', () => {
  it('round-trips through the URL query string', () => {
    const filters = {
      ...DEFAULT_AUDIT_FILTERS,
      owner: ['group:default/a', 'group:default/b'],
      cluster: ['compute'],
      state: ['outside' as const],
      notStrict: true,
      q: 'spark',
      sort: 'findings' as const,
      order: 'desc' as const,
      page: 2,
      pageSize: 50,
    };
    const params = serializeAuditFilters(filters);
    expect(params.getAll('owner')).toEqual([
      'group:default/a',
      'group:default/b',
    ]);
    expect(parseAuditFilters(new URLSearchParams(params.toString()))).toEqual(
      filters,
    );
  });

  it('drops unknown values from a hand-edited link', () => {
    const parsed = parseAuditFilters(
      new URLSearchParams(
        'state=bogus&state=strict&sort=drop&page=-1&pageSize=7',
      ),
    );
    expect(parsed.state).toEqual(['strict']);
    expect(parsed.sort).toBeUndefined();
    expect(parsed.page).toBe(0);
    expect(parsed.pageSize).toBe(25);
  });

  it('leaves defaults out of the URL', () => {
    expect(serializeAuditFilters(DEFAULT_AUDIT_FILTERS).toString()).toBe('');
  });

  it('pages the table query but not the export query', () => {
    const filters = { ...DEFAULT_AUDIT_FILTERS, page: 3, pageSize: 50 };
    expect(toAuditQuery(filters)).toEqual({ offset: 150, limit: 50 });
    expect(toAuditQuery(filters, [], false)).toEqual({});
  });

  it('"my teams" narrows owners to the user\'s teams', () => {
    const mine = ['user:default/ann', 'group:default/data-team'];
    const myTeams = { ...DEFAULT_AUDIT_FILTERS, myTeams: true };
    expect(toAuditQuery(myTeams, mine, false).owner).toEqual(mine);
    expect(
      toAuditQuery(
        {
          ...myTeams,
          owner: ['group:default/data-team', 'group:default/web-team'],
        },
        mine,
        false,
      ).owner,
    ).toEqual(['group:default/data-team']);
  });

  it('"my teams" without any team matches nothing instead of everything', () => {
    const query = toAuditQuery(
      { ...DEFAULT_AUDIT_FILTERS, myTeams: true },
      [],
      false,
    );
    expect(query.owner).toEqual(['<none>']);
  });
});
