/**
 * JSON of values shared, unchanged, by many responses (a graph view's nodes,
 * edges and declared-vs-observed, kept per view by the telemetry service),
 * as UTF-8 bytes. Keyed by the value itself in a WeakMap, so the bytes live
 * exactly as long as the value they were made from: no size of their own to
 * bound, nothing to evict by hand.
 */
const encoded = new WeakMap<object, Buffer>();

function jsonBytesOf(value: unknown): Buffer {
  if (typeof value !== 'object' || value === null || !Object.isFrozen(value)) {
    return Buffer.from(JSON.stringify(value));
  }
  let bytes = encoded.get(value);
  if (bytes === undefined) {
    bytes = Buffer.from(JSON.stringify(value));
    encoded.set(value, bytes);
  }
  return bytes;
}

const OPEN = Buffer.from('{');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from('}');

/**
 * `JSON.stringify(response)` as UTF-8 bytes, reusing the bytes of every
 * frozen top-level value: the explorer's graph of 500 nodes (about 2 MB)
 * costs more to serialise than to compute, and most of it is the same for
 * every request until the next collection. The parts are copied into one
 * buffer: joining them as strings instead cost up to tens of milliseconds
 * per request (V8 flattens the joined string, then it is encoded again).
 * Only frozen values are reused, so a value that can still change is always
 * serialised afresh.
 * @internal
 */
export function responseJson(response: object): Buffer {
  const parts: Buffer[] = [OPEN];
  for (const [key, value] of Object.entries(response)) {
    // Members JSON.stringify would leave out.
    if (
      value === undefined ||
      typeof value === 'function' ||
      typeof value === 'symbol'
    ) {
      continue;
    }
    if (parts.length > 1) parts.push(COMMA);
    parts.push(Buffer.from(`${JSON.stringify(key)}:`), jsonBytesOf(value));
  }
  parts.push(CLOSE);
  return Buffer.concat(parts);
}
