import { z } from 'zod';
import { WORKLOAD_ID_LENGTH_MAX } from './edgeDetail';
import { auditQuerySchema } from './querySchemas';

/**
 * Query of `GET /audit/findings`: the audit's filters and paging, plus an
 * optional workload id (a lookup key only, bounded in length) and severity.
 * @public
 */
export const auditFindingsQuerySchema = auditQuerySchema.extend({
  workload: z.string().min(1).max(WORKLOAD_ID_LENGTH_MAX).optional(),
  severity: z.enum(['error', 'warning', 'info']).optional(),
});
