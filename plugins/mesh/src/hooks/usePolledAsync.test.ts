import { act, renderHook, waitFor } from '@testing-library/react';
import { usePolledAsync } from './usePolledAsync';

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('usePolledAsync', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('drops the value of the previous inputs while the new ones load', async () => {
    const pending = deferred<string>();
    const load = (key: string) =>
      key === 'web-frontend' ? Promise.resolve('web data') : pending.promise;
    const { result, rerender } = renderHook(
      ({ key }) => usePolledAsync(() => load(key), [key], 0),
      { initialProps: { key: 'web-frontend' } },
    );
    await waitFor(() => expect(result.current.value).toBe('web data'));

    rerender({ key: 'public-api' });
    expect(result.current.value).toBeUndefined();
    expect(result.current.loading).toBe(true);
    expect(result.current.reloading).toBe(false);

    await act(async () => pending.resolve('api data'));
    expect(result.current.value).toBe('api data');
  });

  it('does not show the previous inputs’ value next to their failure', async () => {
    const load = (key: string) =>
      key === 'web-frontend'
        ? Promise.resolve('web data')
        : Promise.reject(new Error('403 Forbidden'));
    const { result, rerender } = renderHook(
      ({ key }) => usePolledAsync(() => load(key), [key], 0),
      { initialProps: { key: 'web-frontend' } },
    );
    await waitFor(() => expect(result.current.value).toBe('web data'));

    rerender({ key: 'public-api' });
    await waitFor(() =>
      expect(result.current.error?.message).toBe('403 Forbidden'),
    );
    expect(result.current.value).toBeUndefined();
    expect(result.current.loading).toBe(false);
  });

  it('ignores a late answer for inputs that changed meanwhile', async () => {
    const slow = deferred<string>();
    const load = (key: string) =>
      key === 'first' ? slow.promise : Promise.resolve('second data');
    const { result, rerender } = renderHook(
      ({ key }) => usePolledAsync(() => load(key), [key], 0),
      { initialProps: { key: 'first' } },
    );
    rerender({ key: 'second' });
    await waitFor(() => expect(result.current.value).toBe('second data'));
    await act(async () => slow.resolve('first data'));
    expect(result.current.value).toBe('second data');
  });

  it('keeps the value of the same inputs while reloading and after a failed reload', async () => {
    jest.useFakeTimers();
    let calls = 0;
    const reload = deferred<string>();
    const fn = jest.fn(() => {
      calls += 1;
      return calls === 1 ? Promise.resolve('v1') : reload.promise;
    });
    const { result } = renderHook(() => usePolledAsync(fn, ['same'], 30_000));
    await act(async () => {});
    expect(result.current.value).toBe('v1');

    await act(async () => {
      jest.advanceTimersByTime(30_001);
    });
    expect(fn).toHaveBeenCalledTimes(2);
    expect(result.current.reloading).toBe(true);
    expect(result.current.value).toBe('v1');

    await act(async () => reload.reject(new Error('refresh failed')));
    expect(result.current.value).toBe('v1');
    expect(result.current.error?.message).toBe('refresh failed');
    expect(result.current.reloading).toBe(false);
  });

  it('does not poll when the interval is 0', async () => {
    jest.useFakeTimers();
    const fn = jest.fn(async () => 'v');
    renderHook(() => usePolledAsync(fn, [], 0));
    await act(async () => {
      jest.advanceTimersByTime(120_000);
    });
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
