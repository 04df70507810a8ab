import { useUrlState } from '../shared/useUrlState';
import {
  AuditFilters,
  parseAuditFilters,
  serializeAuditFilters,
} from './auditFilters';

/** Keys whose change leaves the rows (and so the page) as they are. */
const KEEPS_PAGE = new Set(['page', 'findings']);

/**
 * Any change other than paging (or opening a findings list) returns to the
 * first page: the old page may no longer exist.
 */
function resetPageOnFilterChange(
  current: AuditFilters,
  change: Partial<AuditFilters>,
): AuditFilters {
  const resetsPage = Object.keys(change).some(key => !KEEPS_PAGE.has(key));
  return { ...current, ...(resetsPage ? { page: 0 } : {}), ...change };
}

/** The audit filters, kept in the URL query string so views can be shared. */
export function useAuditFilters(): [
  AuditFilters,
  (change: Partial<AuditFilters>) => void,
] {
  return useUrlState(
    parseAuditFilters,
    serializeAuditFilters,
    resetPageOnFilterChange,
  );
}
