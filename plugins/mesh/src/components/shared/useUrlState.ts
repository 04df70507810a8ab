import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * A value kept in the URL query string, so that a view can be shared and
 * survives a reload. `parse` must accept any query string (dropping unknown
 * values); `serialize` should leave defaults out to keep links short.
 *
 * `adjust` sees the current value and the requested change, and returns the
 * next value; it defaults to merging the change in. The audit uses it to go
 * back to the first page whenever anything but the page changes.
 *
 * Every change that alters the URL pushes a history entry: Back undoes it.
 * Parameters `serialize` does not write (a drawer's selection) are dropped
 * by a change, which closes what they opened.
 */
export function useUrlState<T extends object>(
  parse: (params: URLSearchParams) => T,
  serialize: (value: T) => URLSearchParams,
  adjust: (current: T, change: Partial<T>) => T = (current, change) => ({
    ...current,
    ...change,
  }),
): [T, (change: Partial<T>) => void] {
  const [params, setParams] = useSearchParams();
  const value = useMemo(() => parse(params), [parse, params]);
  const update = useCallback(
    (change: Partial<T>) => {
      const next = serialize(adjust(parse(params), change));
      // One history entry per change, so Back restores the previous view;
      // a change that leaves the URL as it is adds none.
      if (next.toString() !== params.toString()) setParams(next);
    },
    [params, setParams, parse, serialize, adjust],
  );
  return [value, update];
}
