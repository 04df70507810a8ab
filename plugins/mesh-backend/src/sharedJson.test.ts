import zlib from 'node:zlib';
import { responseGzip, responseJson } from './sharedJson';

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

describe('responseGzip (issue 14: compress shared graph parts once)', () => {
  const bigNodes = () =>
    Object.freeze(
      Array.from({ length: 2000 }, (_, i) => ({
        id: `entity:component:default/service-${i}@platform`,
        title: i % 7 === 0 ? 'Zahlungsdienst – Ü' : undefined,
      })),
    );

  it('gunzips to exactly the bytes of responseJson', () => {
    const nodes = bigNodes();
    const edges = Object.freeze(
      Array.from({ length: 3000 }, (_, i) => ({
        source: nodes[i % 2000].id,
        target: nodes[(i * 7) % 2000].id,
        requestsPerSecond: i / 3,
      })),
    );
    const response = {
      window: '5m',
      ageSeconds: 3,
      nodes,
      edges,
      small: Object.freeze({ truncated: false }),
      open: [{ id: 'c' }],
      // Unshared and large: compressed per response.
      large: Array.from({ length: 2000 }, (_, i) => `series-${i}`),
    };
    const { body, jsonBytes } = responseGzip(response);
    const json = responseJson(response);
    expect(zlib.gunzipSync(body).equals(json)).toBe(true);
    expect(jsonBytes).toBe(json.length);
    expect(body.length).toBeLessThan(json.length / 5);
  });

  it('compresses a shared part once and still changes with the rest', () => {
    const nodes = bigNodes();
    const deflate = jest.spyOn(zlib, 'deflateRawSync');
    const first = responseGzip({ ageSeconds: 1, nodes });
    const calls = deflate.mock.calls.length;
    const second = responseGzip({ ageSeconds: 2, nodes });
    // The shared part was compressed for the first response only; the few
    // bytes around it go into stored blocks.
    expect(deflate.mock.calls.length - calls).toBe(0);
    expect(deflate.mock.calls.map(([bytes]) => bytes)).toEqual([
      Buffer.from(JSON.stringify(nodes)),
    ]);
    deflate.mockRestore();
    expect(JSON.parse(zlib.gunzipSync(first.body).toString()).ageSeconds).toBe(
      1,
    );
    expect(JSON.parse(zlib.gunzipSync(second.body).toString())).toEqual({
      ageSeconds: 2,
      nodes: JSON.parse(JSON.stringify(nodes)),
    });
  });
});
