import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  ExplorerFilters,
  parseExplorerFilters,
  serializeExplorerFilters,
} from './explorerFilters';

/** The explorer filters, kept in the URL query string so views can be shared. */
export function useExplorerFilters(): [
  ExplorerFilters,
  (change: Partial<ExplorerFilters>) => void,
] {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseExplorerFilters(params), [params]);
  const update = useCallback(
    (change: Partial<ExplorerFilters>) =>
      setParams(
        previous =>
          serializeExplorerFilters({
            ...parseExplorerFilters(previous),
            ...change,
          }),
        { replace: true },
      ),
    [setParams],
  );
  return [filters, update];
}
