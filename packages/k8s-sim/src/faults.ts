import { FAULT_STATUS_CODES } from './status';

/**
 * A fault switch for one simulated cluster.
 *
 * - `none`: answer normally.
 * - `slow`: delay every response by `delayMs`.
 * - `status`: answer every request with a `Status` object of that HTTP code.
 * - `drop`: destroy the connection without answering.
 * - `down`: stop listening (connection refused) until the fault is cleared.
 *
 * @public
 */
export type Fault =
  | { mode: 'none' }
  | { mode: 'slow'; delayMs: number }
  | { mode: 'status'; status: 401 | 403 | 429 | 500 | 503 | 504 }
  | { mode: 'drop' }
  | { mode: 'down' };

/** The fault modes, for validation and messages. */
export const FAULT_MODES = ['none', 'slow', 'status', 'drop', 'down'] as const;

/** Raised for a fault description that makes no sense. */
export class InvalidFaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidFaultError';
  }
}

/**
 * Validates an untrusted fault description (from the control API or a
 * caller) and returns it in canonical form.
 *
 * @throws InvalidFaultError with a message saying what is wrong.
 */
export function parseFault(input: unknown): Fault {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidFaultError('a fault must be a JSON object with a "mode"');
  }
  const { mode, delayMs, status } = input as Record<string, unknown>;
  switch (mode) {
    case 'none':
    case 'drop':
    case 'down':
      return { mode };
    case 'slow':
      if (
        typeof delayMs !== 'number' ||
        !Number.isInteger(delayMs) ||
        delayMs < 0 ||
        delayMs > 600_000
      ) {
        throw new InvalidFaultError(
          'mode "slow" needs "delayMs", an integer between 0 and 600000',
        );
      }
      return { mode, delayMs };
    case 'status':
      if (typeof status !== 'number' || !FAULT_STATUS_CODES.includes(status)) {
        throw new InvalidFaultError(
          `mode "status" needs "status", one of ${FAULT_STATUS_CODES.join(
            ', ',
          )}`,
        );
      }
      return { mode, status: status as 401 | 403 | 429 | 500 | 503 | 504 };
    default:
      throw new InvalidFaultError(
        `"mode" must be one of ${FAULT_MODES.join(', ')}`,
      );
  }
}
