import { InputError } from '@backstage/errors';
import { z } from 'zod';

// The request schemas are part of the wire contract shared with the frontend.
export {
  auditFindingsQuerySchema,
  auditQuerySchema,
  edgeDetailQuerySchema,
  emptyQuerySchema,
  entityGraphQuerySchema,
  entityParamsSchema,
  historyQuerySchema,
  inboundMtlsQuerySchema,
  meshGraphQuerySchema,
  readinessQuerySchema,
} from '@mesh-portal/plugin-mesh-common';

/** Longest part of a client's input quoted back in an error message. */
const QUOTED_KEY_MAX = 40;

/**
 * Validates request input, turning every problem into one `InputError` that
 * names the parameter, e.g. `limit: must be a whole number`. Unknown
 * parameter names are quoted back shortened and JSON-escaped, never verbatim.
 */
export function parseInput<T extends z.ZodTypeAny>(
  schema: T,
  input: unknown,
): z.output<T> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .slice(0, 10)
    .flatMap(issue =>
      issue.code === z.ZodIssueCode.unrecognized_keys
        ? issue.keys
            .slice(0, 10)
            .map(
              key =>
                `${JSON.stringify(
                  key.slice(0, QUOTED_KEY_MAX),
                )}: unknown parameter`,
            )
        : [`${issue.path.join('.') || 'request'}: ${issue.message}`],
    );
  throw new InputError(`Invalid request: ${problems.join('; ')}`);
}
