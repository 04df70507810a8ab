import { InputError } from '@backstage/errors';

/** The rate window used when neither config nor request names one. */
export const DEFAULT_WINDOW = '5m';

/** The scrape interval assumed when config does not name one (Istio's default). */
export const DEFAULT_SCRAPE_INTERVAL_SECONDS = 15;

/** Bounds of `mesh.telemetry.background.interval`. */
export const MIN_BACKGROUND_INTERVAL_MS = 1_000;
/** Bounds of `mesh.telemetry.background.interval`. */
export const MAX_BACKGROUND_INTERVAL_MS = 3_600_000;

/** A rate window: a whole number of seconds, minutes or hours. */
export const WINDOW_PATTERN = /^(\d+)([smh])$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/** The longest window we accept: a day (longer windows only cost Prometheus). */
const MAX_WINDOW_SECONDS = 24 * 3600;

/**
 * Validates a PromQL rate window such as `5m` and returns its length in
 * seconds. A rate needs at least two samples, so the window must span at
 * least two scrape intervals (Kiali hides shorter ones too, section 8 P4).
 */
export function parseWindow(
  window: string,
  scrapeIntervalSeconds: number = DEFAULT_SCRAPE_INTERVAL_SECONDS,
  what = 'window',
): number {
  const match = WINDOW_PATTERN.exec(window);
  if (!match) {
    throw new InputError(
      `${what} must be a number followed by s, m or h (e.g. "5m"), got ${JSON.stringify(
        String(window).slice(0, 40),
      )}`,
    );
  }
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2]];
  if (seconds < 2 * scrapeIntervalSeconds) {
    throw new InputError(
      `${what} "${window}" is shorter than two scrape intervals (${
        2 * scrapeIntervalSeconds
      }s); a rate needs at least two samples`,
    );
  }
  if (seconds > MAX_WINDOW_SECONDS) {
    throw new InputError(`${what} "${window}" is longer than 24h`);
  }
  return seconds;
}

/**
 * Validates a scrape interval such as `15s` or `1m` and returns it in
 * seconds.
 */
export function parseScrapeInterval(value: string): number {
  const match = /^(\d+)([sm])$/.exec(value);
  if (!match || Number(match[1]) === 0) {
    throw new InputError('must be a duration such as "15s" or "1m"');
  }
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
}
