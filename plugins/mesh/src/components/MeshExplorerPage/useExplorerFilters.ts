import { useUrlState } from '../shared/useUrlState';
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
  return useUrlState(parseExplorerFilters, serializeExplorerFilters);
}
