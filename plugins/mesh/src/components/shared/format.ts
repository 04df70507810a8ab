/**
 * Formatting of telemetry and freshness figures, shared by the card, the
 * tab, the graph and the pages so that the same number reads the same way.
 */

/**
 * `0.973` → `97.3%`; shares that round to 100% but are not 1 read `>99.9%`
 * so that a little plaintext is never hidden.
 * @public
 */
export function formatPercent(share: number): string {
  if (share >= 1) {
    return '100%';
  }
  if (share <= 0) {
    return '0%';
  }
  const percent = share * 100;
  if (percent > 99.9) {
    return '>99.9%';
  }
  if (percent < 0.1) {
    return '<0.1%';
  }
  return `${Number(percent.toFixed(1))}%`;
}

/**
 * Requests per second, e.g. `12.5 req/s`, `0.02 req/s`.
 * @public
 */
export function formatRate(requestsPerSecond: number): string {
  if (requestsPerSecond >= 100) {
    return `${Math.round(requestsPerSecond)} req/s`;
  }
  if (requestsPerSecond >= 1) {
    return `${Number(requestsPerSecond.toFixed(1))} req/s`;
  }
  return `${Number(requestsPerSecond.toPrecision(2))} req/s`;
}

/**
 * Bytes per second, e.g. `1.2 KB/s`.
 * @public
 */
export function formatBytesRate(bytesPerSecond: number): string {
  const units = ['B/s', 'KB/s', 'MB/s', 'GB/s'];
  let value = bytesPerSecond;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${Number(value.toFixed(1))} ${units[unit]}`;
}

/**
 * Milliseconds, e.g. `42 ms`, `1.2 s`.
 * @public
 */
export function formatLatency(ms: number): string {
  if (ms >= 1000) {
    return `${Number((ms / 1000).toFixed(1))} s`;
  }
  return `${Number(ms.toPrecision(2))} ms`;
}

/**
 * An age in seconds as people say it: `just now`, `45 s`, `3 min`, `2 h`, `4 d`.
 * @public
 */
export function formatAge(seconds: number): string {
  if (seconds < 5) {
    return 'just now';
  }
  if (seconds < 60) {
    return `${Math.round(seconds)} s`;
  }
  if (seconds < 3600) {
    return `${Math.round(seconds / 60)} min`;
  }
  if (seconds < 86400) {
    return `${Math.round(seconds / 3600)} h`;
  }
  return `${Math.round(seconds / 86400)} d`;
}
