import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  AuditFilters,
  parseAuditFilters,
  serializeAuditFilters,
} from './auditFilters';

/**
 * The audit filters, kept in the URL query string. Any change other than
 * paging returns to the first page, since the old page may no longer exist.
 */
export function useAuditFilters(): [
  AuditFilters,
  (change: Partial<AuditFilters>) => void,
] {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseAuditFilters(params), [params]);
  const update = useCallback(
    (change: Partial<AuditFilters>) => {
      setParams(
        previous => {
          const current = parseAuditFilters(previous);
          const resetsPage = Object.keys(change).some(key => key !== 'page');
          const next: AuditFilters = {
            ...current,
            ...(resetsPage ? { page: 0 } : {}),
            ...change,
          };
          return serializeAuditFilters(next);
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return [filters, update];
}
