import type { LoggerService } from '@backstage/backend-plugin-api';

/** A logger that drops everything, so benchmark output holds only figures. */
export const silentLogger: LoggerService = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silentLogger;
  },
};

/**
 * One instant query over Prometheus's HTTP API, timed from the client. With
 * `stats`, Prometheus also reports its own execution time (`execMs`, NaN
 * otherwise); asking for it costs a little, so comparisons keep it off.
 */
export async function timedQuery(
  url: string,
  query: string,
  time: Date,
  options: { stats?: boolean } = {},
) {
  const started = performance.now();
  const response = await fetch(`${url}/api/v1/query`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      query,
      time: String(time.getTime() / 1000),
      ...(options.stats ? { stats: 'all' } : {}),
    }),
  });
  const text = await response.text();
  const wallMs = performance.now() - started;
  const body = JSON.parse(text);
  if (body.status !== 'success') {
    throw new Error(`query failed: ${body.error} for ${query.slice(0, 120)}`);
  }
  return {
    wallMs,
    execMs: (body.data?.stats?.timings?.execTotalTime ?? NaN) * 1000,
    series: body.data.result.length as number,
    bytes: text.length,
  };
}

/** The median of `values` (the upper one of an even count). */
export const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
