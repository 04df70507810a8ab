/**
 * CRC-32 (the gzip polynomial, reflected) of two byte runs joined, from the
 * CRC of each and the length of the second, without reading the bytes again:
 * the CRC of the first is multiplied by x^(8·length) modulo the polynomial,
 * then the CRC of the second is added. A graph answer's 1 MB of shared parts
 * then costs a few multiplications instead of a pass over every byte.
 */
const POLY = 0xedb88320;

/** a·b modulo the polynomial, both reflected (bit 31 is x^0). */
function multiplyModP(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  let factor = b;
  for (;;) {
    if (a & m) {
      p ^= factor;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    factor = factor & 1 ? (factor >>> 1) ^ POLY : factor >>> 1;
  }
  return p >>> 0;
}

/** x^(2^k) modulo the polynomial for k = 0..31. */
const X_TO_2_TO_K: number[] = (() => {
  const table = [0x40000000]; // x^1
  for (let k = 1; k < 32; k++) {
    table.push(multiplyModP(table[k - 1], table[k - 1]));
  }
  return table;
})();

/** x^(n·2^k) modulo the polynomial. */
function xPowerModP(n: number, k: number): number {
  let p = 0x80000000; // x^0
  let rest = n;
  let bit = k;
  while (rest > 0) {
    if (rest % 2 === 1) p = multiplyModP(X_TO_2_TO_K[bit & 31], p);
    rest = Math.floor(rest / 2);
    bit += 1;
  }
  return p;
}

/**
 * The CRC-32 of `first` followed by `second`, given `crc32(first)`,
 * `crc32(second)` and `second.length`.
 * @internal
 */
export function crc32Combine(
  crcFirst: number,
  crcSecond: number,
  secondLength: number,
): number {
  // x^(8·length) = x^(length·2^3)
  return (
    (multiplyModP(xPowerModP(secondLength, 3), crcFirst) ^ crcSecond) >>> 0
  );
}
