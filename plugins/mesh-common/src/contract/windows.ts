/**
 * The rate windows a client may ask for. A short allow-list rather than any
 * duration: each distinct window is its own Prometheus query set and its own
 * cache entry, so an open-ended set would let one caller fill the cache.
 * @public
 */
export const TRAFFIC_WINDOWS = ['1m', '5m', '15m', '1h', '6h', '24h'] as const;

/**
 * One of {@link TRAFFIC_WINDOWS}.
 * @public
 */
export type TrafficWindow = (typeof TRAFFIC_WINDOWS)[number];

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/** At most six digits: enough for a day in seconds, and no huge numbers to parse. */
const DURATION = /^(\d{1,6})([smh])$/;

/**
 * The length of a duration such as `5m`, `300s` or `05m` in seconds, or
 * undefined when it is not a whole number (at most six digits) of s, m or h.
 * @public
 */
export function durationSeconds(value: string): number | undefined {
  const match = DURATION.exec(value);
  return match ? Number(match[1]) * UNIT_SECONDS[match[2]] : undefined;
}

const WINDOW_BY_SECONDS = new Map<number, TrafficWindow>(
  TRAFFIC_WINDOWS.map(window => [durationSeconds(window)!, window]),
);

/**
 * The canonical spelling of a requested rate window (`300s`, `05m` and `5m`
 * all become `5m`), or undefined when it is not one of
 * {@link TRAFFIC_WINDOWS}. Callers key caches and build PromQL with the
 * canonical form only.
 * @public
 */
export function normalizeTrafficWindow(
  value: string,
): TrafficWindow | undefined {
  const seconds = durationSeconds(value.trim());
  return seconds === undefined ? undefined : WINDOW_BY_SECONDS.get(seconds);
}
