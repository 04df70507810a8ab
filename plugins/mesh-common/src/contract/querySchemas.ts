import { z } from 'zod';
import { MESH_REQUEST_LIMITS as LIMITS } from './limits';
import {
  AUDIT_SORT_KEYS,
  COVERAGE_CLASSES,
  HISTORY_GROUP_BYS,
} from './vocabulary';
import { trafficWindowSchema } from './trafficWindowSchema';

/** A query parameter that may be repeated: always a list, bounded in count and length. */
const stringList = z
  .union([z.string(), z.array(z.string())])
  .transform(value => (Array.isArray(value) ? value : [value]))
  .pipe(
    z
      .array(
        z.string().min(1, 'must not be empty').max(LIMITS.filterValueLengthMax),
      )
      .max(LIMITS.filterValuesMax),
  );

/** A whole number in a range, at most nine digits so nothing huge is parsed. */
const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const bool = z
  .enum(['true', 'false', '1', '0'], {
    errorMap: () => ({ message: 'must be true or false' }),
  })
  .transform(value => value === 'true' || value === '1');

/** A rate window, normalised to its canonical spelling (`300s` becomes `5m`). */
const window = trafficWindowSchema;

const view = z.enum(['workload', 'service']);

/**
 * One part of an entity ref in a path: the characters Backstage allows in
 * kinds, namespaces and names. `/` and `:` would change the ref's structure.
 */
const entityRefPart = z
  .string()
  .min(1)
  .max(LIMITS.entityRefPartLengthMax)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'must be a catalog kind, namespace or name (letters, digits, ".", "_", "-")',
  );

/**
 * Path parameters `:namespace/:kind/:name` of an entity route.
 * @public
 */
export const entityParamsSchema = z.object({
  namespace: entityRefPart,
  kind: entityRefPart,
  name: entityRefPart,
});

/**
 * Query of `GET /audit` and `GET /audit/export.csv`.
 * @public
 */
export const auditQuerySchema = z
  .object({
    owner: stringList.optional(),
    cluster: stringList.optional(),
    namespace: stringList.optional(),
    system: stringList.optional(),
    state: z
      .union([z.string(), z.array(z.string())])
      .transform(value => (Array.isArray(value) ? value : [value]))
      .pipe(z.array(z.enum(COVERAGE_CLASSES)).max(COVERAGE_CLASSES.length))
      .optional(),
    notStrict: bool.optional(),
    q: z.string().max(LIMITS.searchLengthMax).optional(),
    sort: z.enum(AUDIT_SORT_KEYS).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    offset: integer(0, LIMITS.auditOffsetMax).optional(),
    limit: integer(1, LIMITS.auditPageSizeMax).optional(),
  })
  .strict();

/**
 * Query of `GET /graph/entity/...`.
 * @public
 */
export const entityGraphQuerySchema = z
  .object({
    depth: integer(1, LIMITS.graphDepthMax).optional(),
    window: window.optional(),
    view: view.optional(),
  })
  .strict();

/**
 * Query of `GET /graph/mesh`.
 * @public
 */
export const meshGraphQuerySchema = z
  .object({
    cluster: stringList.optional(),
    namespace: stringList.optional(),
    owner: stringList.optional(),
    system: stringList.optional(),
    limit: integer(1, LIMITS.meshGraphNodesMax).optional(),
    window: window.optional(),
    view: view.optional(),
    includeIdle: bool.optional(),
  })
  .strict();

/**
 * Query of `GET /mtls/entity/...`.
 * @public
 */
export const inboundMtlsQuerySchema = z
  .object({ window: window.optional() })
  .strict();

/**
 * The readiness windows served. An allow-list, as for rate windows: each
 * window is one query set per Prometheus and one cache entry, so the set
 * must stay small whatever clients send.
 * @public
 */
export const READINESS_WINDOWS = ['1d', '7d', '14d'] as const;

/** A readiness window, normalised (`168h` and `07d` are `7d`). */
const readinessWindow = z
  .string()
  .max(8)
  .transform((value, ctx) => {
    const match = /^(\d{1,4})([hd])$/.exec(value);
    const hours = match
      ? Number(match[1]) * (match[2] === 'd' ? 24 : 1)
      : Number.NaN;
    const canonical = `${hours / 24}d`;
    if (!(READINESS_WINDOWS as readonly string[]).includes(canonical)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `must be one of ${READINESS_WINDOWS.join(', ')}`,
      });
      return z.NEVER;
    }
    return canonical as (typeof READINESS_WINDOWS)[number];
  });

/**
 * Query of `GET /readiness/entity/...` and `GET /readiness/audit`.
 * @public
 */
export const readinessQuerySchema = z
  .object({ window: readinessWindow.optional() })
  .strict();

/**
 * Query of `GET /audit/history`.
 * @public
 */
export const historyQuerySchema = z
  .object({
    groupBy: z.enum(HISTORY_GROUP_BYS).optional(),
    key: stringList
      .pipe(z.array(z.string()).max(LIMITS.historyKeysMax))
      .optional(),
    days: integer(1, LIMITS.historyDaysMax).optional(),
  })
  .strict();

/**
 * Query of routes that take none.
 * @public
 */
export const emptyQuerySchema = z.object({}).strict();
