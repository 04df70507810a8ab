import { z } from 'zod';
import { TRAFFIC_WINDOWS, normalizeTrafficWindow } from './windows';

/**
 * A rate window parameter, normalised to its canonical spelling (`300s`
 * becomes `5m`); anything outside the allow-list is refused. Shared by every
 * query schema with a traffic window, so they accept exactly the same values.
 */
export const trafficWindowSchema = z
  .string()
  .max(16)
  .transform((value, ctx) => {
    const canonical = normalizeTrafficWindow(value);
    if (!canonical) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `must be one of ${TRAFFIC_WINDOWS.join(', ')}`,
      });
      return z.NEVER;
    }
    return canonical;
  });
