import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  GraphSelection,
  parseGraphSelection,
  withGraphSelection,
} from './selection';

/**
 * The drawer's selection, kept in the URL: opening or closing the drawer
 * adds a history entry, so Back closes it (or reopens the previous one) and
 * a link shares it.
 */
export function useGraphSelection(): [
  GraphSelection | undefined,
  (selection: GraphSelection | undefined) => void,
] {
  const [params, setParams] = useSearchParams();
  const selection = useMemo(() => parseGraphSelection(params), [params]);
  const select = useCallback(
    (next: GraphSelection | undefined) =>
      setParams(previous => withGraphSelection(previous, next)),
    [setParams],
  );
  return [selection, select];
}
