import zlib from 'node:zlib';
import { crc32Combine } from './crc32Combine';

/**
 * A frozen value's JSON as UTF-8 bytes, and, once a response was gzipped
 * with it, those bytes compressed on their own as a raw deflate segment.
 */
interface SharedPart {
  json: Buffer;
  gzip?: { deflated: Buffer; crc: number };
}

/**
 * JSON of values shared, unchanged, by many responses (a graph view's nodes,
 * edges and declared-vs-observed, kept per view by the telemetry service).
 * Keyed by the value itself in a WeakMap, so the bytes live exactly as long
 * as the value they were made from: no size of their own to bound, nothing
 * to evict by hand.
 */
const encoded = new WeakMap<object, SharedPart>();

function partOf(value: unknown): Buffer | SharedPart {
  if (typeof value !== 'object' || value === null || !Object.isFrozen(value)) {
    return Buffer.from(JSON.stringify(value));
  }
  let part = encoded.get(value);
  if (part === undefined) {
    part = { json: Buffer.from(JSON.stringify(value)) };
    encoded.set(value, part);
  }
  return part;
}

const OPEN = Buffer.from('{');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from('}');

/** The pieces of `JSON.stringify(response)`, frozen values as shared parts. */
function partsOf(response: object): Array<Buffer | SharedPart> {
  const parts: Array<Buffer | SharedPart> = [OPEN];
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
    parts.push(Buffer.from(`${JSON.stringify(key)}:`), partOf(value));
  }
  parts.push(CLOSE);
  return parts;
}

const jsonOf = (part: Buffer | SharedPart) =>
  Buffer.isBuffer(part) ? part : part.json;

/**
 * `JSON.stringify(response)` as UTF-8 bytes, reusing the bytes of every
 * frozen top-level value: the explorer's graph of 500 nodes (over 1 MB)
 * costs more to serialise than to compute, and most of it is the same for
 * every request until the next collection. The parts are copied into one
 * buffer: joining them as strings instead cost up to tens of milliseconds
 * per request (V8 flattens the joined string, then it is encoded again).
 * Only frozen values are reused, so a value that can still change is always
 * serialised afresh.
 * @internal
 */
export function responseJson(response: object): Buffer {
  return Buffer.concat(partsOf(response).map(jsonOf));
}

/**
 * Unshared bytes up to this size (the few keys and small values around the
 * shared parts) go into stored blocks: copying them costs less than setting
 * up a compressor per response, and they are a few hundred bytes.
 */
const STORED_MAX_BYTES = 16 * 1024;
const SEGMENT = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
/** gzip member header: deflate, no name, no time, unknown OS. */
const GZIP_HEADER = Buffer.from([
  0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff,
]);
/** A final, empty deflate block (fixed Huffman codes, end of block only). */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

/** Non-final stored deflate blocks holding `bytes` as they are. */
function storedBlocks(bytes: Buffer): Buffer[] {
  const blocks: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += 0xffff) {
    const chunk = bytes.subarray(start, start + 0xffff);
    const header = Buffer.alloc(5);
    // BFINAL 0, BTYPE 00 (stored), padded to the byte; LEN and its complement.
    header.writeUInt16LE(chunk.length, 1);
    header.writeUInt16LE(~chunk.length & 0xffff, 3);
    blocks.push(header, chunk);
  }
  return blocks;
}

function gzipOf(part: SharedPart) {
  part.gzip ??= {
    deflated: zlib.deflateRawSync(part.json, SEGMENT),
    crc: zlib.crc32(part.json),
  };
  return part.gzip;
}

/**
 * The same bytes as {@link responseJson}, gzipped, compressing the shared
 * parts once: each is kept as a raw deflate segment of its own (ended by a
 * sync flush, so segments join on byte boundaries and refer only to their
 * own bytes), and a response joins the segments of its parts behind a gzip
 * header and ends with a final empty block and the CRC-32 and length of the
 * whole (RFC 1951, 1952); the unshared bytes between them go into stored
 * blocks. Compressing the explorer's answer for every
 * request cost more CPU than everything else the server did for it
 * (gzip about 6 ms, brotli at the compression middleware's quality 4
 * about 12 ms, per 1.2 MB).
 * @internal
 */
export function responseGzip(response: object): {
  body: Buffer;
  /** Bytes of the JSON before compression. */
  jsonBytes: number;
} {
  const segments: Buffer[] = [GZIP_HEADER];
  let crc = 0;
  let length = 0;
  let pending: Buffer[] = [];
  const flushPending = () => {
    if (!pending.length) return;
    const bytes = Buffer.concat(pending);
    pending = [];
    if (bytes.length <= STORED_MAX_BYTES) segments.push(...storedBlocks(bytes));
    else segments.push(zlib.deflateRawSync(bytes, SEGMENT));
    crc = zlib.crc32(bytes, crc);
    length += bytes.length;
  };
  for (const part of partsOf(response)) {
    if (Buffer.isBuffer(part)) {
      pending.push(part);
      continue;
    }
    flushPending();
    const shared = gzipOf(part);
    segments.push(shared.deflated);
    crc = crc32Combine(crc, shared.crc, part.json.length);
    length += part.json.length;
  }
  flushPending();
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length % 2 ** 32, 4);
  segments.push(FINAL_BLOCK, trailer);
  return { body: Buffer.concat(segments), jsonBytes: length };
}
