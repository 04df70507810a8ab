/**
 * How much of some traffic used mutual TLS: `full` only when every request
 * did (a rounded 99.96% still hides plaintext), `none` when none did,
 * `partial` in between and `unknown` without traffic or telemetry.
 * @public
 */
export type MtlsShareLevel = 'full' | 'partial' | 'none' | 'unknown';

/**
 * The {@link MtlsShareLevel} of a share (0-1), e.g. `partial` for 0.9996.
 * @public
 */
export function mtlsShareLevel(share: number | undefined): MtlsShareLevel {
  if (share === undefined || Number.isNaN(share)) {
    return 'unknown';
  }
  if (share >= 1) {
    return 'full';
  }
  return share <= 0 ? 'none' : 'partial';
}
