import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { WINDOW_PATTERN } from '../config/window';

/** A query parameter that may be repeated: always a list. */
const stringList = z
  .union([z.string(), z.array(z.string())])
  .transform(value => (Array.isArray(value) ? value : [value]))
  .pipe(z.array(z.string().min(1, 'must not be empty').max(512)).max(100));

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const bool = z
  .enum(['true', 'false', '1', '0'], {
    errorMap: () => ({ message: 'must be true or false' }),
  })
  .transform(value => value === 'true' || value === '1');

/** A rate window such as `5m` (the config's rule); the telemetry service checks its bounds. */
const window = z
  .string()
  .regex(WINDOW_PATTERN, 'must be a number followed by s, m or h (e.g. "5m")');

const view = z.enum(['workload', 'service']);

/** `:namespace/:kind/:name` of an entity. */
export const entityParamsSchema = z.object({
  namespace: z.string().min(1).max(253),
  kind: z.string().min(1).max(253),
  name: z.string().min(1).max(253),
});

/** Query of `GET /audit` and `GET /audit/export.csv`. */
export const auditQuerySchema = z
  .object({
    owner: stringList.optional(),
    cluster: stringList.optional(),
    namespace: stringList.optional(),
    system: stringList.optional(),
    state: z
      .union([z.string(), z.array(z.string())])
      .transform(value => (Array.isArray(value) ? value : [value]))
      .pipe(
        z.array(
          z.enum(['strict', 'meshed-not-strict', 'outside', 'infrastructure']),
        ),
      )
      .optional(),
    notStrict: bool.optional(),
    q: z.string().max(200).optional(),
    sort: z
      .enum([
        'workload',
        'entity',
        'owner',
        'cluster',
        'namespace',
        'coverage',
        'mode',
        'observedMtlsShare',
        'findings',
      ])
      .optional(),
    order: z.enum(['asc', 'desc']).optional(),
    offset: integer(0, 10_000_000).optional(),
    limit: integer(1, 1000).optional(),
  })
  .strict();

/** Query of `GET /graph/entity/...`. */
export const entityGraphQuerySchema = z
  .object({
    depth: integer(1, 3).optional(),
    window: window.optional(),
    view: view.optional(),
  })
  .strict();

/** Query of `GET /graph/mesh`. */
export const meshGraphQuerySchema = z
  .object({
    cluster: stringList.optional(),
    namespace: stringList.optional(),
    owner: stringList.optional(),
    system: stringList.optional(),
    limit: integer(1, 5000).optional(),
    window: window.optional(),
    view: view.optional(),
  })
  .strict();

/** Query of `GET /mtls/entity/...`. */
export const inboundMtlsQuerySchema = z
  .object({ window: window.optional() })
  .strict();

/** Query of routes that take none. */
export const emptyQuerySchema = z.object({}).strict();

/**
 * Validates request input, turning every problem into one `InputError` that
 * names the parameter, e.g. `limit: must be a number`.
 */
export function parseInput<T extends z.ZodTypeAny>(
  schema: T,
  input: unknown,
): z.output<T> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.flatMap(issue =>
    issue.code === z.ZodIssueCode.unrecognized_keys
      ? issue.keys.map(key => `${key}: unknown parameter`)
      : [`${issue.path.join('.') || 'request'}: ${issue.message}`],
  );
  throw new InputError(`Invalid request: ${problems.join('; ')}`);
}
