import {
  DependencyList,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
import useInterval from 'react-use/lib/useInterval';

/**
 * State of {@link usePolledAsync}.
 */
export interface PolledAsyncState<T> {
  /**
   * The last value that loaded for the current inputs. It is kept while
   * reloading and after a failed reload, but never carried over to other
   * inputs (another entity, another window): their data is not this data.
   */
  value?: T;
  /** The error of the last finished attempt, if it failed. */
  error?: Error;
  /** True while the first load for the current inputs (no value yet) runs. */
  loading: boolean;
  /** True while a reload runs with a value already shown. */
  reloading: boolean;
  /** Load again now. */
  retry: () => void;
}

/** The outcome of the last finished attempt, tagged with its inputs. */
interface Settled<T> {
  generation: number;
  value?: T;
  error?: Error;
}

function sameDeps(a: DependencyList, b: DependencyList): boolean {
  return a.length === b.length && a.every((dep, i) => Object.is(dep, b[i]));
}

/**
 * A number that changes whenever `deps` change, so that results can be
 * tagged with the inputs that produced them.
 */
function useGeneration(deps: DependencyList): number {
  const ref = useRef<{ deps: DependencyList; generation: number }>();
  if (!ref.current || !sameDeps(ref.current.deps, deps)) {
    ref.current = { deps, generation: (ref.current?.generation ?? 0) + 1 };
  }
  return ref.current.generation;
}

/**
 * Runs `fn` now, whenever `deps` change, and every `intervalMs` (0 turns
 * polling off). A failed reload keeps the last value, so the page shows old
 * data next to the error instead of going blank; but when `deps` change the
 * old value is dropped at once, so one entity's data never shows under
 * another entity (or another window) while the new request runs or after it
 * fails.
 */
export function usePolledAsync<T>(
  fn: () => Promise<T>,
  deps: DependencyList,
  intervalMs: number,
): PolledAsyncState<T> {
  const generation = useGeneration(deps);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const [attempt, setAttempt] = useState(0);
  const [running, setRunning] = useState<number | undefined>(undefined);
  const [settled, setSettled] = useState<Settled<T> | undefined>(undefined);

  useEffect(() => {
    let cancelled = false;
    setRunning(generation);
    fnRef.current().then(
      value => {
        if (!cancelled) {
          setSettled({ generation, value });
          setRunning(undefined);
        }
      },
      error => {
        if (!cancelled) {
          // Keep the value of these same inputs next to the error.
          setSettled(previous => ({
            generation,
            value:
              previous?.generation === generation ? previous.value : undefined,
            error,
          }));
          setRunning(undefined);
        }
      },
    );
    return () => {
      cancelled = true;
    };
  }, [generation, attempt]);

  const retry = useCallback(() => setAttempt(count => count + 1), []);
  const inFlight = running === generation;

  useInterval(
    () => {
      if (!inFlight) {
        retry();
      }
    },
    intervalMs > 0 ? intervalMs : null,
  );

  // Only an outcome of the current inputs counts.
  const current = settled?.generation === generation ? settled : undefined;
  const value = current?.value;
  return {
    value,
    error: current?.error,
    loading: value === undefined && (!current || inFlight),
    reloading: value !== undefined && inFlight,
    retry,
  };
}
