import { useUrlState } from '../shared/useUrlState';
import {
  AuditFilters,
  parseAuditFilters,
  serializeAuditFilters,
} from './auditFilters';

/** Any change other than paging returns to the first page: the old page may no longer exist. */
function resetPageOnFilterChange(
  current: AuditFilters,
  change: Partial<AuditFilters>,
): AuditFilters {
  const resetsPage = Object.keys(change).some(key => key !== 'page');
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
