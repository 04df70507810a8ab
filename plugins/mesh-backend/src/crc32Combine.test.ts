import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { crc32Combine } from './crc32Combine';

describe('crc32Combine', () => {
  it.each([0, 1, 7, 8, 255, 4096, 100_003])(
    'gives the CRC-32 of two runs joined (second run of %i bytes)',
    length => {
      const first = randomBytes(1000);
      const second = randomBytes(length);
      expect(
        crc32Combine(zlib.crc32(first), zlib.crc32(second), second.length),
      ).toBe(zlib.crc32(Buffer.concat([first, second])));
    },
  );

  it('starts from an empty first run', () => {
    const bytes = Buffer.from('{"nodes":[]}');
    expect(crc32Combine(0, zlib.crc32(bytes), bytes.length)).toBe(
      zlib.crc32(bytes),
    );
  });
});
