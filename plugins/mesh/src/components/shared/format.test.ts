import {
  formatAge,
  formatBytesRate,
  formatLatency,
  formatPercent,
  formatRate,
} from './format';

describe('formatPercent', () => {
  it.each([
    [1, '100%'],
    [0, '0%'],
    [0.973, '97.3%'],
    [0.08, '8%'],
    // A little plaintext is never rounded away to 100% or 0%.
    [0.99995, '>99.9%'],
    [0.00004, '<0.1%'],
  ])('%s → %s', (share, text) => {
    expect(formatPercent(share)).toBe(text);
  });
});

describe('rates, latency and age', () => {
  it('formats request rates with sensible precision', () => {
    expect(formatRate(250.4)).toBe('250 req/s');
    expect(formatRate(12.46)).toBe('12.5 req/s');
    expect(formatRate(0.0234)).toBe('0.023 req/s');
  });

  it('formats byte rates with units', () => {
    expect(formatBytesRate(512)).toBe('512 B/s');
    expect(formatBytesRate(1_250_000)).toBe('1.3 MB/s');
  });

  it('formats latency in ms or s', () => {
    expect(formatLatency(42)).toBe('42 ms');
    expect(formatLatency(1234)).toBe('1.2 s');
  });

  it('formats ages as people say them', () => {
    expect(formatAge(2)).toBe('just now');
    expect(formatAge(45)).toBe('45 s');
    expect(formatAge(180)).toBe('3 min');
    expect(formatAge(7200)).toBe('2 h');
    expect(formatAge(4 * 86400)).toBe('4 d');
  });
});
