import { DependencyList, useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/lib/useAsyncRetry';
import useInterval from 'react-use/lib/useInterval';

/**
 * State of {@link usePolledAsync}.
 */
export interface PolledAsyncState<T> {
  /**
   * The last value that loaded. It is kept while reloading (also after the
   * inputs change, until the new value arrives) and after a failed reload.
   */
  value?: T;
  /** The error of the last finished attempt, if it failed. */
  error?: Error;
  /** True while the first load (no value yet) runs. */
  loading: boolean;
  /** True while a reload runs with a value already shown. */
  reloading: boolean;
  /** Load again now. */
  retry: () => void;
}

/**
 * Runs `fn` now, whenever `deps` change, and every `intervalMs` (0 turns
 * polling off). Unlike `useAsyncRetry` alone, a failed reload keeps the last
 * value, so the page shows old data next to the error instead of going blank.
 */
export function usePolledAsync<T>(
  fn: () => Promise<T>,
  deps: DependencyList,
  intervalMs: number,
): PolledAsyncState<T> {
  const state = useAsyncRetry(fn, deps);
  const [lastValue, setLastValue] = useState<T | undefined>(undefined);
  const [lastError, setLastError] = useState<Error | undefined>(undefined);

  // The last outcome stays on screen while the next attempt runs, so a
  // failing backend does not make the error blink at every poll.
  useEffect(() => {
    if (state.loading) {
      return;
    }
    if (state.error) {
      setLastError(state.error);
    } else {
      setLastError(undefined);
      if (state.value !== undefined) {
        setLastValue(state.value);
      }
    }
  }, [state.loading, state.error, state.value]);

  useInterval(
    () => {
      if (!state.loading) {
        state.retry();
      }
    },
    intervalMs > 0 ? intervalMs : null,
  );

  const value = state.value ?? lastValue;
  return {
    value,
    error: state.loading ? lastError : state.error,
    loading: state.loading && value === undefined,
    reloading: state.loading && value !== undefined,
    retry: state.retry,
  };
}
