import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { DAY_MS } from './period';
import { HISTORY_GROUP_BYS, type HistoryQuery } from './types';
import { MAX_QUERY_KEYS } from './HistoryStore';

/** Days shown when the client does not say. */
const DEFAULT_DAYS = 30;

/** Longest window a client may ask for (the default retention). */
const MAX_DAYS = 400;

const oneOrMany = z
  .union([z.string(), z.array(z.string())])
  .transform(value => (Array.isArray(value) ? value : [value]));

const schema = z.object({
  groupBy: z.enum(HISTORY_GROUP_BYS as [string, ...string[]]).default('all'),
  key: oneOrMany
    .pipe(z.array(z.string().min(1).max(512)).max(MAX_QUERY_KEYS))
    .optional(),
  days: z.coerce.number().int().min(1).max(MAX_DAYS).default(DEFAULT_DAYS),
});

/**
 * A validated `GET /audit/history` request.
 * @public
 */
export type ParsedHistoryQuery = HistoryQuery & { days: number };

/**
 * Validates the query string of `GET /audit/history`
 * (`groupBy=all|owner|cluster|namespace`, repeated `key`, `days` 1-400,
 * default 30) into a {@link HistoryQuery}.
 * @throws InputError when a parameter is invalid
 * @public
 */
export function parseHistoryQuery(
  query: unknown,
  now: Date = new Date(),
): ParsedHistoryQuery {
  const parsed = schema.safeParse(query ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map(issue => `${issue.path.join('.') || 'query'}: ${issue.message}`)
      .join('; ');
    throw new InputError(`Invalid coverage history query: ${detail}`);
  }
  const { groupBy, key, days } = parsed.data;
  return {
    groupBy: groupBy as HistoryQuery['groupBy'],
    keys: key,
    days,
    // `days` periods back including today: today's period plus days-1 before.
    since: new Date(now.getTime() - (days - 1) * DAY_MS),
  };
}
