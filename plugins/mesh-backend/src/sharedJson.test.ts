import { responseJson } from './sharedJson';

describe('responseJson (issue 14: serialise shared graph parts once)', () => {
  it('gives the same text as JSON.stringify', () => {
    const nodes = Object.freeze([{ id: 'a', links: [{ url: 'u' }] }]);
    const response = {
      window: '5m',
      ageSeconds: 3,
      nodes,
      edges: Object.freeze([]),
      totalNodes: undefined,
      dependencies: { confirmed: [] },
    };
    expect(responseJson(response)).toBe(JSON.stringify(response));
    expect(JSON.parse(responseJson(response))).toEqual(
      JSON.parse(JSON.stringify(response)),
    );
  });

  it('reuses the text of a frozen value, and re-serialises what can change', () => {
    const stringify = jest.spyOn(JSON, 'stringify');
    const nodes = Object.freeze([{ id: 'a' }, { id: 'b' }]);
    const open = [{ id: 'c' }];
    responseJson({ nodes, open });
    const calls = stringify.mock.calls.length;
    open.push({ id: 'd' });
    const text = responseJson({ nodes, open });
    // Only the two keys and the open array were serialised again.
    expect(stringify.mock.calls.length - calls).toBe(3);
    expect(stringify.mock.calls.slice(calls).map(([v]) => v)).not.toContain(
      nodes,
    );
    expect(JSON.parse(text).open).toEqual([{ id: 'c' }, { id: 'd' }]);
    stringify.mockRestore();
  });
});
