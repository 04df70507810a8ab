import { z } from 'zod';
import { parseWorkloadId } from './workloadId';
import { trafficWindowSchema } from './trafficWindowSchema';

/**
 * Longest workload id accepted as an edge end: four Kubernetes names (253
 * characters at most each) and their separators.
 * @public
 */
export const WORKLOAD_ID_LENGTH_MAX = 4 * 253 + 3;

/**
 * One part of a workload id: a Kubernetes name, label value or kind, or a
 * Backstage cluster name. Quotes, backslashes, braces and control characters
 * never reach a PromQL query.
 */
const WORKLOAD_ID_PART = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;

/** An edge end: a workload id `<cluster>/<namespace>/<kind>/<name>`. */
const edgeEnd = z
  .string()
  .max(WORKLOAD_ID_LENGTH_MAX)
  .refine(
    value => {
      const parts = parseWorkloadId(value);
      return (
        parts !== undefined &&
        Object.values(parts).every(part => WORKLOAD_ID_PART.test(part))
      );
    },
    {
      message:
        'must be a workload id <cluster>/<namespace>/<kind>/<name> of letters, digits, ".", "_" and "-"',
    },
  );

/**
 * Query of `GET /edge`: the traffic detail of one workload-to-workload edge.
 * @public
 */
export const edgeDetailQuerySchema = z
  .object({
    source: edgeEnd,
    destination: edgeEnd,
    window: trafficWindowSchema.optional(),
  })
  .strict();
