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
    expect(responseJson(response).toString('utf8')).toBe(
      JSON.stringify(response),
    );
    expect(JSON.parse(responseJson(response).toString('utf8'))).toEqual(
      JSON.parse(JSON.stringify(response)),
    );
  });

  it('encodes non-ASCII text as UTF-8', () => {
    const nodes = Object.freeze([{ id: 'a', title: 'Zahlungsdienst – Ü' }]);
    const bytes = responseJson({ nodes, window: '5m' });
    expect(JSON.parse(bytes.toString('utf8')).nodes[0].title).toBe(
      'Zahlungsdienst – Ü',
    );
    expect(bytes.length).toBe(
      Buffer.byteLength(JSON.stringify({ nodes, window: '5m' })),
    );
  });

  it('reuses the text of a frozen value, and re-serialises what can change', () => {
    const stringify = jest.spyOn(JSON, 'stringify');
    const nodes = Object.freeze([{ id: 'a' }, { id: 'b' }]);
    const open = [{ id: 'c' }];
    responseJson({ nodes, open });
    const calls = stringify.mock.calls.length;
    open.push({ id: 'd' });
    const text = responseJson({ nodes, open }).toString('utf8');
    // Only the two keys and the open array were serialised again.
    expect(stringify.mock.calls.length - calls).toBe(3);
    expect(stringify.mock.calls.slice(calls).map(([v]) => v)).not.toContain(
      nodes,
    );
    expect(JSON.parse(text).open).toEqual([{ id: 'c' }, { id: 'd' }]);
    stringify.mockRestore();
  });
});
