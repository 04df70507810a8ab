import { InputError } from '@backstage/errors';

/** One day in milliseconds: the default recording period. */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** Shortest accepted period; shorter ones would flood the table. */
export const MIN_PERIOD_MS = 60 * 1000;

/**
 * Validates a period length in milliseconds.
 * @internal
 */
export function assertPeriodMs(periodMs: number, name: string): void {
  if (!Number.isSafeInteger(periodMs) || periodMs < MIN_PERIOD_MS) {
    throw new InputError(
      `${name} must be a whole number of milliseconds of at least ${MIN_PERIOD_MS}, got ${periodMs}`,
    );
  }
}

/**
 * Start of the period containing `at`. Periods are aligned to the Unix epoch
 * (UTC), so every replica computes the same start for the same moment; a
 * daily period starts at 00:00 UTC.
 * @internal
 */
export function periodStart(at: Date, periodMs: number): Date {
  const ms = at.getTime();
  if (!Number.isFinite(ms)) {
    throw new InputError('Invalid date given for the coverage history');
  }
  return new Date(Math.floor(ms / periodMs) * periodMs);
}
